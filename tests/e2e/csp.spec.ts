import { expect, test } from '@playwright/test';
import { signIn, ACCOUNTS } from './staff-helpers';

// No page breaks its own Content Security Policy: every resident, kiosk and staff page loads and
// hydrates without a single violation (reported as a `securitypolicyviolation` event and a console
// error).

const RESIDENT = ['/en/', '/ar/', '/zh-hans/declare', '/en/status', '/en/help', '/en/staff/login', '/verify/not-a-token'];
const KIOSK = ['/kiosk', '/kiosk/en/', '/kiosk/zh-hans/declare'];
const STAFF = ['/en/staff/review', '/en/staff/dashboard', '/en/staff/admin/accounts', '/en/staff/tasks'];

test('no CSP violations on resident, kiosk and staff pages', async ({ page }) => {
	const violations: string[] = [];
	await page.exposeFunction('__reportViolation', (text: string) => void violations.push(text));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			(window as unknown as { __reportViolation: (s: string) => void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample} at ${location.pathname}`);
		});
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) violations.push(`${msg.text()} at ${page.url()}`);
	});

	const visit = async (path: string) => {
		await page.goto(path, { waitUntil: 'networkidle' });
		// a client-side navigation too: the route announcer and transitions render then
		await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
	};
	for (const path of [...RESIDENT, ...KIOSK]) await visit(path);
	// a client-side navigation within the app
	await page.goto('/en/', { waitUntil: 'networkidle' });
	await page.locator('a[href="/en/declare"]').first().click();
	await page.waitForURL('**/en/declare');
	await page.waitForLoadState('networkidle');

	await signIn(page, ACCOUNTS.admin);
	for (const path of STAFF) await visit(path);
	expect(violations).toEqual([]);
});
