import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, DEMO_PASSWORD, signIn } from './staff-helpers';

test('the sign-in page is translated, right-to-left in Arabic and axe clean', async ({ page }) => {
	for (const [lang, dir] of [
		['en', 'ltr'],
		['zh-hans', 'ltr'],
		['ar', 'rtl']
	] as const) {
		await page.goto(`/${lang}/staff/login`);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		await expect(page.locator('body')).not.toContainText('staff.');
		await expectNoAxeViolations(page);
	}
	// with JavaScript: the same errors, the summary takes focus
	await page.goto('/en/staff/login');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.locator('.error-summary')).toBeFocused();
	await expectNoAxeViolations(page);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('errors: a summary linking to each field, the message next to it, and one answer for unknown and wrong', async ({ page }) => {
		await page.goto('/en/staff/login');
		await page.getByRole('button', { name: 'Sign in' }).click();
		const summary = page.locator('.error-summary');
		await expect(summary.getByRole('link', { name: 'Enter your e-mail address' })).toHaveAttribute('href', '#email');
		await expect(summary.getByRole('link', { name: 'Enter your password' })).toHaveAttribute('href', '#password');
		await expect(page.locator('#email-error')).toHaveText('Enter your e-mail address');

		await page.getByLabel('E-mail address').fill('not-an-email');
		await page.getByLabel('Password').fill('whatever');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.locator('#email-error')).toContainText('right format');

		const answers: string[] = [];
		for (const email of ['nobody-here@anju.example.org', ACCOUNTS.officer.replace('1', '3')]) {
			await page.getByLabel('E-mail address').fill(email);
			await page.getByLabel('Password').fill('a wrong password');
			await page.getByRole('button', { name: 'Sign in' }).click();
			await expect(page.locator('#email-error')).toBeVisible();
			answers.push((await page.locator('#email-error').textContent()) ?? '');
			// the e-mail is kept, the password never echoed
			await expect(page.getByLabel('E-mail address')).toHaveValue(email);
			await expect(page.getByLabel('Password')).toHaveValue('');
		}
		expect(answers[0]).toContain('not right');
		expect(answers[1]).toBe(answers[0]);
	});

	test('signs in and out with plain forms', async ({ page }) => {
		await signIn(page, ACCOUNTS.officer);
		await expect(page).toHaveURL(/\/en\/staff\/review$/);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/en\/staff\/login\?notice=signedOut$/);
	});
});

test('the session cookie is HttpOnly, Secure, SameSite=Lax; sign-out ends it on the server', async ({ page, context, baseURL }) => {
	const login = await page.request.post('/en/staff/login', {
		form: { email: ACCOUNTS.volunteer, password: DEMO_PASSWORD },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	const setCookie = login.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('anju_session='))!.value;
	expect(setCookie).toMatch(/HttpOnly/);
	expect(setCookie).toMatch(/Secure/);
	expect(setCookie).toMatch(/SameSite=Lax/);
	expect(setCookie).toMatch(/Path=\//);
	const token = setCookie.split(';')[0].split('=')[1];
	expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(20); // ≥ 160 bits

	await context.clearCookies();
	await signIn(page, ACCOUNTS.volunteer);
	await expect(page).toHaveURL(/\/en\/staff\/tasks$/);
	const cookie = (await context.cookies()).find((c) => c.name === 'anju_session')!;
	expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' });
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page.getByRole('status')).toContainText('signed out');
	// the old token no longer opens anything, even when replayed
	await context.addCookies([{ ...cookie }]);
	const replay = await page.request.get('/en/staff/tasks', { maxRedirects: 0, headers: { cookie: `anju_session=${cookie.value}` } });
	expect(replay.status()).toBe(303);
	expect(replay.headers()['location']).toContain('/en/staff/login');
});

test('a cross-origin POST to the sign-in action is refused (CSRF)', async ({ request }) => {
	const res = await request.post('/en/staff/login', {
		form: { email: ACCOUNTS.admin, password: DEMO_PASSWORD },
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(403);
	expect(res.headers()['set-cookie'] ?? '').not.toContain('anju_session');
});

test('a wrong staff area answers 403, an anonymous visit goes to sign-in and back', async ({ page }) => {
	await page.goto('/en/staff/admin/audit');
	await expect(page).toHaveURL(/\/en\/staff\/login\?next=%2Fen%2Fstaff%2Fadmin%2Faudit$/);
	await page.getByLabel('E-mail address').fill(ACCOUNTS.admin);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/en\/staff\/admin\/audit$/);

	const other = await page.context().browser()!.newPage();
	await signIn(other, ACCOUNTS.partner);
	const res = await other.goto('/en/staff/review');
	expect(res!.status()).toBe(403);
	await other.close();
});
