import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { start } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

const options = (page: import('@playwright/test').Page) => page.locator('.address-option span');

// Issue 13.4: the address search ranks the place's own name first, numbers by value, and every
// match is reachable ("Show more", or the hint to narrow the search), with and without JavaScript.
// (axe needs JavaScript in the page: it checks the same markup in the JavaScript test.)
test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('en: "jiabei" lists Jiabei Garden first in building order, says how many match, and shows more', async ({ page }) => {
		await start(page, 'en');
		await page.goto('/en/declare/accommodation');
		await page.locator('#address-search').fill('jiabei');
		await page.locator('form.address-search button').click();
		await expect(options(page)).toHaveCount(10);
		const first8 = (await options(page).allTextContents()).slice(0, 8).map((l) => l.split(',')[0] + ',' + l.split(',')[1]);
		expect(first8).toEqual([1, 2, 3, 5, 6, 8, 9, 10].map((n) => `Bldg ${n}, Jiabei Huayuan (Jiabei Garden)`));
		await expect(page.locator('#address-count')).toContainText(/Addresses found: \d\d+\. The 10 closest matches are shown/);
		await page.getByRole('link', { name: 'Show more addresses' }).click();
		await expect(options(page)).toHaveCount(20);
		await expect(page.locator('#address-search')).toHaveValue('jiabei');
		// the eleventh can be chosen and is kept
		await page.locator('input[name=addressId]:not([value=not-listed])').nth(10).check();
	});

	test('zh-hans: 嘉北花园 lists its buildings 1幢 … 10幢 in numeric order', async ({ page }) => {
		await start(page, 'zh-hans');
		await page.goto('/zh-hans/declare/accommodation?q=' + encodeURIComponent('嘉北花园'));
		const labels = (await options(page).allTextContents()).map((l) => l.replace(/^.*嘉北花园/, ''));
		expect(labels).toEqual(['1幢', '2幢', '3幢', '5幢', '6幢', '8幢', '9幢', '10幢']);
		await expect(page.getByRole('link', { name: '显示更多地址' })).toHaveCount(0);
	});
});

test('with JavaScript: the type-ahead ranks the same way and "Show more" adds the next ten in place', async ({ page }) => {
	await start(page, 'ar');
	await page.goto('/ar/declare/accommodation');
	await page.locator('#address-search').fill('jiabei');
	await expect(options(page)).toHaveCount(10);
	await expect(options(page).first()).toHaveText(/^Bldg 1, Jiabei Huayuan/);
	await page.getByRole('link', { name: 'عرض مزيد من العناوين' }).click();
	await expect(options(page)).toHaveCount(20);
	await expect(page).toHaveURL(/\/ar\/declare\/accommodation$/);
	await expect(page.locator('input[name=addressId]:not([value=not-listed])').nth(10)).toBeFocused();
	await expectNoAxeViolations(page);
});
