import { expect, test, type Page } from '@playwright/test';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { e2eDb, passportPng } from './declare-helpers';
import { ACCOUNTS, signIn } from './staff-helpers';

// Issue 13 point 13: a reference (JB-7KQ4-M2XD, HR-…) is one word. Wherever a page shows one it is
// isolated left-to-right and never split across lines, here in Arabic at 360 px, where a heading
// split "HR-…" at its hyphens.
test.use({ viewport: { width: 360, height: 740 } });

const REFERENCE = /\b(?:JB|HR)-[A-Z0-9]{4}-[A-Z0-9]{4}\b/;

/** Every reference in the page's text sits in an isolated, unbreakable `.ref` drawn on one line. */
async function expectReferencesOnOneLine(page: Page, expected: string): Promise<void> {
	const found = await page.evaluate((source) => {
		const re = new RegExp(source, 'g');
		const out: { text: string; inRef: boolean; lines: number; whiteSpace: string; direction: string; bidi: string; html?: string }[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement!;
			// (SvelteKit's route announcer reads out the <title>, which cannot hold markup)
			if (parent.closest('script, style, title, [hidden], .visually-hidden, #svelte-announcer') || !parent.getClientRects().length) continue;
			for (const m of (node.textContent ?? '').matchAll(re)) {
				const ref = parent.closest('.ref');
				const style = ref ? getComputedStyle(ref) : getComputedStyle(parent);
				out.push({
					text: m[0],
					inRef: !!ref && ref.textContent === m[0],
					lines: ref ? ref.getClientRects().length : -1,
					whiteSpace: style.whiteSpace,
					direction: style.direction,
					bidi: style.unicodeBidi,
					html: parent.outerHTML.slice(0, 300)
				});
			}
		}
		return out;
	}, REFERENCE.source);
	expect(found.map((f) => f.text)).toContain(expected);
	const split = found.filter((f) => !(f.inRef && f.lines === 1 && f.whiteSpace === 'nowrap' && f.direction === 'ltr' && f.bidi === 'isolate'));
	expect(split, page.url()).toEqual([]);
}

test('references are never split across lines in Arabic at 360 px: help heading, status, receipt, verify and the review console', async ({ page }) => {
	// an approved declaration through the API, and a help request through the Arabic form
	const upload = await page.request.post('/api/v1/uploads', { multipart: { file: { name: 'p.png', mimeType: 'image/png', buffer: await passportPng() } } });
	const { id } = (await upload.json()) as { id: string };
	const addresses = (await (await page.request.get('/api/v1/addresses?q=Huayuan')).json()) as { items: { id: string; kind: string }[] };
	const body = validDeclaration(new Date(), {}, 600_000 + Math.floor(Math.random() * 100_000));
	body.document.photoUploadId = id;
	body.accommodation.addressId = addresses.items.find((a) => a.kind === 'residential')!.id;
	const res = await page.request.post('/api/v1/declarations', { data: body });
	expect(res.status()).toBe(201);
	const { reference, accessCode, status } = (await res.json()) as { reference: string; accessCode: string; status: string };
	expect(status).toBe('approved');

	await page.goto('/ar/help');
	await expectReferencesOnOneLine(page, 'JB-7KQ4-M2XD'); // the example in a hint
	await page.locator('#topic').check();
	await page.locator('#channel').check();
	await page.locator('#phone').fill('+33 6 12 34 56 78');
	await page.locator('form[action="?/request"] button[type=submit]').click();
	await expect(page).toHaveURL(/\/ar\/help\/HR-[A-Z0-9-]+$/);
	const helpReference = page.url().split('/').pop()!;
	// the heading of the review ("طلب المساعدة HR-…")
	await expect(page.locator('h1 .ref')).toHaveText(helpReference);
	await expectReferencesOnOneLine(page, helpReference);

	// the status look-up, the status page, the "continue" link and the receipt
	await page.goto('/ar/status');
	await page.locator('#reference').fill(reference);
	await page.locator('#accessCode').fill(accessCode);
	await page.locator('main form button[type=submit]').click();
	await expect(page).toHaveURL(new RegExp(`/ar/status/${reference}$`));
	await expectReferencesOnOneLine(page, reference);
	await page.goto('/ar/status');
	await expectReferencesOnOneLine(page, reference);
	await page.goto(`/ar/status/${reference}/receipt`);
	await expectReferencesOnOneLine(page, reference);
	const verifyUrl = (await page.locator('.verify-url').first().textContent())!.trim();
	await page.goto(new URL(verifyUrl).pathname);
	await expectReferencesOnOneLine(page, reference);

	// staff: the review console's heading, in Arabic
	const db = e2eDb();
	let row: { id: string };
	try {
		row = db.prepare('select id from declarations where reference = ?').get(reference) as { id: string };
	} finally {
		db.close();
	}
	await signIn(page, ACCOUNTS.officer);
	await page.goto(`/ar/staff/review/${row.id}`);
	await expectReferencesOnOneLine(page, reference);
});
