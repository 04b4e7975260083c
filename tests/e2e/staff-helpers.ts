import { request, type APIRequestContext, type Page } from '@playwright/test';

// Demo accounts (src/lib/server/demo/data.ts) and the demo password set by playwright.config.ts.
export const DEMO_PASSWORD = process.env.ANJU_DEMO_PASSWORD!;
export const ACCOUNTS = {
	volunteer: 'v01@anju.example.org',
	partner: 'legal1@anju.example.org',
	officer: 'officer1@anju.example.org',
	admin: 'admin@anju.example.org'
} as const;
export type StaffRole = keyof typeof ACCOUNTS;

/**
 * An HTTP client signed in as `email`, for checks without a browser. The session cookie is
 * Secure, which Playwright's HTTP client keeps back from http://127.0.0.1 (Chromium itself treats
 * 127.0.0.1 as secure and sends it), so it is passed on explicitly.
 */
export async function signedInRequest(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
	const login = await request.newContext({ baseURL });
	const res = await login.post('/en/staff/login', {
		form: { email, password },
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
	const cookie = res.headersArray().find((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('anju_session='));
	await login.dispose();
	if (res.status() !== 303 || !cookie) throw new Error(`sign-in as ${email} answered ${res.status()}`);
	return request.newContext({ baseURL, extraHTTPHeaders: { cookie: cookie.value.split(';')[0] } });
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/en/staff/login');
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.endsWith('/staff/login'));
}
