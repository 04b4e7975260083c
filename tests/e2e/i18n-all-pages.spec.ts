import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bcp47, dirOf, LANGUAGES, type Lang } from '../../src/lib/i18n';
import { answerAll, newPerson, start, submit } from './declare-helpers';

// Issue 9's page gate: every resident page in every one of the 16 languages at 360 px — no raw
// translation key, no control wider than the screen or cut off at its edge, the right
// <html lang dir>, and axe clean (WCAG tags only, to keep the run short). Then 200 % zoom,
// reduced motion, the keyboard-only language switcher, and the fallback of unknown language codes.
//
// One declaration, one status access and one interpreter-help request are made once per worker
// (in English) and their cookies reused by every language, so each language costs page loads only.

const WIDTH = 360;
const SCREENSHOT_LANGS: readonly Lang[] = ['ar', 'zh-hans', 'th', 'ko'];
const SCREENSHOTS = path.join('tests', 'e2e', 'screenshots');
const RAW_KEY = /\b(common|declare|validation|findings|help|kiosk|email)\.[a-zA-Z]/;
const STEPS = ['declarant', 'document', 'person', 'stay', 'accommodation', 'host', 'contact'] as const;

test.use({ viewport: { width: WIDTH, height: 740 } });

// axe-core itself, loaded into every page of a context before the page's own scripts (an init
// script is not subject to the page's CSP). Calling axe.run in the page is several times faster
// than AxeBuilder, which re-injects the source each time and finishes every run in a new blank page.
const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js', { paths: [path.dirname(require.resolve('@axe-core/playwright'))] }), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type AxeViolation = { id: string; help: string; nodes: { target: string[] }[] };

async function axeViolations(page: Page): Promise<string[]> {
	const violations = await page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) }));
	}, WCAG_TAGS);
	return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

interface Seed {
	storage: Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['storageState']>>;
	reference: string;
	helpReference: string;
	verifyPath: string;
}

let seed: Promise<Seed> | undefined;

/** A submitted declaration (with receipt), its status access and a help request: cookies to reuse. */
async function makeSeed(browser: Browser): Promise<Seed> {
	const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 } });
	const page = await context.newPage();
	await start(page, 'en');
	const person = newPerson();
	await answerAll(page, 'en', person);
	const { reference, accessCode } = await submit(page, 'en');

	await page.goto('/en/status');
	await page.locator('#reference').fill(reference);
	await page.locator('#accessCode').fill(accessCode);
	await page.locator('main form button[type=submit]').click();
	await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));

	await page.goto(`/en/status/${reference}/receipt`);
	const verifyUrl = (await page.locator('.verify-url').first().textContent())!.trim();
	const verifyPath = new URL(verifyUrl).pathname;

	await page.goto('/en/help');
	await page.locator('#topic').check();
	await page.locator('#channel').check();
	await page.locator('#phone').fill('+33 6 12 34 56 78');
	await page.locator('form[action="?/request"] button[type=submit]').click();
	await expect(page).toHaveURL(/\/en\/help\/[A-Z0-9-]+$/);
	const helpReference = page.url().split('/').pop()!;

	const storage = await context.storageState();
	await context.close();
	return { storage, reference, helpReference, verifyPath };
}

/** Everything the gate asks of one rendered page. */
async function checkPage(page: Page, lang: Lang, what: string): Promise<void> {
	const where = `${lang} ${what} (${page.url()})`;
	await expect(page.locator('html'), where).toHaveAttribute('lang', bcp47(lang));
	await expect(page.locator('html'), where).toHaveAttribute('dir', dirOf(lang));
	await expect(page.locator('.lang-switch summary'), `${where}: language switcher`).toBeVisible();

	const text = await page.locator('body').innerText();
	const raw = RAW_KEY.exec(text);
	expect(raw ? text.slice(Math.max(0, raw.index - 40), raw.index + 60) : null, `${where}: raw translation key`).toBeNull();
	const title = await page.title();
	expect(RAW_KEY.test(title) ? title : null, `${where}: raw key in <title>`).toBeNull();

	const layout = await page.evaluate(() => {
		const width = window.innerWidth;
		const bad: string[] = [];
		const controls = document.querySelectorAll<HTMLElement>('input:not([type=hidden]), button, select, textarea, summary, a.button');
		for (const el of controls) {
			const style = getComputedStyle(el);
			const box = el.getBoundingClientRect();
			if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue; // not rendered (closed <details>, hidden part)
			if (el.closest('.visually-hidden')) continue;
			const name = `${el.tagName.toLowerCase()}#${el.id || ''}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
			if (box.left < -1 || box.right > width + 1) bad.push(`${name} spans ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`);
			// text cut off inside the control (a label wider than its button, a fixed-width box)
			if (['BUTTON', 'SUMMARY', 'A'].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1 && style.overflowX !== 'visible') bad.push(`${name} clips its text`);
		}
		// what sticks out when the page is wider than the screen: text runs (a long word) and boxes
		const wide: string[] = [];
		if (document.documentElement.scrollWidth > width) {
			const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
			for (let n = walker.nextNode(); n && wide.length < 5; n = walker.nextNode()) {
				const range = document.createRange();
				range.selectNodeContents(n);
				const right = range.getBoundingClientRect().right;
				if (right > width + 1) wide.push(`text in ${n.parentElement?.tagName.toLowerCase()} "${(n.textContent ?? '').trim().slice(0, 40)}" → ${Math.round(right)}`);
			}
			for (const el of document.querySelectorAll<HTMLElement>('body *')) {
				if (wide.length >= 8) break;
				const right = el.getBoundingClientRect().right;
				if (right > width + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1)) wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} → ${Math.round(right)}`);
			}
		}
		return { scrollWidth: document.documentElement.scrollWidth, width, bad, wide };
	});
	expect(layout.scrollWidth, `${where}: page wider than the screen: ${layout.wide.join('; ')}`).toBeLessThanOrEqual(layout.width);
	expect(layout.bad, `${where}: controls outside the screen`).toEqual([]);

	expect(await axeViolations(page), `${where}: axe`).toEqual([]);
}

async function visit(page: Page, lang: Lang, url: string, what: string): Promise<void> {
	const response = await page.goto(url);
	expect(response?.status(), `${lang} ${what}: ${url}`).toBeLessThan(400);
	await checkPage(page, lang, what);
}

test.describe('every resident page in every language at 360 px', () => {
	// the languages spread over both workers; each worker makes its own seed once
	test.describe.configure({ mode: 'parallel' });
	test.beforeAll(async ({ browser }) => {
		test.setTimeout(90_000);
		seed ??= makeSeed(browser);
		await seed;
	});

	for (const lang of LANGUAGES) {
		test(`${lang}`, async ({ browser }) => {
			test.setTimeout(120_000);
			const s = await seed!;
			const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, storageState: s.storage });
			await context.addInitScript({ content: AXE_SOURCE });
			const page = await context.newPage();

			await visit(page, lang, `/${lang}/`, 'home');
			// the submitted declaration's pages (its draft cookie is in the seed)
			await visit(page, lang, `/${lang}/declare/confirmation`, 'confirmation');
			await visit(page, lang, `/${lang}/status`, 'status look-up');
			await visit(page, lang, `/${lang}/status/${s.reference}`, 'status');
			await visit(page, lang, `/${lang}/status/${s.reference}/receipt`, 'receipt');
			await visit(page, lang, `/${lang}/help`, 'help request');
			await visit(page, lang, `/${lang}/help/${s.helpReference}`, 'help request status');
			await visit(page, lang, `${s.verifyPath}?lang=${lang}`, 'verify');

			// a new draft in this language: the start page, then every step and the check page
			await visit(page, lang, `/${lang}/declare`, 'declare start');
			if (SCREENSHOT_LANGS.includes(lang)) {
				fs.mkdirSync(SCREENSHOTS, { recursive: true });
				await page.screenshot({ path: path.join(SCREENSHOTS, `declare-start-${lang}-360.png`), fullPage: true });
			}
			await page.locator('#consent').check();
			await page.locator('main form[method=POST] button[type=submit]').click();
			await expect(page).toHaveURL(new RegExp(`/${lang}/declare/declarant$`));
			await checkPage(page, lang, 'step declarant');
			for (const step of STEPS.slice(1)) await visit(page, lang, `/${lang}/declare/${step}`, `step ${step}`);
			await visit(page, lang, `/${lang}/declare/check`, 'check answers');
			// an error summary as a resident sees it: nothing chosen on the first step
			await page.goto(`/${lang}/declare/declarant`);
			await page.locator('form.step-form button[type=submit]').click();
			await expect(page.locator('.error-summary[role=alert]')).toBeVisible();
			await checkPage(page, lang, 'step declarant with an error');
			await visit(page, lang, `/${lang}/declare/expired`, 'expired');
			await context.close();
		});
	}
});

test.describe('zoom, motion, keyboard', () => {
	for (const lang of ['en', 'ar'] as const) {
		test(`200 % zoom in ${lang}: the start page and the accommodation step reflow without scrolling sideways`, async ({ browser }) => {
			// A 1280×800 window at 200 % zoom lays pages out in 640 CSS px at two device pixels per CSS
			// pixel: exactly what the browser's zoom does to innerWidth and devicePixelRatio.
			const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
			const page = await context.newPage();
			await start(page, lang);
			for (const url of [`/${lang}/declare`, `/${lang}/declare/accommodation`]) {
				await page.goto(url);
				expect(await page.evaluate(() => window.devicePixelRatio)).toBe(2);
				const { scrollWidth, width, outside } = await page.evaluate(() => ({
					scrollWidth: document.documentElement.scrollWidth,
					width: window.innerWidth,
					outside: [...document.querySelectorAll<HTMLElement>('main input, main button, main select, main textarea')]
						.map((el) => el.getBoundingClientRect())
						.filter((r) => r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1)).length
				}));
				expect(scrollWidth, url).toBeLessThanOrEqual(width);
				expect(outside, url).toBe(0);
			}
			await context.close();
		});
	}

	test('with prefers-reduced-motion the first step still completes', async ({ page }) => {
		await page.emulateMedia({ reducedMotion: 'reduce' });
		expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
		await start(page, 'de');
		await page.locator('#declarant').check();
		await page.locator('form.step-form button[type=submit]').click();
		await expect(page).toHaveURL(/\/de\/declare\/document$/);
		// nothing animates
		const moving = await page.evaluate(() =>
			[...document.querySelectorAll('*')].filter((el) => {
				const s = getComputedStyle(el);
				return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
			}).length
		);
		expect(moving).toBe(0);
	});

	test('keyboard only: the language switcher is reached, opened and used, with focus visible', async ({ page }) => {
		await page.goto('/en/declare');
		const focusVisible = () =>
			page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				if (!el || el === document.body) return null;
				const s = getComputedStyle(el);
				return { tag: el.tagName, visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, text: (el.textContent ?? '').trim() };
			});
		let reached = false;
		for (let i = 0; i < 6 && !reached; i++) {
			await page.keyboard.press('Tab');
			const f = await focusVisible();
			expect(f?.visible, `focus ring on ${f?.tag} "${f?.text}"`).toBe(true);
			reached = f?.tag === 'SUMMARY';
		}
		expect(reached, 'the switcher is among the first tab stops').toBe(true);
		await page.keyboard.press('Enter');
		await expect(page.locator('.lang-switch details')).toHaveAttribute('open', '');
		// Tab through the list to Thai and follow it with Enter
		for (let i = 0; i < LANGUAGES.length; i++) {
			await page.keyboard.press('Tab');
			const f = await focusVisible();
			expect(f?.visible, `focus ring on ${f?.tag} "${f?.text}"`).toBe(true);
			if (f?.text === 'ไทย') break;
		}
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/th\/declare$/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'th');
	});
});

test.describe('language codes we do not have', () => {
	for (const [url, accept, expected] of [
		['/xx/', 'de-DE,de;q=0.9,en;q=0.5', '/de/'],
		['/xx/', 'sw-KE,sw;q=0.9', '/en/'],
		['/xx/', undefined, '/en/'],
		['/pt-br/declare', 'pt-BR,pt;q=0.9', '/pt/declare'],
		['/pt-br/declare', 'zh-TW', '/zh-hant/declare'],
		['/pt-br/declare', 'tlh', '/en/declare']
	] as const) {
		test(`${url} with Accept-Language ${accept ?? '(none)'} goes to ${expected}`, async ({ playwright, baseURL }) => {
			const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: accept ? { 'accept-language': accept } : {} });
			const res = await request.get(url, { maxRedirects: 0 });
			expect(res.status()).toBeGreaterThanOrEqual(300);
			expect(res.status()).toBeLessThan(400);
			expect(new URL(res.headers()['location'], baseURL).pathname).toBe(expected);
			// the page it lands on is in that language and offers the switcher
			const page = await request.get(expected);
			expect(page.status()).toBe(200);
			const html = await page.text();
			expect(html).toContain(`lang="${bcp47(expected.split('/')[1] as Lang)}"`);
			expect(html).toMatch(/class="lang-switch"/);
			await request.dispose();
		});
	}
});
