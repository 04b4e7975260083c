import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { noRawKeys } from './declare-helpers';
import { consent, draftRowOf, expectNoVisitorCookies, KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

test.use({ viewport: KIOSK_VIEWPORT });

test('after the idle time a countdown asks; one tap continues, no answer wipes everything and back shows nothing', async ({ page }) => {
	// shortened for the test: 3 s idle, then an 8 s warning (defaults 120 s and 20 s)
	await startVisit(page, 'en', '?idle=3&warn=8');
	await consent(page, 'en');
	const draft = await draftRowOf(page);
	await page.locator('#declarant').check();
	await page.locator('form.step-form button.continue').click();
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
	await page.locator('#number').fill('SECRET123');

	const dialog = page.getByRole('alertdialog');
	await expect(dialog).toBeVisible({ timeout: 6_000 });
	await expect(dialog.locator('button')).toBeFocused();
	await expect(page.getByTestId('idle-countdown')).toContainText(/\d seconds?/);
	await expectNoAxeViolations(page);
	await dialog.locator('button').click();
	await expect(dialog).toBeHidden();
	await expect(page.locator('#number')).toHaveValue('SECRET123');
	expect(draft.exists()).toBe(true);

	// this time nobody answers
	await page.locator('#number').fill('SECRET456');
	await page.locator('form.step-form button.continue').click(); // saves the answer on the server
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
	await expect(dialog).toBeVisible({ timeout: 6_000 });
	await expect(page).toHaveURL(/\/kiosk$/, { timeout: 12_000 });
	expect(draft.exists()).toBe(false);
	await expectNoVisitorCookies(page);
	await expect(page.locator('body')).not.toContainText('SECRET');

	// back through the history: every page of the visit leads to the attract screen
	for (let i = 0; i < 3; i++) {
		await page.goBack().catch(() => undefined);
		await expect(page).toHaveURL(/\/kiosk$/);
		await expect(page.locator('.language-grid')).toBeVisible();
		await expect(page.locator('body')).not.toContainText('SECRET');
		expect(await page.locator('input#number').count()).toBe(0);
	}
});

test('the timeouts can be shortened but not lengthened from the address bar', async ({ page }) => {
	await startVisit(page, 'en', '?idle=100000&warn=100000');
	await consent(page, 'en');
	// the server hands the page its times; asking for longer ones leaves the defaults
	const html = await (await page.request.get('/kiosk/en/declare/declarant')).text();
	expect(html).toMatch(/idleSeconds:\s*120\b/);
	expect(html).toMatch(/warningSeconds:\s*20\b/);
	expect(html).not.toContain('100000');
});

test('an error in the kiosk keeps the visitor in the kiosk: no way out, "finish" wipes the visit', async ({ page }) => {
	await startVisit(page, 'en');
	await consent(page, 'en');
	const draft = await draftRowOf(page);
	const response = await page.goto('/kiosk/en/declare/no-such-step');
	expect(response!.status()).toBe(404);
	await expect(page.locator('main h1')).toHaveText('Something went wrong');
	await expect(page.locator('main')).toContainText('We could not find that page.');
	await noRawKeys(page);
	// the only link leads back to the kiosk's start, with the visit and its answers
	const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	expect(hrefs).toEqual(['/kiosk/en']);
	await expectNoAxeViolations(page);
	await page.getByRole('link', { name: 'Back to the start' }).click();
	await expect(page).toHaveURL(/\/kiosk\/en$/);
	expect(draft.exists()).toBe(true);

	await page.goto('/kiosk/en/declare/no-such-step');
	await page.getByRole('button', { name: 'Finish and clear' }).click();
	await expect(page).toHaveURL(/\/kiosk$/);
	await expect(page.locator('.language-grid')).toBeVisible();
	expect(draft.exists()).toBe(false);
	await expectNoVisitorCookies(page);
	await page.goBack();
	await expect(page).toHaveURL(/\/kiosk$/);
	await expect(page.locator('.language-grid')).toBeVisible();
});

test('the kiosk error page still wipes a visitor who walks away', async ({ page }) => {
	await startVisit(page, 'en', '?idle=3&warn=8');
	await consent(page, 'en');
	const draft = await draftRowOf(page);
	await page.goto('/kiosk/en/declare/no-such-step');
	await expect(page.locator('main h1')).toHaveText('Something went wrong');
	await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 6_000 });
	await expect(page).toHaveURL(/\/kiosk$/, { timeout: 12_000 });
	expect(draft.exists()).toBe(false);
	await expectNoVisitorCookies(page);
});
