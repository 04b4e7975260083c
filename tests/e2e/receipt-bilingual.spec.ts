import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { answerAll, newPerson, start, submit } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

// Issue 13.9: a receipt a police officer or landlord can read: the resident's language and Chinese
// side by side, in receipt wording, with the QR code and the verify link; printable at 360 px.
const CASES = [
	{ lang: 'ar', own: ['عنوان السكن', 'تاريخ الوصول إلى السكن', 'المغادرة المتوقعة'], second: ['住宿地址', '入住时间', '预计离开日期'], secondLang: 'zh-Hans' },
	{ lang: 'zh-hans', own: ['住宿地址', '入住时间', '预计离开日期'], second: ['Accommodation address', 'Check-in', 'Expected departure'], secondLang: 'en' }
] as const;

for (const c of CASES) {
	test(`the receipt in ${c.lang} has both languages' labels side by side, the QR code and the verify link`, async ({ page }) => {
		await start(page, c.lang);
		await answerAll(page, c.lang, newPerson());
		const { reference } = await submit(page, c.lang);
		await page.goto(`/${c.lang}/status/${reference}/receipt`);
		const receipt = page.locator('.receipt');
		for (const [i, own] of c.own.entries()) {
			const row = receipt.locator('.summary-row').filter({ hasText: own });
			await expect(row.locator('dt')).toContainText(own);
			await expect(row.locator(`dt .receipt-second[lang="${c.secondLang}"]`)).toHaveText(c.second[i]);
		}
		// not the form's questions
		await expect(receipt).not.toContainText('(optional)');
		await expect(receipt.locator('.qr-code svg')).toBeVisible();
		const verify = receipt.locator('a.verify-url');
		await expect(verify).toHaveAttribute('href', /\/verify\/[^/]+$/);
		await expect(receipt).toContainText(reference);
		await expectNoAxeViolations(page);
		expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
		// printable: the page's own controls are left off the paper
		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.receipt-actions')).toBeHidden();
		await expect(receipt.locator('.qr-code svg')).toBeVisible();
	});
}
