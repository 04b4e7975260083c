import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { message, passportPng, start } from './declare-helpers';
import { consent, KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

// Issue 13: digits as people type them, values kept through failed sends, error summaries that
// name their field, error pages inside the site, the photo control. At phone size.
test.use({ viewport: { width: 360, height: 740 } });
// slow on a shared 2-core machine: several pages and sends per test
test.describe.configure({ timeout: 180_000 });

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
			await page.locator('form.step-form button.continue').click();
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
			await page.locator('form.step-form button.continue').click();
			// accepted: the journey moves on to the check page
			await expect(page).toHaveURL(new RegExp(`/${lang}/declare/check`));
			await page.goto(`/${lang}/declare/contact`);
			await expect(page.locator('#phone')).toHaveValue('+86 138-1234-5678');
			await context.close();
		});
	}
}

// Each step with one answer left wrong on purpose and every other kind of field filled in.
const KEPT: { step: string; wrong: string; fill: Record<string, string>; check?: string[] }[] = [
	{ step: 'person', wrong: 'surname', fill: { givenNames: 'MARIE', 'dateOfBirth-day': '2', 'dateOfBirth-month': '4', 'dateOfBirth-year': '1990', nationality: 'VNM' }, check: ['sex-F'] },
	{
		step: 'stay',
		wrong: 'entryDate-year',
		fill: { visaType: 'Z', permitNumber: 'E1234', 'validUntil-day': '1', 'validUntil-month': '2', 'validUntil-year': '2030', 'entryDate-day': '1', 'entryDate-month': '1', 'entryDate-year': '20x' },
		check: ['basis']
	},
	{
		step: 'accommodation',
		wrong: 'checkOut-year',
		fill: {
			addressText: 'Some road 88',
			unit: 'Room 1',
			'checkIn-day': '1',
			'checkIn-month': '1',
			'checkIn-year': '2026',
			'checkIn-time': '09:30',
			'checkOut-day': '1',
			'checkOut-month': '1',
			'checkOut-year': '19'
		},
		check: ['addressId-not-listed', 'kind-host_home']
	},
	{ step: 'host', wrong: 'phone', fill: { name: 'WANG FANG', idNumber: 'G1234567', phone: '12', relationship: 'friend' }, check: ['idType-passport'] },
	{ step: 'document', wrong: 'mrz', fill: { mrz: 'P<FRADUPONT', number: 'FR1234567', 'expiryDate-day': '1', 'expiryDate-month': '2', 'expiryDate-year': '2031' }, check: ['type-travel_document'] }
];

for (const [lang, js] of [
	['zh-hans', true],
	['ar', false],
	['ur', true],
	['fr', false]
] as const) {
	test(`every answer stays through three failed sends, in ${lang} ${js ? 'with' : 'without'} JavaScript`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: js });
		const page = await context.newPage();
		await start(page, lang);
		for (const { step, wrong, fill, check = [] } of KEPT) {
			await page.goto(`/${lang}/declare/${step}`);
			for (const id of check) await page.locator(`#${id}`).check();
			for (const [id, value] of Object.entries(fill)) {
				const field = page.locator(`#${id}`);
				if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
				else await field.fill(value);
			}
			for (let send = 1; send <= 3; send++) {
				await page.locator('form.step-form button.continue').click();
				await expect(page.locator('.error-summary')).toBeVisible();
				await expect(page.locator(`#${wrong}`)).toHaveAttribute('aria-invalid', 'true');
				for (const [id, value] of Object.entries(fill)) await expect(page.locator(`#${id}`), `${step} ${id} after send ${send}`).toHaveValue(value);
				for (const id of check) await expect(page.locator(`#${id}`), `${step} ${id} after send ${send}`).toBeChecked();
			}
		}
		await context.close();
	});
}

for (const lang of ['ar', 'zh-hans', 'ur', 'de']) {
	test(`the error summary names each field, in the page's order, and its links focus the field, in ${lang}`, async ({ page }) => {
		await start(page, lang);
		await page.goto(`/${lang}/declare/document`);
		await page.locator('form.step-form button.continue').click();
		const links = page.locator('.error-summary a');
		await expect(links).toHaveCount(3);
		const item = (label: string, code: string) =>
			message(lang, 'declare.errorSummaryItem')
				.replace('{{field}}', message(lang, label))
				.replace('{{message}}', message(lang, `validation.${code}`));
		// the photo comes first on the page, so first in the summary (the server finds it last)
		await expect(links).toHaveText([item('declare.document.photo', 'photo_required'), item('declare.document.number', 'required'), item('declare.document.expiryDate', 'required')]);
		const ids = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!.slice(1)));
		expect(ids).toEqual(['photo', 'number', 'expiryDate-day']);
		const inPageOrder = await page.evaluate((list) => {
			const els = list.map((id) => document.getElementById(id)!);
			return els.every((el, i) => i === 0 || els[i - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
		}, ids);
		expect(inPageOrder).toBe(true);
		for (const [i, id] of ids.entries()) {
			await links.nth(i).click();
			await expect(page.locator(`#${id}`)).toBeFocused();
		}
		await expectNoAxeViolations(page);

		// the check page names the step's field too
		await page.goto(`/${lang}/declare/check`);
		await expect(page.locator('.error-summary a').first()).toHaveText(item('declare.declarant.legend', 'required'));
	});
}

for (const lang of ['ar', 'zh-hans']) {
	test(`error pages are real pages without JavaScript, in ${lang}`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
		const page = await context.newPage();
		const dir = lang === 'ar' ? 'rtl' : 'ltr';
		// an unknown step, and an address no route knows: the site's 404 page in that language
		for (const [path, back] of [
			[`/${lang}/declare/nosuchstep`, `/${lang}/declare`],
			[`/${lang}/nosuchpage`, `/${lang}/`]
		]) {
			const response = await page.goto(path);
			expect(response?.status()).toBe(404);
			await expect(page.locator('html')).toHaveAttribute('lang', lang === 'ar' ? 'ar' : 'zh-Hans');
			await expect(page.locator('html')).toHaveAttribute('dir', dir);
			await expect(page.locator('h1')).toHaveText(message(lang, 'common.error.title'));
			await expect(page.locator('main')).toContainText(message(lang, 'common.error.notFound'));
			await expect(page.locator('.site-header .lang-switch')).toBeVisible();
			await expect(page.locator('.site-footer')).toBeVisible();
			await expect(page.locator(`main a[href="${back}"]`)).toBeVisible();
			await expect(page.locator('body')).not.toContainText('not found');
		}
		// axe needs JavaScript in the page: the same pages, checked with it
		const withJs = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const axePage = await withJs.newPage();
		for (const path of [`/${lang}/declare/nosuchstep`, `/${lang}/nosuchpage`]) {
			await axePage.goto(path);
			await expect(axePage.locator('.site-header .lang-switch')).toBeVisible();
			await expectNoAxeViolations(axePage);
		}
		await withJs.close();

		// a photo over the body limit (11 MB): the step comes back with its other answers and a
		// translated "too large" at the photo
		await start(page, lang);
		await page.goto(`/${lang}/declare/document`);
		await page.locator('#number').fill('FR1234567');
		await page.locator('#mrz').fill('P<FRADUPONT');
		await page.locator('#expiryDate-day').fill('1');
		await page.locator('#expiryDate-month').fill('2');
		await page.locator('#expiryDate-year').fill('2031');
		await page.locator('#type-travel_document').check();
		await page.locator('#photo').setInputFiles({ name: 'passport.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(12 * 1024 * 1024, 7) });
		await page.locator('form.step-form button.continue').click();
		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/document$`));
		await expect(page.locator('#photo-error')).toHaveText(message(lang, 'validation.upload_too_large'));
		await expect(page.locator('.error-summary a[href="#photo"]')).toBeVisible();
		await expect(page.locator('.site-header .lang-switch')).toBeVisible();
		await expect(page.locator('#number')).toHaveValue('FR1234567');
		await expect(page.locator('#mrz')).toHaveValue('P<FRADUPONT');
		await expect(page.locator('#expiryDate-year')).toHaveValue('2031');
		await expect(page.locator('#type-travel_document')).toBeChecked();
		await context.close();
	});
}

for (const lang of ['ar', 'ur', 'zh-hans', 'th']) {
	test(`the photo control: a large translated button, a preview, retake, keyboard and no JavaScript, in ${lang}`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const page = await context.newPage();
		await start(page, lang);
		await page.goto(`/${lang}/declare/document`);
		const input = page.locator('#photo');
		const button = page.locator('label.photo-button[for="photo"]');
		await expect(button).toHaveText(message(lang, 'declare.document.takePhoto'));
		await expect(input).toHaveAttribute('accept', 'image/*');
		await expect(input).toHaveAttribute('capture', 'environment');
		const box = (await button.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
		// reached with the keyboard; its focus shows on the button
		await page.locator('.back-link').focus();
		for (let i = 0; i < 10 && !(await input.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
		await expect(input).toBeFocused();
		expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
		await expectNoAxeViolations(page);

		await input.setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
		await expect(page.locator('.photo-preview')).toHaveAttribute('src', /^blob:/);
		await expect(page.locator('.photo-preview')).toHaveAttribute('alt', message(lang, 'declare.document.previewAlt'));
		await expect(button).toHaveText(message(lang, 'declare.document.retakePhoto'));
		await expectNoAxeViolations(page);

		// the time field is as tall as the others
		await page.goto(`/${lang}/declare/accommodation`);
		const time = (await page.locator('#checkIn-time').boundingBox())!;
		const day = (await page.locator('#checkIn-day').boundingBox())!;
		expect(time.height).toBeGreaterThanOrEqual(44);
		expect(Math.abs(time.height - day.height)).toBeLessThanOrEqual(3);
		await context.close();

		// without JavaScript: after a send, the stored photo's thumbnail and the retake button
		const nojs = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
		const plain = await nojs.newPage();
		await start(plain, lang);
		await plain.goto(`/${lang}/declare/document`);
		await plain.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
		await plain.locator('form.step-form button.continue').click();
		await expect(plain.locator('#number-error')).toBeVisible();
		await expect(plain.locator('.photo-preview')).toHaveAttribute('src', new RegExp(`^/${lang}/declare/photo\\?v=`));
		// the thumbnail is fetched after the page: wait for it to load rather than read it at once
		await expect.poll(() => plain.locator('.photo-preview').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		await expect(plain.locator('label.photo-button')).toHaveText(message(lang, 'declare.document.retakePhoto'));
		await nojs.close();
	});
}

test('the photo button is 56 px high at the kiosk', async ({ browser }) => {
	const context = await browser.newContext({ viewport: KIOSK_VIEWPORT });
	const page = await context.newPage();
	await startVisit(page, 'zh-hans');
	await consent(page, 'zh-hans');
	await page.goto('/kiosk/zh-hans/declare/document');
	const box = (await page.locator('label.photo-button').boundingBox())!;
	expect(box.height).toBeGreaterThanOrEqual(56);
	await expectNoAxeViolations(page);
	await context.close();
});
