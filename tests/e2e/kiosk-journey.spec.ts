import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { answerAll, e2eDb, newPerson, noRawKeys, submit } from './declare-helpers';
import { consent, draftRowOf, expectNoVisitorCookies, KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

test.use({ viewport: KIOSK_VIEWPORT });

test.describe('kiosk: a full declaration', () => {
	for (const lang of ['en', 'ar'] as const) {
		test(`${lang}: from the attract screen to the printed slip, then nothing is left`, async ({ page }) => {
			const p = newPerson();
			await startVisit(page, lang, '', true);
			await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
			// nothing leaves the kiosk: no staff sign-in, no link to another site or to the phone pages
			const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
			expect(hrefs.filter((h) => !h.startsWith('/kiosk/') && !h.startsWith('#'))).toEqual([]);

			await consent(page, lang, true);
			const draft = await draftRowOf(page);
			await answerAll(page, lang, p, { axe: true });
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare/check$`));
			await noRawKeys(page);
			const { reference } = await submit(page, lang, true);
			await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare/confirmation$`));
			await expect(page.locator('.kiosk-receipt-qr svg')).toBeVisible();
			await noRawKeys(page);

			// the 80 mm slip: only the receipt, with the reference and the QR verification code
			await page.emulateMedia({ media: 'print' });
			await expect(page.locator('.kiosk-header')).toBeHidden();
			await expect(page.locator('.kiosk-actions')).toBeHidden();
			await expect(page.getByTestId('reference')).toHaveText(reference);
			await expect(page.locator('.kiosk-receipt-qr svg')).toBeVisible();
			const width = await page.locator('.kiosk-main').evaluate((el) => el.getBoundingClientRect().width);
			expect(width).toBeLessThanOrEqual(80 * 3.7796 + 1);
			// the printer gets the @page size: the whole slip on one page 80 mm (226.77 pt) wide and
			// 297 mm (841.89 pt) long (Chromium rounds to whole pixels: 227.04 × 841.92)
			const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
			const pages = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
			expect(pages).toHaveLength(1);
			expect(pages[0][0]).toBeCloseTo(226.77, 0);
			expect(pages[0][1]).toBeCloseTo(841.89, 0);
			await page.emulateMedia({ media: 'screen' });

			// printing ends the visit at once (the printer dialog is not part of the test)
			await page.evaluate(() => {
				window.print = () => window.dispatchEvent(new Event('afterprint'));
			});
			await page.locator('.kiosk-actions button').first().click();
			await expect(page).toHaveURL(/\/kiosk$/);
			expect(draft.exists()).toBe(false);
			await expectNoVisitorCookies(page);

			// the back button shows nothing of the visitor
			await page.goBack();
			await expect(page).toHaveURL(/\/kiosk$/);
			await expect(page.locator('body')).not.toContainText(reference);
			await expect(page.locator('body')).not.toContainText(p.surname);

			const db = e2eDb();
			try {
				expect(db.prepare('select status from declarations where reference = ?').get(reference)).toEqual({ status: 'approved' });
			} finally {
				db.close();
			}
		});
	}

	test('"finish" on any page wipes the visit; its pages then lead back to the attract screen', async ({ page }) => {
		await startVisit(page, 'zh-hans');
		await consent(page, 'zh-hans');
		const draft = await draftRowOf(page);
		await page.locator('#declarant').check();
		await page.locator('form.step-form button.continue').click();
		await expect(page).toHaveURL(/\/kiosk\/zh-hans\/declare\/document$/);
		await noRawKeys(page);
		await page.locator('.kiosk-nav form button').click();
		await expect(page).toHaveURL(/\/kiosk$/);
		expect(draft.exists()).toBe(false);
		await expectNoVisitorCookies(page);
		await page.goBack();
		await expect(page).toHaveURL(/\/kiosk$/);
		await page.goto('/kiosk/zh-hans/declare/document');
		await expect(page).toHaveURL(/\/kiosk$/);
	});

	test('the language switcher stays in the kiosk and keeps the answers', async ({ page }) => {
		await startVisit(page, 'en');
		await consent(page, 'en');
		await page.locator('.kiosk-lang summary').click();
		await expect(page.locator('.kiosk-lang a')).toHaveCount(16);
		await page.locator('.kiosk-lang a[lang="ar"]').click();
		await expect(page).toHaveURL(/\/kiosk\/ar\/declare\/declarant$/);
		await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
		await expect(page.locator('#declarant')).toBeVisible();
		await expectNoAxeViolations(page);
	});

	test('touch targets are at least 56 px high', async ({ page }) => {
		await startVisit(page, 'en');
		await consent(page, 'en');
		await page.locator('#declarant').check();
		await page.locator('form.step-form button.continue').click();
		await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
		const small = await page
			.locator('main a, main button, main input:not([type=radio]):not([type=checkbox]):not([type=file]), main select, main label:has(input[type=radio]), header a, header button, header summary')
			.evaluateAll((els) => els.filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().height < 56).map((el) => el.outerHTML.slice(0, 80)));
		expect(small).toEqual([]);
	});
});
