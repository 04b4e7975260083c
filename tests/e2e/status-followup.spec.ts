import { expect, test, type APIRequestContext } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expectNoAxeViolations } from './axe';
import { e2eDb, LANGS, noRawKeys, passportPng } from './declare-helpers';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import { encryptJson, parseKeyFile, type KeyFile } from '../../src/lib/server/crypto';
import { newId } from '../../src/lib/server/ids';

test.use({ viewport: { width: 360, height: 740 } });

let seed = Math.floor(Math.random() * 1_000_000);

/** A declaration sent through the API (the form is tested elsewhere); `expired` makes it one for review. */
async function declare(request: APIRequestContext, expired = false): Promise<{ reference: string; accessCode: string }> {
	const upload = await request.post('/api/v1/uploads', { multipart: { file: { name: 'p.png', mimeType: 'image/png', buffer: await passportPng() } } });
	const { id } = (await upload.json()) as { id: string };
	const addresses = (await (await request.get('/api/v1/addresses?q=Wutong')).json()) as { items: { id: string }[] };
	const now = new Date();
	const body = validDeclaration(now, expired ? { document: { expiryDate: addDays(shanghaiDate(now), -5) } } : {}, seed++);
	body.document.photoUploadId = id;
	body.accommodation.addressId = addresses.items[0].id;
	const res = await request.post('/api/v1/declarations', { data: body });
	expect(res.status()).toBe(201);
	return (await res.json()) as { reference: string; accessCode: string };
}

/** What the officer side does: status needs_information and an encrypted question event. */
function askQuestion(reference: string, question: string): void {
	const keys = parseKeyFile(JSON.parse(fs.readFileSync(path.join(process.env.ANJU_E2E_DATA!, 'keys.json'), 'utf8')) as KeyFile);
	const db = e2eDb();
	try {
		const { id } = db.prepare('select id from declarations where reference = ?').get(reference) as { id: string };
		db.prepare("update declarations set status = 'needs_information' where id = ?").run(id);
		db.prepare('insert into declaration_events (id, declaration_id, type, from_status, to_status, actor_id, data, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)').run(
			newId(),
			id,
			'information_requested',
			'pending_review',
			'needs_information',
			null,
			encryptJson(keys, { question }, `declaration_events:${id}`),
			new Date().toISOString()
		);
	} finally {
		db.close();
	}
}

async function lookUp(page: import('@playwright/test').Page, lang: string, reference: string, accessCode: string): Promise<void> {
	await page.goto(`/${lang}/status`);
	await page.locator('#reference').fill(reference);
	await page.locator('#accessCode').fill(accessCode);
	await page.locator('main form button[type=submit]').click();
}

for (const [lang] of LANGS) {
	test(`status in ${lang}: one message for any wrong look-up, then the status and a printable receipt`, async ({ page, request }) => {
		const d = await declare(request);
		await page.goto(`/${lang}/status`);
		await expectNoAxeViolations(page);

		await lookUp(page, lang, d.reference, 'ABCDEFGH');
		const wrongCode = await page.locator('.error-summary').textContent();
		await expectNoAxeViolations(page);
		await lookUp(page, lang, 'JB-AAAA-AAAA', d.accessCode);
		expect(await page.locator('.error-summary').textContent()).toBe(wrongCode);

		await lookUp(page, lang, d.reference.toLowerCase().replaceAll('-', ''), d.accessCode);
		await expect(page).toHaveURL(new RegExp(`/${lang}/status/${d.reference}$`));
		await expect(page.getByTestId('status')).not.toBeEmpty();
		await noRawKeys(page);
		await expectNoAxeViolations(page);

		await page.locator(`a[href="/${lang}/status/${d.reference}/receipt"]`).click();
		await expect(page.locator('.qr-code svg')).toBeVisible();
		await expectNoAxeViolations(page);
		const download = await page.request.get(`/${lang}/status/${d.reference}/receipt/download`);
		expect(download.headers()['content-disposition']).toContain('attachment');
		const html = await download.text();
		expect(html).toContain(d.reference);
		expect(html).toContain('<svg');

		// another browser without the code sees nothing
		const other = await page.context().browser()!.newContext();
		const res = await other.request.get(`/${lang}/status/${d.reference}/receipt`, { maxRedirects: 0 });
		expect(res.status()).toBe(303);
		await other.close();
	});
}

test('answering an officer question (wrong first) sends it back to review with corrected details', async ({ page, request }) => {
	const d = await declare(request, true);
	askQuestion(d.reference, 'Your passport has expired. Do you have a new one?');
	await lookUp(page, 'en', d.reference, d.accessCode);
	await expect(page.getByTestId('status')).toHaveText('More information needed');
	await expect(page.locator('.question-text')).toHaveText('Your passport has expired. Do you have a new one?');
	await expectNoAxeViolations(page);

	await page.locator('#message').fill('');
	await page.locator('form[action="?/answer"] button[type=submit]').click();
	await expect(page.locator('.error-summary')).toBeFocused();
	await expectNoAxeViolations(page);

	await page.locator('#message').fill('Yes, I renewed it last month.');
	await page.locator('.amend summary').click();
	await page.locator('#number').fill('NEW7654321');
	await page.locator('#expiryDate-year').fill(String(new Date().getUTCFullYear() + 8));
	await page.locator('form[action="?/answer"] button[type=submit]').click();
	await expect(page).toHaveURL(/\?answered$/);
	await expect(page.getByTestId('status')).toHaveText('Being reviewed');
	await expect(page.locator('main')).not.toContainText('Your passport had expired by the check-in date');
	await expectNoAxeViolations(page);
});
