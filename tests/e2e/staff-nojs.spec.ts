import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, signIn } from './staff-helpers';

// The staff boards without JavaScript: the polling fallback for the server-sent events is an
// automatic reload every 30 seconds that the user turns on (?auto=1) and can stop.

const refreshMeta = (page: Page) => page.locator('head meta[http-equiv="refresh"]');

/**
 * Axe on the page as a browser without JavaScript builds it. Axe is a script and cannot run in
 * such a page, so the page's HTML is shown to a second page with its scripts taken out and its
 * <noscript> contents as plain elements — the same elements a browser without JavaScript has.
 * `optInRefresh`: see where it is used.
 */
async function expectNoAxeViolationsWithoutJs(page: Page, browser: Browser, { optInRefresh = false } = {}): Promise<void> {
	const url = page.url();
	const html = (await (await page.request.get(url)).text()).replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/<\/?noscript>/g, '');
	// a context of its own: contexts made in this file inherit `javaScriptEnabled: false`
	const context = await browser.newContext({ javaScriptEnabled: true });
	try {
		const copy = await context.newPage();
		await copy.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
		await copy.goto(url);
		if (!optInRefresh) return await expectNoAxeViolations(copy);
		const results = await new AxeBuilder({ page: copy }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).disableRules(['meta-refresh']).analyze();
		expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
	} finally {
		await context.close();
	}
}

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const [role, path] of [
		['volunteer', '/en/staff/tasks'],
		['partner', '/en/staff/partner']
	] as const) {
		test(`${role}: the board reloads itself every 30 seconds only when asked, and stops when asked`, async ({ page, browser }) => {
			await signIn(page, ACCOUNTS[role]);
			await page.goto(path);
			// off by default
			await expect(refreshMeta(page)).toHaveCount(0);
			await expectNoAxeViolationsWithoutJs(page, browser);

			await page.getByRole('link', { name: 'Update every 30 seconds' }).click();
			await expect(page).toHaveURL(`${path}?auto=1`);
			await expect(refreshMeta(page)).toHaveAttribute('content', '30');
			// (getByText skips <noscript>, which a browser without JavaScript shows)
			await expect(page.locator('p', { hasText: 'This page updates itself every 30 seconds.' })).toBeVisible();
			// the server's HTML keeps it in <noscript>, so that with JavaScript the live updates do the work
			const html = await (await page.request.get(`${path}?auto=1`)).text();
			expect(html).toMatch(/<noscript><meta http-equiv="refresh" content="30"\s*\/?><\/noscript>/);
			// the manual refresh keeps the choice
			await expect(page.getByRole('link', { name: 'Refresh', exact: true })).toHaveAttribute('href', `${path}?auto=1`);
			// axe's meta-refresh rule fails any delayed refresh (WCAG 2.2.1, F41) because it cannot tell
			// that this one was turned on by the user, who can stop it on the page; every other rule holds
			await expectNoAxeViolationsWithoutJs(page, browser, { optInRefresh: true });

			await page.getByRole('link', { name: 'Stop updating' }).click();
			await expect(page).toHaveURL(path);
			await expect(refreshMeta(page)).toHaveCount(0);
			await expect(page.getByRole('link', { name: 'Update every 30 seconds' })).toBeVisible();
			await expectNoAxeViolationsWithoutJs(page, browser);
		});
	}

	test('volunteer: a new task appears on the self-updating board without touching it', async ({ page }) => {
		test.setTimeout(90_000);
		await signIn(page, ACCOUNTS.volunteer);
		await page.goto('/en/staff/tasks?auto=1');
		const created = await page.request.post('/api/v1/help-requests', {
			data: { language: 'en', topic: 'other', channel: 'chat', contact: { email: 'nojs-board@example.org' } }
		});
		expect(created.status()).toBe(201);
		const { reference } = (await created.json()) as { reference: string };
		await expect(page.getByRole('button', { name: `Claim task ${reference}` })).toBeVisible({ timeout: 45_000 });
		// still updating after the reload
		await expect(page).toHaveURL('/en/staff/tasks?auto=1');
		await expect(page.getByRole('link', { name: 'Stop updating' })).toBeVisible();
	});

	test('Chinese and Arabic: the controls are translated', async ({ page }) => {
		await signIn(page, ACCOUNTS.volunteer);
		for (const [lang, start, stop] of [
			['zh-hans', '每 30 秒自动更新', '停止自动更新'],
			['ar', 'تحديث تلقائي كل 30 ثانية', 'إيقاف التحديث']
		] as const) {
			await page.goto(`/${lang}/staff/tasks`);
			await page.getByRole('link', { name: start }).click();
			await expect(refreshMeta(page)).toHaveAttribute('content', '30');
			await page.getByRole('link', { name: stop }).click();
			await expect(page).toHaveURL(`/${lang}/staff/tasks`);
		}
	});
});

test('with JavaScript: no update link and no reload, the live updates keep the board current', async ({ page }) => {
	await signIn(page, ACCOUNTS.volunteer);
	await page.goto('/en/staff/tasks?auto=1', { waitUntil: 'networkidle' });
	await expect(page.getByRole('heading', { level: 1, name: 'Interpreter tasks' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Update every 30 seconds' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Stop updating' })).toHaveCount(0);
	await expect(refreshMeta(page)).toHaveCount(0);
});
