import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { bcp47, dirOf, LANGUAGES, type Lang } from '../../src/lib/i18n';
import { qrSvg } from '../../src/lib/server/qr';
import { expectNoAxeViolations } from './axe';
import { KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

// Issue 13 point 11: the attract screen's welcome in the 16 languages, and the QR code on the
// interpreter confirmation, at the kiosk's portrait 1080 × 1920.
test.use({ viewport: KIOSK_VIEWPORT });

const welcome = (lang: Lang): string => (JSON.parse(fs.readFileSync(`locales/${lang}/kiosk.json`, 'utf8')) as { attract: { title: string } }).attract.title;
const byTag = new Map(LANGUAGES.map((l) => [bcp47(l), l]));

/** The 16 welcomes stand still as a list, each item in its own language and direction. */
async function expectStillList(page: Page): Promise<void> {
	const items = page.getByTestId('welcome-list').locator('li');
	await expect(items).toHaveCount(16);
	for (const [i, lang] of LANGUAGES.entries()) {
		await expect(items.nth(i)).toHaveAttribute('lang', bcp47(lang));
		await expect(items.nth(i)).toHaveAttribute('dir', dirOf(lang));
		await expect(items.nth(i)).toHaveText(welcome(lang));
	}
	await expect(page.getByTestId('welcome-current')).toHaveCount(0);
	await expect(page.getByTestId('welcome-toggle')).toHaveCount(0);
}

test('the attract screen cycles its welcome through the 16 languages, each with its lang and dir, and can be paused', async ({ page }) => {
	await page.clock.install();
	await page.goto('/kiosk');
	const current = page.getByTestId('welcome-current');
	await expect(current).toBeVisible();
	await expect(page.getByTestId('welcome-list')).toHaveCount(0);
	// stop the page's clock (just ahead of its own time, which runFor has moved on from ours)
	const pause = async () => page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
	await pause();

	// sixteen steps of 3 s show sixteen different languages, each in its own script and direction
	const seen: Lang[] = [];
	for (let step = 0; step < 16; step++) {
		const tag = (await current.getAttribute('lang'))!;
		const lang = byTag.get(tag)!;
		expect(lang, tag).toBeDefined();
		await expect(current).toHaveAttribute('dir', dirOf(lang));
		await expect(current.locator('.welcome-title')).toHaveText(welcome(lang));
		seen.push(lang);
		await page.clock.runFor(3000);
		await expect(current).not.toHaveAttribute('lang', tag);
	}
	expect([...seen].sort()).toEqual([...LANGUAGES].sort());

	// Pause stops it (WCAG 2.2.2), Resume starts it again
	const toggle = page.getByTestId('welcome-toggle');
	await toggle.click();
	const still = (await current.getAttribute('lang'))!;
	await page.clock.runFor(30_000);
	await expect(current).toHaveAttribute('lang', still);
	await page.clock.resume();
	await expectNoAxeViolations(page);
	await pause();
	await toggle.click();
	await page.clock.runFor(3000);
	await expect(current).not.toHaveAttribute('lang', still);
});

test('with reduced motion the welcome does not move: the 16 languages stand as a list', async ({ page }) => {
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.goto('/kiosk');
	await page.waitForLoadState('networkidle');
	await page.waitForTimeout(3500);
	await expectStillList(page);
	await expectNoAxeViolations(page);
});

test('without JavaScript the welcome is the list of the 16 languages', async ({ browser }) => {
	const context = await browser.newContext({ viewport: KIOSK_VIEWPORT, javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await page.goto('/kiosk');
		await expectStillList(page);
	} finally {
		await context.close();
	}
});

test('the interpreter confirmation shows a QR code of the follow-up URL, and the URL as text', async ({ page }) => {
	await startVisit(page, 'ur');
	await page.locator('.kiosk-nav a.kiosk-help-link').click();
	await expect(page).toHaveURL(/\/kiosk\/ur\/help$/);
	await page.locator('button.kiosk-call').click();
	const reference = (await page.getByTestId('help-reference').textContent())!.trim();
	await expect(page.getByTestId('help-reference')).toHaveCSS('white-space', 'nowrap'); // one word, never split
	const followUrl = (await page.getByTestId('help-follow-url').textContent())!.trim();
	expect(new URL(followUrl).pathname).toBe(`/ur/help/${reference}`);
	const qr = page.getByTestId('help-follow-qr');
	await expect(qr.locator('svg')).toBeVisible();
	await expect(qr).toHaveAttribute('data-url', followUrl);
	// the code is the follow-up URL: the same modules as qrcode draws for it
	const drawn = await qr.locator('svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
	const expected = [...(await qrSvg(followUrl)).matchAll(/\sd="([^"]+)"/g)].map((m) => m[1]);
	expect(drawn).toEqual(expected);
	// big enough to scan from a phone held at the kiosk, and inside the screen
	const box = (await qr.locator('svg').boundingBox())!;
	expect(box.width).toBeGreaterThanOrEqual(250);
	expect(box.x + box.width).toBeLessThanOrEqual(KIOSK_VIEWPORT.width);
	await expect(page.locator('.panel[role=status] a')).toHaveCount(0);
	await expectNoAxeViolations(page);
});
