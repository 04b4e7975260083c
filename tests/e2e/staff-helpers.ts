import type { Page } from '@playwright/test';

// Demo accounts (src/lib/server/demo/data.ts) and the demo password set by playwright.config.ts.
export const DEMO_PASSWORD = process.env.ANJU_DEMO_PASSWORD!;
export const ACCOUNTS = {
	volunteer: 'v01@anju.example.org',
	partner: 'legal1@anju.example.org',
	officer: 'officer1@anju.example.org',
	admin: 'admin@anju.example.org'
} as const;
export type StaffRole = keyof typeof ACCOUNTS;

/** The `anju_session=…` cookie of a fresh sign-in as `email`. */
export async function sessionCookie(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<string> {
	const res = await fetch(`${baseURL}/en/staff/login`, {
		method: 'POST',
		body: new URLSearchParams({ email, password }),
		headers: { origin: baseURL, accept: 'text/html' },
		redirect: 'manual'
	});
	await res.body?.cancel();
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('anju_session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-in as ${email} answered ${res.status}`);
	return cookie.split(';')[0];
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	// wait for hydration: typing into the server-rendered form before it would be undone by it
	await page.goto('/en/staff/login', { waitUntil: 'networkidle' });
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.endsWith('/staff/login'));
}
