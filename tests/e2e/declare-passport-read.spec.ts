import { expect, test, type Page } from '@playwright/test';
import { corpusPhoto } from '../../scripts/mrz-corpus';
import { expectNoAxeViolations } from './axe';
import { message, start } from './declare-helpers';
import { consent, KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

// "Fill in my details from this photo": the document step's photo goes to the server's MRZ reader
// (the same as POST /api/v1/uploads with read=mrz), which fills the document and person steps and
// marks what it filled; a photo it cannot read is said plainly and the resident types as before.
// Generated photos of the corpus (scripts/mrz-corpus.ts): 17/10 is Yekaterina Ivanova's Russian
// passport; 17/7 is a page without machine-readable lines.

test.use({ viewport: { width: 360, height: 740 } });

const IVANOVA = { surname: 'IVANOVA', givenNames: 'YEKATERINA', nationality: 'RUS', number: 'R0399848', dob: ['10', '9', '1997'], expiry: ['17', '9', '2027'] };

async function photo(index: number) {
	const p = await corpusPhoto(17, index);
	return { name: 'passport.jpg', mimeType: 'image/jpeg', buffer: p.jpeg };
}

async function toDocumentStep(page: Page, lang: string): Promise<void> {
	await start(page, lang);
	await page.locator('#declarant').check();
	await page.locator('form.step-form button.continue').click();
	await expect(page).toHaveURL(new RegExp(`/${lang}/declare/document$`));
}

async function expectFilled(page: Page, lang: string): Promise<void> {
	const marked = message(lang, 'declare.passport.marked');
	// the server's first reading also starts its OCR worker: allow for it
	await expect(page.locator('.passport-outcome')).toHaveText(message(lang, 'declare.passport.outcome.read'), { timeout: 30_000 });
	await expect(page.locator('#number')).toHaveValue(IVANOVA.number);
	await expect(page.locator('#number-note')).toHaveText(marked);
	await expect(page.locator('#expiryDate-day')).toHaveValue(IVANOVA.expiry[0]);
	await expect(page.locator('#expiryDate-month')).toHaveValue(IVANOVA.expiry[1]);
	await expect(page.locator('#expiryDate-year')).toHaveValue(IVANOVA.expiry[2]);
	await expect(page.locator('#expiryDate-note')).toHaveText(marked);
	// the lines are kept: the check page and the rule checker compare them with the answers
	await expect(page.locator('#mrz')).toHaveValue(/^P<RUSIVANOVA<<YEKATERINA<+\nR0399848/);
	await expect(page.locator('#number')).toHaveAttribute('aria-describedby', /number-note/);
}

async function expectPersonFilled(page: Page, lang: string): Promise<void> {
	// (a sending from the page after a reading keeps its #passport-read)
	await expect(page).toHaveURL(/\/declare\/person(#passport-read)?$/);
	await expect(page.locator('#surname')).toHaveValue(IVANOVA.surname);
	await expect(page.locator('#givenNames')).toHaveValue(IVANOVA.givenNames);
	await expect(page.locator('#nationality')).toHaveValue(IVANOVA.nationality);
	await expect(page.locator('#sex-F')).toBeChecked();
	await expect(page.locator('#dateOfBirth-day')).toHaveValue(IVANOVA.dob[0]);
	await expect(page.locator('#dateOfBirth-year')).toHaveValue(IVANOVA.dob[2]);
	for (const id of ['surname', 'givenNames', 'nationality', 'sex', 'dateOfBirth']) await expect(page.locator(`#${id}-note`)).toHaveText(message(lang, 'declare.passport.marked'));
}

for (const lang of ['en', 'ar']) {
	test(`a photo of the data page fills the passport and person steps, marked for checking, in ${lang}`, async ({ page }) => {
		test.setTimeout(120_000);
		await toDocumentStep(page, lang);
		await page.locator('#photo').setInputFiles(await photo(10));
		await page.getByRole('button', { name: message(lang, 'declare.passport.readButton') }).click();
		await expectFilled(page, lang);
		await expect(page.locator('.photo-preview')).toHaveAttribute('src', new RegExp(`/${lang}/declare/photo\\?v=`));
		await expectNoAxeViolations(page);
		// a corrected answer is no longer marked as read
		await page.locator('#number').fill('R0399849');
		await page.locator('form.step-form button.continue').click();
		await expectPersonFilled(page, lang);
		await expectNoAxeViolations(page);
		await page.goto(`/${lang}/declare/document`);
		await expect(page.locator('#number')).toHaveValue('R0399849');
		await expect(page.locator('#number-note')).toHaveCount(0);
		// the reading's message was for once
		await expect(page.locator('.passport-outcome')).toHaveCount(0);
	});
}

test('without JavaScript: the read is a form action, and the next page shows the filled fields', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
	const page = await context.newPage();
	await toDocumentStep(page, 'fr');
	await page.locator('#photo').setInputFiles(await photo(10));
	await page.getByRole('button', { name: message('fr', 'declare.passport.readButton') }).click();
	await expect(page).toHaveURL(/\/fr\/declare\/document#passport-read$/);
	await expectFilled(page, 'fr');
	// Enter in a field sends the step (the form's default button), not the reading
	await page.locator('#number').press('Enter');
	await expectPersonFilled(page, 'fr');
	await context.close();
});

test('a photo without machine-readable lines: told plainly, nothing filled, the photo kept', async ({ page }) => {
	test.setTimeout(120_000);
	await toDocumentStep(page, 'zh-hans');
	await page.locator('#photo').setInputFiles(await photo(7));
	await page.getByRole('button', { name: message('zh-hans', 'declare.passport.readButton') }).click();
	await expect(page.locator('.passport-outcome')).toHaveText(message('zh-hans', 'declare.passport.outcome.not_found'), { timeout: 30_000 });
	await expect(page.locator('#number')).toHaveValue('');
	await expect(page.locator('.field-note')).toHaveCount(0);
	await expect(page.locator('.photo-preview')).toHaveAttribute('src', /\/zh-hans\/declare\/photo\?v=/);
	await expectNoAxeViolations(page);
});

test('the read button with no photo asks for one', async ({ page }) => {
	await toDocumentStep(page, 'en');
	await page.getByRole('button', { name: message('en', 'declare.passport.readButton') }).click();
	await expect(page.locator('#photo-error')).toHaveText(message('en', 'validation.photo_required'));
});

test.describe('at the kiosk', () => {
	test.use({ viewport: KIOSK_VIEWPORT });
	test('the kiosk camera path uses the same reading', async ({ page }) => {
		test.setTimeout(120_000);
		await startVisit(page, 'en');
		await consent(page, 'en');
		await page.locator('#declarant').check();
		await page.locator('form.step-form button.continue').click();
		await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
		await expect(page.locator('#photo')).toHaveAttribute('capture', 'environment');
		await page.locator('#photo').setInputFiles(await photo(10));
		await page.getByRole('button', { name: message('en', 'declare.passport.readButton') }).click();
		await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document/);
		await expectFilled(page, 'en');
		await page.locator('form.step-form button.continue').click();
		await expectPersonFilled(page, 'en');
	});
});
