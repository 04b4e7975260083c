import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { e2eDb, newPerson, passportPng, start } from './declare-helpers';
import { consent, draftRowOf, expectNoVisitorCookies, KIOSK_VIEWPORT, startVisit } from './kiosk-helpers';

test.use({ viewport: KIOSK_VIEWPORT });

async function toDocumentStep(page: import('@playwright/test').Page): Promise<void> {
	await startVisit(page, 'en');
	await consent(page, 'en');
	await page.locator('#declarant').check();
	await page.locator('form.step-form button.continue').click();
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
}

test('the passport reader: two fast lines from anywhere on the document step fill and check the fields', async ({ page }) => {
	const p = newPerson();
	await toDocumentStep(page);
	await expectNoAxeViolations(page);
	// focus is on another field: the burst must not end up there, and its Enter must not submit
	await page.locator('#number').focus();
	const [line1, line2] = p.mrz.split('\n');
	// as fast as the browser takes keys, like a reader; the page itself judges the timing
	await page.keyboard.type(`${line1}\n${line2}\n`);
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/document$/);
	await expect(page.locator('#mrz')).toHaveValue(p.mrz);
	await expect(page.locator('#number')).toHaveValue(p.number);
	await expect(page.locator('#expiryDate-year')).toHaveValue(p.expiry.slice(0, 4));
	await expect(page.locator('#mrz-check .check-ok')).toHaveCount(4);
	await expect(page.locator('.kiosk-reader-status')).not.toBeEmpty();

	// a photo of the data page from the kiosk's camera (a file input with capture)
	await expect(page.locator('#photo')).toHaveAttribute('capture', 'environment');
	await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await page.locator('form.step-form button.continue').click();
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/person$/);
	await expect(page.locator('#surname')).toHaveValue(p.surname);
	await expect(page.locator('#nationality')).toHaveValue('FRA');
});

test('typing slowly is typing, not the reader', async ({ page }) => {
	await toDocumentStep(page);
	await page.locator('#number').focus();
	await page.keyboard.type('AB12', { delay: 200 });
	await expect(page.locator('#number')).toHaveValue('AB12');
	await expect(page.locator('#mrz')).toHaveValue('');
});

test('call an interpreter: an in-person request in the kiosk language, where to wait, and the reference and code to follow it', async ({ page, browser }) => {
	await startVisit(page, 'ar');
	await page.locator('.kiosk-nav a.kiosk-help-link').click();
	await expect(page).toHaveURL(/\/kiosk\/ar\/help$/);
	await expectNoAxeViolations(page);
	// the phone is optional and this kiosk has no front-desk number (ANJU_KIOSK_DESK_PHONE): the
	// visitor waits in the centre, and the request needs no contact
	await expect(page.locator('#phone')).toHaveValue('');
	await page.locator('button.kiosk-call').click();
	const reference = (await page.getByTestId('help-reference').textContent())!.trim();
	expect(reference).toMatch(/^HR-/);
	// the access code next to the reference, both isolated left-to-right in the Arabic page
	const panel = page.locator('.panel[role=status]');
	const accessCode = (await panel.getByTestId('help-access-code').textContent())!.trim();
	expect(accessCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
	await expect(panel.getByTestId('help-reference')).toHaveAttribute('class', /\bltr\b/);
	await expect(panel.getByTestId('help-access-code')).toHaveAttribute('class', /\bltr\b/);
	// where to follow it: the resident help page, as text (the kiosk has no link that leaves it)
	const followUrl = new URL((await panel.getByTestId('help-follow-url').textContent())!.trim());
	expect(followUrl.pathname).toBe(`/ar/help/${reference}`);
	await expect(panel.locator('a')).toHaveCount(0);
	await expectNoAxeViolations(page);
	const db = e2eDb();
	try {
		expect(db.prepare('select channel, topic, language, status from help_requests where reference = ?').get(reference)).toEqual({
			channel: 'in_person',
			topic: 'registration',
			language: 'ar',
			status: 'open'
		});
	} finally {
		db.close();
	}

	// on the visitor's phone, the code opens the request, which they can cancel
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	try {
		const mobile = await phone.newPage();
		await mobile.goto(followUrl.pathname);
		await mobile.locator('#accessCode').fill(accessCode);
		await mobile.locator('form[action="?/access"] button[type=submit]').click();
		await expect(mobile.locator('form[action="?/cancel"] button')).toBeVisible();
	} finally {
		await phone.close();
	}
});

test('continue on your phone: the phone takes the draft once, the kiosk forgets it', async ({ page, browser }) => {
	await toDocumentStep(page);
	const kioskDraft = await draftRowOf(page);
	await page.locator('#number').fill('HANDOVER1');
	await page.locator('#type').check();
	await page.locator('form.step-form button.continue').click(); // saved (with an error: no photo yet)
	await page.locator('.kiosk-phone-link a').click();
	await expect(page).toHaveURL(/\/kiosk\/en\/declare\/phone$/);
	await expect(page.getByTestId('handover-qr').locator('svg')).toBeVisible();
	await expectNoAxeViolations(page);
	const url = new URL((await page.getByTestId('handover-qr').getAttribute('data-url'))!);

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	try {
		const mobile = await phone.newPage();
		await mobile.goto(url.pathname);
		await expectNoAxeViolations(mobile);
		await mobile.locator('main form button[type=submit]').click();
		await expect(mobile).toHaveURL(/\/en\/declare\/(document|person)/);
		await mobile.goto('/en/declare/document');
		await expect(mobile.locator('#number')).toHaveValue('HANDOVER1');

		// the kiosk notices and returns to the attract screen, with nothing left
		await expect(page).toHaveURL(/\/kiosk$/, { timeout: 10_000 });
		expect(kioskDraft.exists()).toBe(false);
		await expectNoVisitorCookies(page);

		// the code worked once
		const again = await phone.newPage();
		await again.goto(url.pathname);
		await expect(again.locator('main form')).toHaveCount(0);
	} finally {
		await phone.close();
	}
});

test('kiosk fields offer no browser autofill of the last visitor; the phone journey keeps its tokens', async ({ page, browser }) => {
	const fields = 'main input:not([type=radio]):not([type=checkbox]):not([type=file]):not([type=hidden]), main select, main textarea';
	const tokensOf = (p: import('@playwright/test').Page) => p.locator(fields).evaluateAll((els) => Object.fromEntries(els.map((el) => [el.id, el.getAttribute('autocomplete')])));
	await startVisit(page, 'en');
	await consent(page, 'en');
	for (const step of ['person', 'contact']) {
		await page.goto(`/kiosk/en/declare/${step}`);
		await expect(page).toHaveURL(new RegExp(`/kiosk/en/declare/${step}$`));
		const tokens = await tokensOf(page);
		expect(Object.keys(tokens).length).toBeGreaterThan(1);
		expect(Object.entries(tokens).filter(([, token]) => token !== 'off')).toEqual([]);
	}

	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	try {
		const mobile = await phone.newPage();
		await start(mobile, 'en');
		await mobile.goto('/en/declare/person');
		expect(await tokensOf(mobile)).toMatchObject({ surname: 'family-name', givenNames: 'given-name', 'dateOfBirth-day': 'bday-day', 'dateOfBirth-year': 'bday-year' });
		await mobile.goto('/en/declare/contact');
		expect(await tokensOf(mobile)).toMatchObject({ phone: 'tel', email: 'email' });
	} finally {
		await phone.close();
	}
});
