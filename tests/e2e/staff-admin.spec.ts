import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, signIn } from './staff-helpers';

test('an admin creates an account; its owner sets a password through the one-time link; deactivation ends the session', async ({ page, browser }) => {
	const email = `new.volunteer.${Date.now()}@example.org`;
	await signIn(page, ACCOUNTS.admin);
	await expect(page).toHaveURL(/\/en\/staff\/admin$/);
	await expectNoAxeViolations(page);

	await page.getByRole('link', { name: 'Accounts' }).first().click();
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Create an account' }).click();

	// errors first: nothing filled in
	await page.getByRole('button', { name: 'Create account' }).click();
	await expect(page.locator('.error-summary')).toBeFocused();
	await expect(page.locator('.error-summary li')).toHaveCount(3);
	await expectNoAxeViolations(page);

	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Name', { exact: true }).fill('Nadia Volunteer');
	await page.getByLabel('Volunteer interpreter').check();
	await page.getByRole('button', { name: 'Create account' }).click();
	const link = (await page.locator('.reset-link code').textContent())!.trim();
	expect(link).toMatch(/\/en\/staff\/reset\/[A-Za-z0-9_-]{43}$/);
	await expectNoAxeViolations(page);

	// the new owner, in another browser
	const owner = await browser.newContext();
	const ownerPage = await owner.newPage();
	await ownerPage.goto(link);
	await expectNoAxeViolations(ownerPage);
	for (const [password, message] of [
		['short one', 'at least 12 characters'],
		['Password2026!', 'too common']
	]) {
		await ownerPage.getByLabel('New password', { exact: true }).fill(password);
		await ownerPage.getByLabel('New password again').fill(password);
		await ownerPage.getByRole('button', { name: 'Set password' }).click();
		await expect(ownerPage.locator('#password-error')).toContainText(message);
	}
	await ownerPage.getByLabel('New password', { exact: true }).fill('amber kettle north river');
	await ownerPage.getByLabel('New password again').fill('amber kettle north river');
	await ownerPage.getByRole('button', { name: 'Set password' }).click();
	await expect(ownerPage).toHaveURL(/\/en\/staff\/login\?notice=passwordSet$/);

	// the link works once
	await ownerPage.goto(link);
	await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText('This link does not work');

	await signIn(ownerPage, email, 'amber kettle north river');
	await expect(ownerPage).toHaveURL(/\/en\/staff\/tasks$/);

	// the admin deactivates the account: the owner's session ends at once
	await page.goto('/en/staff/admin/accounts?q=' + encodeURIComponent(email));
	await page.getByRole('link', { name: email }).click();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Deactivate account' }).click();
	await expect(page.getByRole('status')).toContainText('deactivated');
	await ownerPage.reload();
	await expect(ownerPage).toHaveURL(/\/en\/staff\/login/);
	await owner.close();

	// every step is in the audit log
	await page.goto('/en/staff/admin/audit');
	await expectNoAxeViolations(page);
	for (const action of ['user.create', 'password_reset.issue', 'password_reset.use', 'login.success', 'user.deactivate']) {
		await expect(page.locator('td code', { hasText: action }).first()).toBeVisible();
	}
	await page.getByLabel('Action').selectOption('user.deactivate');
	await page.getByRole('button', { name: 'Apply filter' }).click();
	await expect(page).toHaveURL(/action=user.deactivate/);
	const actions = await page.locator('tbody td:nth-child(4) code').allTextContents();
	expect(new Set(actions)).toEqual(new Set(['user.deactivate']));
});

test('an admin cannot deactivate or demote their own account', async ({ page }) => {
	await signIn(page, ACCOUNTS.admin);
	await page.goto('/en/staff/admin/accounts?q=admin%40');
	await page.getByRole('link', { name: ACCOUNTS.admin }).click();
	await expect(page.getByRole('button', { name: 'Deactivate account' })).toHaveCount(0);
	await expect(page.getByLabel('Officer')).toBeDisabled();
});

test('organisations: list, edit, members; axe clean in Arabic', async ({ page }) => {
	await signIn(page, ACCOUNTS.admin);
	await page.goto('/ar/staff/admin/organisations');
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expectNoAxeViolations(page);
	await page.goto('/en/staff/admin/organisations');
	await page.locator('tbody a').first().click();
	await expectNoAxeViolations(page);
	await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
	await page.getByLabel('Languages').fill('en, xx');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.locator('#languages-error')).toContainText('supported languages');
	await page.getByLabel('Languages').fill('en, fr');
	await page.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('status')).toContainText('saved');
	await page.goto('/en/staff/admin/organisations/new');
	await expectNoAxeViolations(page);
});
