import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, signIn } from './staff-helpers';

// A resident asks for help, and a volunteer takes it: two browser contexts side by side, a two-way
// conversation with an attached photo that appears live on the other side, completion and rating.
// Axe on every page on the way.

test('resident request → conversation with a photo → volunteer completes → resident rates', async ({ browser }) => {
	test.setTimeout(120_000);
	const resident = await (await browser.newContext()).newPage();
	const volunteer = await (await browser.newContext()).newPage();

	// the resident asks
	await resident.goto('/en/help');
	await expect(resident.getByRole('heading', { level: 1, name: 'Ask for an interpreter' })).toBeVisible();
	await expectNoAxeViolations(resident);
	await resident.getByRole('button', { name: 'Send request' }).click();
	await expect(resident.getByRole('alert')).toContainText('There is a problem');
	await expectNoAxeViolations(resident);
	await resident.getByLabel('Registering my place of stay').check();
	await resident.getByLabel('Written chat on this website').check();
	await resident.getByLabel('E-mail address').fill('resident-e2e@example.org');
	await resident.getByLabel('Your question (optional)').fill('I need help with my lease.');
	await resident.getByRole('button', { name: 'Send request' }).click();
	await resident.waitForURL(/\/en\/help\/HR-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	const reference = resident.url().split('/').pop()!;
	await expect(resident.getByText('Your request has been sent')).toBeVisible();
	await expect(resident.getByText('Waiting for a helper')).toBeVisible();
	await expectNoAxeViolations(resident);

	// a message with a photo of the lease clause
	const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#c0d0e0' } })
		.png()
		.toBuffer();
	await resident.getByLabel('Your message').fill('Here is the clause I do not understand.');
	await resident.getByLabel('Photo (optional)').setInputFiles({ name: 'clause.png', mimeType: 'image/png', buffer: photo });
	await resident.getByRole('button', { name: 'Send message' }).click();
	await expect(resident.getByText('Here is the clause I do not understand.')).toBeVisible();
	await expect(resident.getByRole('img', { name: 'Attached photo' })).toBeVisible();

	// the volunteer sees it on the board and claims it
	await signIn(volunteer, ACCOUNTS.volunteer);
	await volunteer.goto('/en/staff/tasks');
	await expectNoAxeViolations(volunteer);
	await volunteer.getByRole('button', { name: `Claim task ${reference}` }).click();
	await volunteer.waitForURL(/\/en\/staff\/tasks\/[0-9A-Z]{26}$/);
	await expect(volunteer.getByRole('heading', { level: 1, name: `Task ${reference}` })).toBeVisible();
	// the contact is visible while holding the claim
	await expect(volunteer.getByText('resident-e2e@example.org')).toBeVisible();
	await expect(volunteer.getByText('Here is the clause I do not understand.')).toBeVisible();
	await expect(volunteer.getByRole('img', { name: 'Attached photo' })).toBeVisible();
	await expectNoAxeViolations(volunteer);

	// the resident's page learns of the claim by itself (server-sent events)
	await expect(resident.getByText('A helper is on it')).toBeVisible({ timeout: 15_000 });

	// the volunteer answers; the answer appears on the resident's page without a reload
	await volunteer.getByLabel('Message to the resident').fill('The clause says the deposit is returned within 30 days.');
	await volunteer.getByRole('button', { name: 'Send message' }).click();
	await expect(volunteer.getByText('The clause says the deposit is returned within 30 days.')).toBeVisible();
	await expect(resident.getByText('The clause says the deposit is returned within 30 days.')).toBeVisible({ timeout: 15_000 });

	// and the resident replies
	await resident.getByLabel('Your message').fill('Thank you!');
	await resident.getByRole('button', { name: 'Send message' }).click();
	await expect(volunteer.getByText('Thank you!')).toBeVisible({ timeout: 15_000 });

	// the volunteer completes
	await volunteer.getByLabel('Time spent, in minutes').fill('15');
	await volunteer.getByLabel('Short note (optional)').fill('lease clause translated');
	await volunteer.getByRole('button', { name: 'Mark as completed' }).click();
	await volunteer.waitForURL(/\/en\/staff\/tasks\?completed=/);
	await expect(volunteer.getByTestId('completed')).toContainText('is marked completed. The resident has been told by e-mail');

	// the resident sees it completed, and rates the help
	await expect(resident.getByText('This request is completed. We hope it helped.')).toBeVisible({ timeout: 15_000 });
	await expectNoAxeViolations(resident);
	await resident.getByLabel('Excellent').check();
	await resident.getByRole('button', { name: 'Send rating' }).click();
	await expect(resident.getByText('Thank you for your rating (5 of 5).')).toBeVisible();
	await expectNoAxeViolations(resident);
});

test('the request page asks for the access code without the cookie, and works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/en/help');
	await page.getByLabel('Something else').check();
	await page.getByLabel('Phone call').check();
	await page.getByLabel('Phone number').fill('13812345678');
	await page.getByRole('button', { name: 'Send request' }).click();
	await page.waitForURL(/\/en\/help\/HR-/);
	const reference = page.url().split('/').pop()!;
	const code = (await page.locator('dl.codes dd').nth(1).innerText()).trim();
	await page.getByRole('button', { name: 'Cancel my request' }).click();
	await expect(page.getByText('This request was cancelled.')).toBeVisible();

	// another device: reference + code
	const other = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
	await other.goto(`/en/help/${reference}`);
	await expect(other.getByText('Enter the access code you received')).toBeVisible();
	await other.getByLabel('Access code').fill('WRONGCODE');
	await other.getByRole('button', { name: 'Open my request' }).click();
	await expect(other.getByText('We could not find a request with this reference and access code')).toBeVisible();
	await other.getByLabel('Access code').fill(code);
	await other.getByRole('button', { name: 'Open my request' }).click();
	await expect(other.getByText('Cancelled', { exact: true })).toBeVisible();
	// a cancelled request cannot be cancelled again: the button is gone
	await expect(other.getByRole('button', { name: 'Cancel my request' })).toHaveCount(0);
});

test('the access-code page of a request is accessible', async ({ page }) => {
	await page.goto('/en/help/HR-AAAA-BBBB');
	await expect(page.getByLabel('Access code')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('admins see coverage per language and hour', async ({ page }) => {
	await signIn(page, ACCOUNTS.admin);
	await page.goto('/en/staff/admin/coverage?day=0');
	await expect(page.getByRole('table')).toContainText('English');
	await expectNoAxeViolations(page);
});

test('partners see their queue', async ({ page }) => {
	await signIn(page, ACCOUNTS.partner);
	await page.goto('/en/staff/partner');
	await expect(page.getByRole('heading', { level: 1, name: 'Organisation queue' })).toBeVisible();
	await expectNoAxeViolations(page);
});

for (const lang of ['en', 'ar']) {
	test(`the help form's error summary names each field, in the page's order (${lang}, no JavaScript)`, async ({ browser }) => {
		const context = await browser.newContext({ javaScriptEnabled: false });
		const page = await context.newPage();
		await page.goto(`/${lang}/help`);
		// nothing chosen, nothing typed: several fields are missing at once
		await page.locator('form[action*="request"] button[type=submit]').click();
		const links = page.locator('.error-summary a');
		await expect(links.first()).toBeVisible();
		expect(await links.count()).toBeGreaterThan(1);
		const positions: number[] = [];
		for (const link of await links.all()) {
			const id = (await link.getAttribute('href'))!.slice(1);
			// a text field or select by its own label, a group of choices by its legend
			const label = await page.evaluate((id) => {
				const field = document.getElementById(id) as HTMLInputElement;
				const choice = field.type === 'radio' || field.type === 'checkbox';
				const named = choice ? field.closest('fieldset')!.querySelector('legend') : document.querySelector(`label[for="${id}"]`);
				return named!.textContent!.trim();
			}, id);
			expect(await link.innerText()).toContain(label);
			positions.push(await page.evaluate((id) => [...document.querySelectorAll('input, select, textarea')].indexOf(document.getElementById(id)!), id));
		}
		expect(positions).toEqual([...positions].sort((a, b) => a - b));
		await context.close();
	});
}
