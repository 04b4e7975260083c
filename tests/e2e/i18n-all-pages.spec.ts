import { expect, test, type Browser, type BrowserContext, type Cookie, type Page } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bcp47, dirOf, LANGUAGES, type Lang } from '../../src/lib/i18n';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { answerAll, e2eDb, newPerson, passportPng, start, submit } from './declare-helpers';
import { KIOSK_VIEWPORT } from './kiosk-helpers';
import { ACCOUNTS, DEMO_PASSWORD } from './staff-helpers';

// Issue 9's page gate: every resident page in every one of the 16 languages at 360 px — no raw
// translation key, no control wider than the screen or cut off at its edge, the right
// <html lang dir>, and axe clean (WCAG tags only, to keep the run short). Then 200 % zoom,
// reduced motion, the keyboard-only language switcher, and the fallback of unknown language codes.
//
// One declaration, one status access and one interpreter-help request are made once per worker
// (in English) and their cookies reused by every language, so each language costs page loads only.
// Two more declarations go to review through the API and an officer decides them over HTTP — one
// asked for more information (the answer form), one rejected with a reason and a note — so the
// status page is seen in all three states a resident meets. The kiosk's pages (the attract screen,
// the visit's start, consent, a question and "continue on your phone", at the kiosk's 1080 px) and
// the phone's landing page (live and gone, at 360 px) come last in each language, since arriving
// at /kiosk ends the visitor's cookies.

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

interface StatusSeed {
	reference: string;
	/** the resident's status-access cookie for this declaration */
	cookie: Cookie;
}

interface Seed {
	storage: Awaited<ReturnType<BrowserContext['storageState']>>;
	reference: string;
	helpReference: string;
	verifyPath: string;
	needsInformation: StatusSeed;
	rejected: StatusSeed;
}

const QUESTION = 'Please tell us how you entered China.';
const REJECTION_NOTE = 'Please register at Xinhua police station.';
let declarationSeed = 700_000 + Math.floor(Math.random() * 100_000);

/** A declaration that goes to review (USA on the 30-day visa-free basis), sent through the API. */
async function pendingDeclaration(context: BrowserContext): Promise<{ reference: string; accessCode: string }> {
	const upload = await context.request.post('/api/v1/uploads', { multipart: { file: { name: 'p.png', mimeType: 'image/png', buffer: await passportPng() } } });
	const { id } = (await upload.json()) as { id: string };
	const addresses = (await (await context.request.get('/api/v1/addresses?q=Huayuan')).json()) as { items: { id: string; kind: string }[] };
	const body = validDeclaration(new Date(), { person: { nationality: 'USA' } }, declarationSeed++);
	body.document.photoUploadId = id;
	body.accommodation.addressId = addresses.items.find((a) => a.kind === 'residential')!.id;
	const res = await context.request.post('/api/v1/declarations', { data: body });
	expect(res.status()).toBe(201);
	const json = (await res.json()) as { reference: string; accessCode: string; status: string };
	expect(json.status).toBe('pending_review');
	return json;
}

/** An officer's decision through the review console's own form action (signed in over HTTP). */
async function officerDecides(officer: BrowserContext, origin: string, reference: string, action: 'request' | 'reject', form: Record<string, string>): Promise<void> {
	const db = e2eDb();
	let row: { id: string; version: number };
	try {
		row = db.prepare('select id, version from declarations where reference = ?').get(reference) as { id: string; version: number };
	} finally {
		db.close();
	}
	const res = await officer.request.post(`/en/staff/review/${row.id}?/${action}`, { form: { version: String(row.version), ...form }, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(res.status(), `officer ${action} on ${reference}`).toBe(303);
	expect(res.headers()['location']).toContain(`/staff/review/${row.id}?decided=`);
}

/** The status look-up as a resident does it; returns the status-access cookie it sets. */
async function lookUp(page: Page, reference: string, accessCode: string): Promise<Cookie> {
	await page.goto('/en/status');
	await page.locator('#reference').fill(reference);
	await page.locator('#accessCode').fill(accessCode);
	await page.locator('main form button[type=submit]').click();
	await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));
	return (await page.context().cookies()).find((c) => c.name === 'anju_status')!;
}

let seed: Promise<Seed> | undefined;

/**
 * A submitted declaration (with receipt), its status access and a help request: cookies to reuse;
 * and the status-access cookies of a declaration that needs information and of a rejected one.
 */
async function makeSeed(browser: Browser): Promise<Seed> {
	const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 } });
	const page = await context.newPage();

	// the officer's decisions first, so the resident's look-ups below see them
	const [asked, refused] = [await pendingDeclaration(context), await pendingDeclaration(context)];
	const officer = await browser.newContext();
	await page.goto('/en/');
	const origin = new URL(page.url()).origin;
	const login = await officer.request.post('/en/staff/login', { form: { email: ACCOUNTS.officer, password: DEMO_PASSWORD }, headers: { origin, accept: 'text/html' }, maxRedirects: 0 });
	expect(login.status(), 'officer sign-in').toBe(303);
	await officerDecides(officer, origin, asked.reference, 'request', { question: QUESTION });
	await officerDecides(officer, origin, refused.reference, 'reject', { reason: 'not_in_jurisdiction', note: REJECTION_NOTE });
	await officer.close();
	const needsInformation = { reference: asked.reference, cookie: await lookUp(page, asked.reference, asked.accessCode) };
	const rejected = { reference: refused.reference, cookie: await lookUp(page, refused.reference, refused.accessCode) };

	await start(page, 'en');
	const person = newPerson();
	await answerAll(page, 'en', person);
	const { reference, accessCode } = await submit(page, 'en');
	await lookUp(page, reference, accessCode);

	await page.goto(`/en/status/${reference}/receipt`);
	const verifyUrl = (await page.locator('.verify-url').first().textContent())!.trim();
	const verifyPath = new URL(verifyUrl).pathname;

	// after hydration: the help page loses what was chosen or typed before its JavaScript ran (a
	// known defect, to be fixed; this seed only needs the request)
	await page.goto('/en/help', { waitUntil: 'networkidle' });
	await page.locator('#topic').check();
	await page.locator('#channel').check();
	await page.locator('#phone').fill('+33 6 12 34 56 78');
	await page.locator('form[action="?/request"] button[type=submit]').click();
	await expect(page).toHaveURL(/\/en\/help\/[A-Z0-9-]+$/);
	const helpReference = page.url().split('/').pop()!;

	const storage = await context.storageState();
	await context.close();
	return { storage, reference, helpReference, verifyPath, needsInformation, rejected };
}

/**
 * How a page offers other languages: the site's switcher, the kiosk visit's, the attract screen's
 * grid of language buttons, or nothing.
 */
type Switcher = 'site' | 'kiosk' | 'attract' | 'none';
const SWITCHERS: Record<Exclude<Switcher, 'none'>, string> = {
	site: '.lang-switch summary',
	kiosk: '.kiosk-lang summary',
	attract: '.language-grid button >> nth=0'
};

/** Everything the gate asks of one rendered page. */
async function checkPage(page: Page, lang: Lang, what: string, switcher: Switcher = 'site'): Promise<void> {
	const where = `${lang} ${what} (${page.url()})`;
	await expect(page.locator('html'), where).toHaveAttribute('lang', bcp47(lang));
	await expect(page.locator('html'), where).toHaveAttribute('dir', dirOf(lang));
	if (switcher !== 'none') await expect(page.locator(SWITCHERS[switcher]), `${where}: language switcher`).toBeVisible();

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
				if (right > width + 1 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 1))
					wide.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} → ${Math.round(right)}`);
			}
		}
		return { scrollWidth: document.documentElement.scrollWidth, width, bad, wide };
	});
	expect(layout.scrollWidth, `${where}: page wider than the screen: ${layout.wide.join('; ')}`).toBeLessThanOrEqual(layout.width);
	expect(layout.bad, `${where}: controls outside the screen`).toEqual([]);

	expect(await axeViolations(page), `${where}: axe`).toEqual([]);
}

async function visit(page: Page, lang: Lang, url: string, what: string, o: { switcher?: Switcher; status?: number } = {}): Promise<void> {
	const response = await page.goto(url);
	if (o.status) expect(response?.status(), `${lang} ${what}: ${url}`).toBe(o.status);
	else expect(response?.status(), `${lang} ${what}: ${url}`).toBeLessThan(400);
	await checkPage(page, lang, what, o.switcher);
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
			// the officer asked a question: the answer form, then the same with its errors and the
			// corrections opened
			await context.addCookies([s.needsInformation.cookie]);
			await visit(page, lang, `/${lang}/status/${s.needsInformation.reference}`, 'status: more information needed');
			await expect(page.locator('.question-text')).toHaveText(QUESTION);
			await page.locator('form[action="?/answer"] button[type=submit]').click();
			await expect(page.locator('.error-summary')).toBeVisible();
			if ((await page.locator('details.amend[open]').count()) === 0) await page.locator('.amend summary').click();
			await expect(page.locator('.amend #number')).toBeVisible();
			await checkPage(page, lang, 'status: the answer with an error, corrections open');
			// the officer rejected it: the reason and the officer's note
			await context.addCookies([s.rejected.cookie]);
			await visit(page, lang, `/${lang}/status/${s.rejected.reference}`, 'status: rejected');
			await expect(page.getByTestId('rejection-reason')).not.toBeEmpty();
			await expect(page.getByText(REJECTION_NOTE)).toBeVisible();
			await visit(page, lang, `/${lang}/help`, 'help request');
			await visit(page, lang, `/${lang}/help/${s.helpReference}`, 'help request status');
			// the same request from another browser: the page asks for the access code
			await context.clearCookies({ name: 'anju_help' });
			await visit(page, lang, `/${lang}/help/${s.helpReference}`, 'help request: access code');
			await expect(page.locator('#accessCode')).toBeVisible();
			await visit(page, lang, `${s.verifyPath}?lang=${lang}`, 'verify');
			await visit(page, lang, `/${lang}/no-such-page`, 'not found', { status: 404 });

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
			await page.locator('form.step-form button.continue').click();
			await expect(page.locator('.error-summary[role=alert]')).toBeVisible();
			await checkPage(page, lang, 'step declarant with an error');
			await visit(page, lang, `/${lang}/declare/expired`, 'expired');
			await visit(page, lang, `/${lang}/declare/continue/not-a-live-token`, 'continue on the phone: gone');
			await expect(page.locator('main form')).toHaveCount(0);

			// the kiosk, last: arriving at /kiosk clears the visitor cookies of everything above. Its
			// pages are checked on the kiosk's own screen (1080 × 1920 portrait), the only one they meet.
			await page.setViewportSize(KIOSK_VIEWPORT);
			await visit(page, lang, `/kiosk?lang=${lang}`, 'kiosk attract screen', { switcher: 'attract' });
			await page.locator(`.language-grid button[value="${lang}"]`).click();
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}$`));
			await checkPage(page, lang, 'kiosk start', 'kiosk');
			await page.locator(`a[href="/kiosk/${lang}/declare"]`).click();
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare$`));
			await checkPage(page, lang, 'kiosk consent', 'kiosk');
			await page.locator('#consent').check();
			await page.locator('main form button[type=submit]').click();
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare/declarant$`));
			await checkPage(page, lang, 'kiosk step declarant', 'kiosk');
			await page.locator('.kiosk-phone-link a').click();
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare/phone$`));
			await checkPage(page, lang, 'kiosk continue on your phone', 'kiosk');
			// the phone's end of that QR code, while it is live (opening it takes nothing)
			const handover = new URL((await page.getByTestId('handover-qr').getAttribute('data-url'))!);
			await page.setViewportSize({ width: WIDTH, height: 740 });
			await visit(page, lang, handover.pathname, 'continue on the phone');
			await expect(page.locator('main form button[type=submit]')).toBeVisible();
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
		await page.locator('form.step-form button.continue').click();
		await expect(page).toHaveURL(/\/de\/declare\/document$/);
		// nothing animates
		const moving = await page.evaluate(
			() =>
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
