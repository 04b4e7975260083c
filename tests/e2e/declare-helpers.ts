import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { cnIdCheckChar } from '../../src/lib/domain/cn-id';
import { expectNoAxeViolations } from './axe';

// Shared steps of the resident journeys. Fields are found by id, never by label, so the same
// helpers drive every language.

export const LANGS = [
	['en', 'ltr'],
	['zh-hans', 'ltr'],
	['ar', 'rtl']
] as const;

export interface Person {
	surname: string;
	givenNames: string;
	sex: 'M' | 'F';
	dob: string;
	nationality: string;
	number: string;
	expiry: string;
	checkInDate: string;
	checkInTime: string;
	entryDate: string;
	mrz: string;
}

const HOST_ID17 = '11010519850312002';
export const HOST_ID = HOST_ID17 + cnIdCheckChar(HOST_ID17);

/** A French visa-free visitor with a unique passport number and a unique check-in time two hours to a day ago. */
export function newPerson(): Person {
	const now = new Date();
	const back = new Date(now.getTime() - (2 + Math.floor(Math.random() * 20)) * 3600_000 - Math.floor(Math.random() * 59) * 60_000);
	const local = new Date(back.getTime() + 8 * 3600_000).toISOString();
	const number = 'FR' + String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
	const today = shanghaiDate(now);
	const p = { surname: 'DUPONT', givenNames: 'MARIE CLAIRE', sex: 'F' as const, dob: '1990-04-02', nationality: 'FRA', number, expiry: addDays(today, 5 * 365) };
	return {
		...p,
		checkInDate: local.slice(0, 10),
		checkInTime: local.slice(11, 16),
		entryDate: addDays(local.slice(0, 10), -3),
		mrz: buildTd3({ issuingState: 'FRA', surname: p.surname, givenNames: p.givenNames, documentNumber: number, nationality: 'FRA', dateOfBirth: p.dob, sex: 'F', expiryDate: p.expiry })
	};
}

export async function passportPng(): Promise<Buffer> {
	return sharp({ create: { width: 320, height: 220, channels: 3, background: '#c8d4e0' } })
		.png()
		.toBuffer();
}

export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
	await page.locator(`#${name}-day`).fill(String(Number(iso.slice(8, 10))));
	await page.locator(`#${name}-month`).fill(String(Number(iso.slice(5, 7))));
	await page.locator(`#${name}-year`).fill(iso.slice(0, 4));
}

export async function next(page: Page): Promise<void> {
	await page.locator('form.step-form button.continue').click();
}

export async function expectStep(page: Page, lang: string, step: string, axe: boolean): Promise<void> {
	await expect(page).toHaveURL(new RegExp(`/${lang}/declare/${step}(\\?|$)`));
	await expect(page.locator('h1')).not.toBeEmpty();
	if (axe) await expectNoAxeViolations(page);
}

/** The start page: consent, then into the steps. */
export async function start(page: Page, lang: string, axe = false): Promise<void> {
	await page.goto(`/${lang}/declare`);
	if (axe) await expectNoAxeViolations(page);
	await page.locator('#consent').check();
	await page.locator('form button[type=submit]').click();
	await expectStep(page, lang, 'declarant', axe);
}

export interface JourneyOptions {
	axe?: boolean;
	js?: boolean;
	notListed?: boolean;
}

/** From "who is declaring" to the check-your-answers page. */
export async function answerAll(page: Page, lang: string, p: Person, o: JourneyOptions = {}): Promise<void> {
	const axe = !!o.axe;
	await page.locator('#declarant').check();
	await next(page);

	await expectStep(page, lang, 'document', axe);
	await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await page.locator('#mrz').fill(p.mrz);
	if (o.js !== false) {
		// with JavaScript the MRZ fills the document fields at once and shows its checks
		await expect(page.locator('#number')).toHaveValue(p.number);
		await expect(page.locator('#mrz-check .check-ok')).toHaveCount(4);
	}
	await next(page);

	// the MRZ filled the person's answers on the server
	await expectStep(page, lang, 'person', axe);
	await expect(page.locator('#surname')).toHaveValue(p.surname);
	await expect(page.locator('#nationality')).toHaveValue(p.nationality);
	await next(page);

	await expectStep(page, lang, 'stay', axe);
	await page.locator('#basis-visa_free').check();
	await fillDate(page, 'entryDate', p.entryDate);
	await next(page);

	await expectStep(page, lang, 'accommodation', axe);
	if (o.notListed) {
		await page.locator('#addressId-not-listed').check();
		await page.locator('#addressText').fill('嘉兴市经济技术开发区某某路 88 号');
	} else {
		await page.locator('#address-search').fill('Jiabei Huayuan');
		if (o.js === false) await page.locator('form.address-search button').click();
		await page.locator('input[name=addressId]:not([value=not-listed])').first().check();
	}
	await page.locator('#unit').fill(`Room ${p.number.slice(-4)}`);
	await page.locator('#kind').check(); // rented
	await fillDate(page, 'checkIn', p.checkInDate);
	await page.locator('#checkIn-time').fill(p.checkInTime);
	await fillDate(page, 'checkOut', addDays(p.checkInDate, 30));
	await next(page);

	await expectStep(page, lang, 'host', axe);
	await page.locator('#name').fill('WANG FANG');
	await page.locator('#idType').check();
	await page.locator('#idNumber').fill(HOST_ID);
	await page.locator('#phone').fill('13812345678');
	await page.locator('#relationship').selectOption('landlord');
	await next(page);

	await expectStep(page, lang, 'contact', axe);
	await page.locator('#phone').fill('+33 6 12 34 56 78');
	await page.locator('#email').fill(`marie.${p.number.toLowerCase()}@example.org`);
	await next(page);

	await expect(page).toHaveURL(new RegExp(`/${lang}/declare/check$`));
	if (axe) await expectNoAxeViolations(page);
}

export async function submit(page: Page, lang: string, axe = false): Promise<{ reference: string; accessCode: string }> {
	await page.locator('main form button[type=submit]').click();
	await expect(page).toHaveURL(new RegExp(`/${lang}/declare/confirmation$`));
	if (axe) await expectNoAxeViolations(page);
	const reference = (await page.getByTestId('reference').textContent())!.trim();
	const accessCode = (await page.getByTestId('access-code').textContent())!.trim();
	expect(reference).toMatch(/^JB-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	expect(accessCode).toMatch(/^[A-Z2-9]{8}$/);
	return { reference, accessCode };
}

/** The e2e server's SQLite database (playwright.config.ts gives every worker the same data dir). */
export function e2eDb(): Database.Database {
	const db = new Database(path.join(process.env.ANJU_E2E_DATA!, 'anju.sqlite'));
	db.pragma('busy_timeout = 5000');
	return db;
}

export async function noRawKeys(page: Page): Promise<void> {
	await expect(page.locator('main')).not.toContainText(/\b(declare|validation|findings|common)\.[a-zA-Z]/);
}

type Tree = { [key: string]: string | Tree };
/** A message of a locale file by its key ('declare.document.photo'), as the page shows it (no interpolation). */
export function message(lang: string, key: string): string {
	const [ns, ...rest] = key.split('.');
	let node: string | Tree = JSON.parse(fs.readFileSync(`locales/${lang}/${ns}.json`, 'utf8')) as Tree;
	for (const part of rest) node = (node as Tree)[part];
	return node as string;
}
