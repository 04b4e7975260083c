import { expect, type Page } from '@playwright/test';
import crypto from 'node:crypto';
import { expectNoAxeViolations } from './axe';
import { e2eDb } from './declare-helpers';

// The kiosk is a portrait touch screen of 1080 × 1920.
export const KIOSK_VIEWPORT = { width: 1080, height: 1920 };

/** The attract screen, a language, and the kiosk's start page. `query` may shorten the timeouts. */
export async function startVisit(page: Page, lang: string, query = '', axe = false): Promise<void> {
	await page.goto(`/kiosk${query}`);
	await expect(page.locator('.language-grid button')).toHaveCount(16);
	if (axe) await expectNoAxeViolations(page);
	await page.locator(`.language-grid button[value="${lang}"]`).click();
	await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}$`));
	if (axe) await expectNoAxeViolations(page);
}

/** From the kiosk's start page through consent to the first question. */
export async function consent(page: Page, lang: string, axe = false): Promise<void> {
	await page.locator(`a[href="/kiosk/${lang}/declare"]`).click();
	await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare$`));
	if (axe) await expectNoAxeViolations(page);
	await page.locator('#consent').check();
	await page.locator('main form button[type=submit]').click();
	await expect(page).toHaveURL(new RegExp(`/kiosk/${lang}/declare/declarant$`));
}

/** Whether the draft of this browser's draft cookie still exists on the server. */
export async function draftRowOf(page: Page): Promise<{ token: string; exists: () => boolean }> {
	const token = (await page.context().cookies()).find((c) => c.name === 'anju_draft')!.value;
	const id = crypto.createHash('sha256').update(token).digest('hex');
	return {
		token,
		exists: () => {
			const db = e2eDb();
			try {
				return !!db.prepare('select id from drafts where id = ?').get(id);
			} finally {
				db.close();
			}
		}
	};
}

/** Nothing of a visit is left in the browser's cookies. */
export async function expectNoVisitorCookies(page: Page): Promise<void> {
	const names = (await page.context().cookies()).map((c) => c.name);
	for (const name of ['anju_draft', 'anju_status', 'anju_help', 'anju_kiosk_visit', 'lang']) expect(names).not.toContain(name);
}
