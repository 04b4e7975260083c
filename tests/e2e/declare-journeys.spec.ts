import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { expectNoAxeViolations } from './axe';
import { answerAll, LANGS, newPerson, noRawKeys, start, submit } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

for (const [lang, dir] of LANGS) {
	test.describe(`declaration in ${lang}`, () => {
		test('a complete declaration is approved at once, with a receipt', async ({ page }) => {
			await start(page, lang, true);
			await expect(page.locator('html')).toHaveAttribute('dir', dir);
			const person = newPerson();
			await answerAll(page, lang, person, { axe: true });
			await noRawKeys(page);
			const { reference } = await submit(page, lang, true);
			await expect(page.locator('.panel.ok h1')).toBeVisible();
			await noRawKeys(page);

			await page.locator(`a[href="/${lang}/status/${reference}/receipt"]`).click();
			await expect(page.locator('.qr-code svg')).toBeVisible();
			await expect(page.locator('main')).toContainText(reference);
			await expectNoAxeViolations(page);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
			expect(overflow).toBe(false);
		});

		test('an address that is not listed ends in review, with the reason shown', async ({ page }) => {
			await start(page, lang);
			await answerAll(page, lang, newPerson(), { notListed: true });
			await submit(page, lang, true);
			await expect(page.locator('.panel.warn h1')).toBeVisible();
			// the reason, in the page language
			const findings = JSON.parse(fs.readFileSync(`locales/${lang}/findings.json`, 'utf8')) as Record<string, { resident: string }>;
			await expect(page.locator('main ul.list li').first()).toHaveText(findings.ADDRESS_NOT_IN_REGISTRY.resident);
			await noRawKeys(page);
		});
	});
}
