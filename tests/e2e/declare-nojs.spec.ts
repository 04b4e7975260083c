import crypto from 'node:crypto';
import { expect, test } from '@playwright/test';
import { answerAll, e2eDb, LANGS, newPerson, start, submit } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

for (const [lang] of LANGS) {
	test(`without JavaScript in ${lang}: every step is a form post, the upload preview is served back`, async ({ page }) => {
		await start(page, lang);
		const p = newPerson();
		await answerAll(page, lang, p, { js: false });
		// the resident's own photo comes back through the draft-checked route
		await page.goto(`/${lang}/declare/document`);
		const preview = page.locator('img.photo-preview');
		await expect(preview).toBeVisible();
		expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
		await page.goto(`/${lang}/declare/check`);
		await submit(page, lang);
	});
}

test('another browser cannot see the uploaded photo', async ({ page, browser }) => {
	await start(page, 'en');
	await answerAll(page, 'en', newPerson(), { js: false });
	const other = await browser.newContext();
	const res = await other.request.get('/en/declare/photo');
	expect(res.status()).toBe(404);
	await other.close();
});

test('a double submit creates one declaration; a resubmit shows the same declaration', async ({ page }) => {
	await start(page, 'en');
	const p = newPerson();
	await answerAll(page, 'en', p, { js: false });
	const origin = new URL(page.url()).origin;
	// two posts of the same draft at the same moment, as a double tap sends them
	const [a, b] = await Promise.all([0, 1].map(() => page.request.post('/en/declare/check', { form: {}, headers: { origin, accept: 'text/html' }, maxRedirects: 0 })));
	expect([a.status(), b.status()]).toEqual([303, 303]);
	await page.goto('/en/declare/confirmation');
	const reference = (await page.getByTestId('reference').textContent())!.trim();
	// going back and sending again leads to the same declaration's status (the code was shown once)
	await page.goto('/en/declare/check');
	await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));

	const db = e2eDb();
	try {
		const checkIn = new Date(`${p.checkInDate}T${p.checkInTime}:00+08:00`).toISOString();
		const rows = db.prepare('select reference from declarations where check_in = ?').all(checkIn) as { reference: string }[];
		expect(rows.map((r) => r.reference)).toEqual([reference]);
	} finally {
		db.close();
	}
});

test('an expired draft says so and offers to start again; a new language keeps the draft', async ({ page, context }) => {
	await start(page, 'en');
	await page.locator('#declarant').check();
	await page.locator('form.step-form button.continue').click();
	await expect(page).toHaveURL(/\/en\/declare\/document$/);
	// switching language keeps the answers (the cookie is not tied to a language prefix)
	await page.goto('/ar/declare/declarant');
	await expect(page.locator('#declarant')).toBeChecked();

	const token = (await context.cookies()).find((c) => c.name === 'anju_draft')!.value;
	const db = e2eDb();
	try {
		db.prepare('update drafts set expires_at = ? where id = ?').run('2000-01-01T00:00:00.000Z', crypto.createHash('sha256').update(token).digest('hex'));
	} finally {
		db.close();
	}
	await page.goto('/en/declare/person');
	await expect(page).toHaveURL(/\/en\/declare\/expired$/);
	await page.locator('main a.button').click();
	await expect(page).toHaveURL(/\/en\/declare$/);
});
