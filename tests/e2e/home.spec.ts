import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';

test.use({ viewport: { width: 360, height: 740 } });

for (const [lang, htmlLang, dir] of [
	['en', 'en', 'ltr'],
	['zh-hans', 'zh-Hans', 'ltr'],
	['ar', 'ar', 'rtl']
] as const) {
	test(`home page in ${lang}: lang, dir, translated, axe clean at 360 px`, async ({ page }) => {
		await page.goto(`/${lang}/`);
		await expect(page.locator('html')).toHaveAttribute('lang', htmlLang);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		await expect(page.getByRole('heading', { level: 1 })).not.toBeEmpty();
		// no raw keys on the page
		await expect(page.locator('body')).not.toContainText('common.');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
		expect(overflow).toBe(false);
		await expectNoAxeViolations(page);
	});
}

test('the root redirects by Accept-Language, an unknown prefix falls back', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'zh-CN', extraHTTPHeaders: { 'accept-language': 'zh-CN,zh;q=0.9' } });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page).toHaveURL(/\/zh-hans\/?$/);
	await page.goto('/xx/declare');
	// the cookie set by the visit above now wins over the header
	await expect(page).toHaveURL(/\/zh-hans\/declare/);
	await context.close();
});

test('the language switcher names each language in itself and keeps the page', async ({ page }) => {
	await page.goto('/en/');
	await page.locator('.lang-switch summary').click();
	const arabic = page.getByRole('link', { name: 'العربية' });
	await expect(arabic).toHaveAttribute('lang', 'ar');
	await arabic.click();
	await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
	await expect(page).toHaveURL(/\/ar\/?$/);
});

test('security headers and CSP with a nonce on pages', async ({ request }) => {
	const res = await request.get('/en/');
	const h = res.headers();
	expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
	expect(h['content-security-policy']).toContain("object-src 'none'");
	expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(h['strict-transport-security']).toContain('max-age=');
	expect(h['x-content-type-options']).toBe('nosniff');
	const health = await request.get('/healthz');
	expect(await health.json()).toEqual({ status: 'ok' });
});
