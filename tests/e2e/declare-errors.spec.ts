import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { expectNoAxeViolations } from './axe';
import { fillDate, HOST_ID, LANGS, newPerson, next, noRawKeys, passportPng, submit } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

function messages(lang: string): Record<string, string> {
	return JSON.parse(fs.readFileSync(`locales/${lang}/validation.json`, 'utf8')) as Record<string, string>;
}

/** The error summary took focus, links to every wrong field, and each field shows its own message. */
async function expectErrors(page: Page, lang: string, fields: Record<string, string>): Promise<void> {
	const m = messages(lang);
	const summary = page.locator('.error-summary');
	await expect(summary).toBeFocused();
	await expect(summary).toHaveAttribute('role', 'alert');
	for (const [id, code] of Object.entries(fields)) {
		await expect(summary.locator(`a[href="#${id}"]`).first()).toContainText(m[code]);
		const field = page.locator(`#${id}`);
		const own = (await field.getAttribute('aria-describedby')) ?? '';
		const group = (await field.locator('xpath=ancestor::fieldset[1]').count()) ? ((await field.locator('xpath=ancestor::fieldset[1]').getAttribute('aria-describedby')) ?? '') : '';
		expect(`${own} ${group}`).toMatch(/-error\b/);
	}
	await noRawKeys(page);
	await expectNoAxeViolations(page);
}

for (const [lang] of LANGS) {
	test(`every field wrong first, in ${lang}: translated messages at the fields, nothing lost`, async ({ page }) => {
		const p = newPerson();
		await page.goto(`/${lang}/declare`);
		await page.locator('main form button[type=submit]').click();
		await expectErrors(page, lang, { consent: 'consent_required' });
		await page.locator('#consent').check();
		await page.locator('main form button[type=submit]').click();

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/declarant$`));
		await next(page);
		await expectErrors(page, lang, { declarant: 'required' });
		await page.locator('#declarant').check();
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/document$`));
		await page.locator('#mrz').fill('P<FRADUPONT');
		await next(page);
		await expectErrors(page, lang, { photo: 'photo_required', mrz: 'mrz_format', number: 'required', 'expiryDate-day': 'required' });
		await expect(page.locator('#mrz')).toHaveValue('P<FRADUPONT');
		await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
		await page.locator('#mrz').fill(p.mrz);
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/person$`));
		await page.locator('#surname').fill('');
		await fillDate(page, 'dateOfBirth', '2090-02-01');
		await page.locator('#dateOfBirth-day').fill('31');
		await page.locator('#nationality').selectOption('');
		await next(page);
		await expectErrors(page, lang, { surname: 'required', 'dateOfBirth-day': 'invalid_date', nationality: 'required' });
		await expect(page.locator('#givenNames')).toHaveValue(p.givenNames);
		await page.locator('#surname').fill(p.surname);
		await fillDate(page, 'dateOfBirth', p.dob);
		await page.locator('#nationality').selectOption(p.nationality);
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/stay$`));
		await page.locator('#basis').check(); // a visa, without its type or end date
		await next(page);
		await expectErrors(page, lang, { visaType: 'required', 'validUntil-day': 'required', 'entryDate-day': 'required' });
		await page.locator('#basis-visa_free').check();
		await fillDate(page, 'entryDate', p.entryDate);
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/accommodation$`));
		await fillDate(page, 'checkOut', '2020-01-01');
		await page.locator('#unit').fill('Room 1202');
		await next(page);
		await expectErrors(page, lang, { 'address-search': 'address_required', kind: 'required', 'checkIn-day': 'required' });
		await expect(page.locator('#unit')).toHaveValue('Room 1202');
		await page.locator('#address-search').fill('Jiabei Huayuan');
		await page.locator('input[name=addressId]:not([value=not-listed])').first().check();
		await page.locator('#kind').check();
		await fillDate(page, 'checkIn', p.checkInDate);
		await page.locator('#checkIn-time').fill(p.checkInTime);
		await next(page);
		await expectErrors(page, lang, { 'checkOut-day': 'checkout_before_checkin' });
		await fillDate(page, 'checkOut', '');
		await page.locator('#checkOut-day').fill('');
		await page.locator('#checkOut-month').fill('');
		await page.locator('#checkOut-year').fill('');
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/host$`));
		await page.locator('#idType').check();
		await page.locator('#idNumber').fill(HOST_ID.slice(0, 17) + (HOST_ID[17] === '0' ? '1' : '0'));
		await page.locator('#phone').fill('abc');
		await next(page);
		await expectErrors(page, lang, { name: 'required', idNumber: 'invalid_cn_id', phone: 'invalid_phone', relationship: 'required' });
		await page.locator('#name').fill('WANG FANG');
		await page.locator('#idNumber').fill(HOST_ID);
		await page.locator('#phone').fill('13812345678');
		await page.locator('#relationship').selectOption('landlord');
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/contact$`));
		await next(page);
		await expectErrors(page, lang, { phone: 'contact_required' });
		await page.locator('#email').fill('marie@');
		await next(page);
		await expectErrors(page, lang, { email: 'invalid_email' });
		await page.locator('#email').fill(`marie.${p.number.toLowerCase()}@example.org`);
		await next(page);

		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/check$`));
		await expect(page.locator('.error-summary')).toHaveCount(0);
		await submit(page, lang);
	});
}
