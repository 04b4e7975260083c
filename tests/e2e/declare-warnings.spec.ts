import { expect, test, type Page } from '@playwright/test';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { expectNoAxeViolations } from './axe';
import { expectStep, fillDate, HOST_ID, newPerson, next, passportPng, start, type Person } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

// Issue 13.6: the steps warn as soon as a rule can tell (expired passport on the document step, a
// nationality not eligible for the visa-free entry chosen and an entry date in the future on the
// stay step) — warnings the resident can go on from — and the check page says what will happen,
// from the submission's own rule checker, in the resident's language.

const warnings = (page: Page) => page.getByTestId('step-warnings');

/** A Nigerian (not on the visa-free list) whose passport expired yesterday. */
function expiredNigerian(): Person {
	const p = newPerson();
	const expiry = addDays(shanghaiDate(new Date()), -1);
	return {
		...p,
		nationality: 'NGA',
		expiry,
		mrz: buildTd3({ issuingState: 'NGA', surname: p.surname, givenNames: p.givenNames, documentNumber: p.number, nationality: 'NGA', dateOfBirth: p.dob, sex: p.sex, expiryDate: expiry })
	};
}

async function documentStep(page: Page, lang: string, p: Person): Promise<void> {
	await page.locator('#declarant').check();
	await next(page);
	await expectStep(page, lang, 'document', false);
	await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await page.locator('#mrz').fill(p.mrz);
	await expect(page.locator('#number')).toHaveValue(p.number);
	await next(page);
}

async function restOfJourney(page: Page, lang: string, p: Person): Promise<void> {
	await expectStep(page, lang, 'accommodation', false);
	await page.locator('#address-search').fill('Jiabei Huayuan');
	await page.locator('input[name=addressId]:not([value=not-listed])').first().check();
	await page.locator('#unit').fill(`Room ${p.number.slice(-4)}`);
	await page.locator('#kind').check();
	await fillDate(page, 'checkIn', p.checkInDate);
	await page.locator('#checkIn-time').fill(p.checkInTime);
	await fillDate(page, 'checkOut', addDays(p.checkInDate, 10));
	await next(page);
	await expectStep(page, lang, 'host', false);
	await page.locator('#name').fill('WANG FANG');
	await page.locator('#idType').check();
	await page.locator('#idNumber').fill(HOST_ID);
	await page.locator('#phone').fill('13812345678');
	await page.locator('#relationship').selectOption('landlord');
	await next(page);
	await expectStep(page, lang, 'contact', false);
	await page.locator('#phone').fill('+234 803 123 4567');
	await next(page);
	await expect(page).toHaveURL(new RegExp(`/${lang}/declare/check$`));
}

const TEXT = {
	ar: {
		expired: 'انتهت صلاحية جواز سفرك',
		notEligible: 'جنسيتك ليست على قائمة',
		future: 'تاريخ دخولك إلى الصين في المستقبل',
		review: 'سيراجع موظف مختص تسجيلك قبل اعتماده',
		approved: 'إن لم يطرأ شيء آخر'
	},
	'zh-hans': { expired: '您的护照已过期', notEligible: '您的国籍不在所选免签入境的名单上', future: '您填写的入境日期在今天之后', review: '您的登记需经民警审核后才能获批', approved: '如无其他情况' },
	en: {
		expired: 'Your passport has expired',
		notEligible: 'Your nationality is not on the list',
		future: 'The date you entered China is in the future',
		review: 'An officer will check your registration before it is approved',
		approved: 'If nothing else comes up'
	}
} as const;

for (const lang of ['ar', 'zh-hans', 'en'] as const) {
	test(`${lang}: warnings on the steps, then the check page says an officer will check and why`, async ({ page }) => {
		const text = TEXT[lang];
		const p = expiredNigerian();
		await start(page, lang);
		await documentStep(page, lang, p);
		// the step stays once, with the warning (not an error); the same button goes on
		await expectStep(page, lang, 'document', false);
		await expect(warnings(page)).toContainText(text.expired);
		// the button pressed is below: focus goes to the warning
		await expect(warnings(page)).toBeFocused();
		await expect(page.locator('.error-summary')).toHaveCount(0);
		await expectNoAxeViolations(page);
		await next(page);
		await expectStep(page, lang, 'person', false);
		await expect(page.locator('#nationality')).toHaveValue('NGA');
		await next(page);

		await expectStep(page, lang, 'stay', false);
		await page.locator('#basis-visa_free').check();
		await fillDate(page, 'entryDate', addDays(shanghaiDate(new Date()), 3));
		await next(page);
		await expectStep(page, lang, 'stay', false);
		await expect(warnings(page)).toContainText(text.notEligible);
		await expect(warnings(page)).toContainText(text.future);
		await expectNoAxeViolations(page);
		// the date put right, the other warning stays; going on is allowed
		await fillDate(page, 'entryDate', p.entryDate);
		await next(page);
		await expectStep(page, lang, 'stay', false);
		await expect(warnings(page)).not.toContainText(text.future);
		await expect(warnings(page)).toContainText(text.notEligible);
		await next(page);

		await restOfJourney(page, lang, p);
		const outcome = page.getByTestId('outcome');
		await expect(outcome).toContainText(text.review);
		await expect(outcome.locator('li')).toHaveCount(2);
		await expectNoAxeViolations(page);
		// and it is what the submission decides
		await page.locator('main form button[type=submit]').click();
		await expect(page).toHaveURL(new RegExp(`/${lang}/declare/confirmation$`));
		await expect(page.locator('.confirmation.warn')).toBeVisible();
	});
}

test('zh-hans: a declaration the rules approve is announced as approved at once, without naming any hidden check', async ({ page }) => {
	const p = newPerson();
	await start(page, 'zh-hans');
	await documentStep(page, 'zh-hans', p);
	await expectStep(page, 'zh-hans', 'person', false);
	await next(page);
	await page.locator('#basis-visa_free').check();
	await fillDate(page, 'entryDate', p.entryDate);
	await next(page);
	await restOfJourney(page, 'zh-hans', p);
	await expect(page.getByTestId('outcome')).toContainText(TEXT['zh-hans'].approved);
	await expect(page.getByTestId('outcome').locator('li')).toHaveCount(0);
});
