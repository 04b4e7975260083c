import { expect, test } from '@playwright/test';
import { start } from './declare-helpers';

// Issue 13: digits as people type them, values kept through failed sends, error summaries that
// name their field, error pages inside the site, the photo control. At phone size.
test.use({ viewport: { width: 360, height: 740 } });

/** ASCII digits written in a language's own digits (zh-hans: a full-width input method). */
function native(value: string, lang: string): string {
	const zero = lang === 'ar' ? 0x0660 : lang === 'ur' ? 0x06f0 : 0xff10;
	let out = value.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
	if (lang === 'zh-hans') out = out.replace(/[-+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
	return out;
}

for (const lang of ['ar', 'ur', 'zh-hans']) {
	for (const js of [true, false]) {
		test(`a date and a phone in ${lang} digits are read as ASCII (${js ? 'with' : 'without'} JavaScript)`, async ({ browser }) => {
			const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js });
			const page = await context.newPage();
			await start(page, lang);
			await page.goto(`/${lang}/declare/person`);
			await page.locator('#dateOfBirth-day').fill(native('15', lang));
			await page.locator('#dateOfBirth-month').fill(native('3', lang));
			await page.locator('#dateOfBirth-year').fill(native('1990', lang));
			await expect(page.locator('#dateOfBirth-year')).toHaveValue(native('1990', lang));
			if (js) {
				// leaving the field shows what the server will keep, with no message
				await page.locator('#nationality').focus();
				await expect(page.locator('#dateOfBirth-day')).toHaveValue('15');
				await expect(page.locator('#dateOfBirth-month')).toHaveValue('3');
				await expect(page.locator('#dateOfBirth-year')).toHaveValue('1990');
				await expect(page.locator('#dateOfBirth-error')).toHaveCount(0);
			}
			await page.locator('form.step-form button[type=submit]').click();
			// the other answers are missing; the date is not wrong and comes back in ASCII
			await expect(page.locator('#surname-error')).toBeVisible();
			await expect(page.locator('#dateOfBirth-error')).toHaveCount(0);
			await expect(page.locator('#dateOfBirth-year')).toHaveValue('1990');

			await page.goto(`/${lang}/declare/contact`);
			await page.locator('#phone').fill(native('+86 138-1234-5678', lang));
			if (js) {
				await page.locator('#email').focus();
				await expect(page.locator('#phone')).toHaveValue('+86 138-1234-5678');
				await expect(page.locator('#phone-error')).toHaveCount(0);
			}
			await page.locator('form.step-form button[type=submit]').click();
			// accepted: the journey moves on to the check page
			await expect(page).toHaveURL(new RegExp(`/${lang}/declare/check`));
			await page.goto(`/${lang}/declare/contact`);
			await expect(page.locator('#phone')).toHaveValue('+86 138-1234-5678');
			await context.close();
		});
	}
}
