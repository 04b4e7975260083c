import { expect, test, type FileChooser, type Page } from '@playwright/test';
import { addDays } from '../../src/lib/domain/dates';
import { HOST_ID, newPerson, passportPng } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** Presses Tab until the element matching `selector` has focus; fails after 80 presses. */
async function tabTo(page: Page, selector: string): Promise<void> {
	for (let i = 0; i < 80; i++) {
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`could not reach ${selector} with Tab`);
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
	await tabTo(page, selector);
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type(text);
}

async function typeDate(page: Page, name: string, iso: string): Promise<void> {
	await typeInto(page, `#${name}-day`, String(Number(iso.slice(8, 10))));
	await typeInto(page, `#${name}-month`, String(Number(iso.slice(5, 7))));
	await typeInto(page, `#${name}-year`, iso.slice(0, 4));
}

/**
 * Opens a file input's chooser with Space. The step page arrives by client-side navigation, and
 * SvelteKit moves focus back to the page when that navigation settles; a Space that lands after
 * the reset scrolls instead of opening the chooser, so the key is tried again (at most 3 times).
 */
async function openFileChooser(page: Page, selector: string): Promise<FileChooser> {
	for (let attempt = 0; attempt < 3; attempt++) {
		await tabTo(page, selector);
		const chooser = page.waitForEvent('filechooser', { timeout: 3_000 }).catch(() => undefined);
		await page.keyboard.press('Space');
		const opened = await chooser;
		if (opened) return opened;
	}
	throw new Error(`Space on ${selector} did not open a file chooser`);
}

async function submitStep(page: Page, url: RegExp): Promise<void> {
	await tabTo(page, 'form.step-form button.continue');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(url);
}

test('the whole declaration can be completed with the keyboard alone', async ({ page }) => {
	const p = newPerson();
	await page.goto('/en/declare');
	await tabTo(page, '#consent');
	await page.keyboard.press('Space');
	await tabTo(page, 'main form button[type=submit]');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/declare\/declarant$/);

	await tabTo(page, 'input[name=declarant]');
	await page.keyboard.press('Space');
	await submitStep(page, /\/declare\/document$/);

	await (await openFileChooser(page, '#photo')).setFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await typeInto(page, '#mrz', p.mrz);
	await expect(page.locator('#number')).toHaveValue(p.number);
	await submitStep(page, /\/declare\/person$/);
	await submitStep(page, /\/declare\/stay$/);

	await tabTo(page, 'input[name=basis]');
	await page.keyboard.press('ArrowDown'); // residence permit
	await page.keyboard.press('ArrowDown'); // visa-free
	await expect(page.locator('#basis-visa_free')).toBeChecked();
	await typeDate(page, 'entryDate', p.entryDate);
	await submitStep(page, /\/declare\/accommodation$/);

	await typeInto(page, '#address-search', 'Jiabei Huayuan');
	await expect(page.locator('input[name=addressId]')).not.toHaveCount(1);
	await tabTo(page, 'input[name=addressId]');
	await page.keyboard.press('Space');
	await typeInto(page, '#unit', 'Room 88');
	await tabTo(page, 'input[name=kind]');
	await page.keyboard.press('Space');
	await typeDate(page, 'checkIn', p.checkInDate);
	await tabTo(page, '#checkIn-time');
	// the browser's time field follows its own locale (en-US here: hours, minutes, AM/PM)
	const [h, m] = p.checkInTime.split(':').map(Number);
	await page.keyboard.type(String(h % 12 === 0 ? 12 : h % 12).padStart(2, '0') + String(m).padStart(2, '0') + (h < 12 ? 'A' : 'P'));
	await expect(page.locator('#checkIn-time')).toHaveValue(p.checkInTime);
	await typeDate(page, 'checkOut', addDays(p.checkInDate, 10));
	await submitStep(page, /\/declare\/host$/);

	await typeInto(page, '#name', 'WANG FANG');
	await tabTo(page, 'input[name=idType]');
	await page.keyboard.press('Space');
	await typeInto(page, '#idNumber', HOST_ID);
	await typeInto(page, '#phone', '13812345678');
	await tabTo(page, '#relationship');
	await page.keyboard.press('ArrowDown');
	await expect(page.locator('#relationship')).toHaveValue('landlord');
	await submitStep(page, /\/declare\/contact$/);

	await typeInto(page, '#phone', '+33 6 12 34 56 78');
	await submitStep(page, /\/declare\/check$/);

	await tabTo(page, 'main form button[type=submit]');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/declare\/confirmation$/);
	await expect(page.getByTestId('access-code')).toHaveText(/^[A-Z2-9]{8}$/);
});
