// Page weight of the resident pages, as a phone on a roaming connection would download them.
// Starts nothing: point it at a running server.
//
//   npx tsx scripts/measure-weight.ts http://127.0.0.1:3000 [lang]
//
// Loads /{lang}/declare in a fresh Chromium (empty cache: a first visit), then walks to the first
// steps with the same browser (cache warm, as a resident would), and reports per page the bytes
// transferred on the wire (compressed, headers included) and the JavaScript among them.
// Budget (issue 4): first visit to /{lang}/declare ≤ 150 KB in total, ≤ 80 KB JavaScript on any page.

import { chromium, type Browser, type Page } from '@playwright/test';

export const TOTAL_BUDGET = 150 * 1024;
export const JS_BUDGET = 80 * 1024;

export interface Weight {
	page: string;
	total: number;
	js: number;
	requests: number;
}

async function measure(page: Page, url: string, go: () => Promise<unknown>): Promise<Weight> {
	const client = await page.context().newCDPSession(page);
	await client.send('Network.enable');
	const types = new Map<string, string>();
	const sizes = new Map<string, number>();
	client.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
	client.on('Network.loadingFinished', (e) => sizes.set(e.requestId, e.encodedDataLength));
	await go();
	await page.waitForLoadState('networkidle');
	await client.detach();
	let total = 0;
	let js = 0;
	for (const [id, bytes] of sizes) {
		total += bytes;
		if (types.get(id) === 'Script') js += bytes;
	}
	return { page: url, total, js, requests: sizes.size };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Weighs the journey's pages in one language: the first visit, then each page cold (empty cache). */
export async function measureJourney(browser: Browser, base: string, lang: string): Promise<{ results: Weight[]; firstVisit: Weight; maxJs: number; ok: boolean }> {
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, extraHTTPHeaders: { 'accept-encoding': 'br, gzip' } });
	const page = await context.newPage();
	const results: Weight[] = [];

	results.push(await measure(page, `/${lang}/declare (first visit)`, () => page.goto(`${base}/${lang}/declare`)));
	await page.locator('#consent').check();
	results.push(
		await measure(page, `/${lang}/declare/declarant`, () =>
			page
				.locator('main form button[type=submit]')
				.click()
				.then(() => page.waitForURL(/declarant/))
		)
	);
	await page.locator('#declarant').check();
	results.push(
		await measure(page, `/${lang}/declare/document`, () =>
			page
				.locator('form.step-form button.continue')
				.click()
				.then(() => page.waitForURL(/document/))
		)
	);
	for (const path of ['person', 'accommodation', 'check']) {
		results.push(await measure(page, `/${lang}/declare/${path} (reload)`, () => page.goto(`${base}/${lang}/declare/${path}`)));
	}
	results.push(await measure(page, `/${lang}/status (reload)`, () => page.goto(`${base}/${lang}/status`)));
	// JavaScript of each page on its own: cold loads (empty cache) with the same draft cookie
	const { cookies } = await context.storageState();
	await context.close();
	for (const path of ['declare/document', 'declare/person', 'declare/accommodation', 'declare/check', 'status']) {
		const cold = await browser.newContext({ viewport: { width: 360, height: 740 } });
		await cold.addCookies(cookies);
		const coldPage = await cold.newPage();
		results.push(await measure(coldPage, `/${lang}/${path} (first visit)`, () => coldPage.goto(`${base}/${lang}/${path}`)));
		await cold.close();
	}
	const firstVisit = results[0];
	const maxJs = Math.max(...results.map((r) => r.js));
	const ok = firstVisit.total <= TOTAL_BUDGET && results.filter((r) => r.page.includes('first visit')).every((r) => r.js <= JS_BUDGET);
	return { results, firstVisit, maxJs, ok };
}

async function main(): Promise<void> {
	const base = (process.argv[2] ?? '').replace(/\/$/, '');
	const lang = process.argv[3] ?? 'en';
	if (!base) {
		console.error('usage: tsx scripts/measure-weight.ts <base URL> [lang]');
		process.exit(2);
	}
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	const { results, firstVisit, maxJs, ok } = await measureJourney(browser, base, lang);
	await browser.close();

	console.log('page'.padEnd(40), 'total'.padStart(10), 'JS'.padStart(10), 'requests'.padStart(9));
	for (const r of results) console.log(r.page.padEnd(40), kb(r.total).padStart(10), kb(r.js).padStart(10), String(r.requests).padStart(9));
	console.log(`\nfirst visit to /${lang}/declare: ${kb(firstVisit.total)} of ${kb(TOTAL_BUDGET)}; largest JavaScript on a page: ${kb(maxJs)} (budget ${kb(JS_BUDGET)} per page)`);
	console.log(ok ? 'within budget' : 'OVER BUDGET');
	process.exit(ok ? 0 : 1);
}

// run as a script (tsx scripts/measure-weight.ts …), not when a test imports measureJourney
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) void main();
