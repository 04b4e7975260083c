import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { e2eDb, passportPng } from './declare-helpers';
import { validDeclaration } from '../../src/lib/domain/fixtures';

// Declarations waiting for an officer, and the resident's status page, for the review journeys.

let seed = 700_000 + Math.floor(Math.random() * 100_000);

/** A declaration in `language` that goes to review (USA on the 30-day visa-free basis), through the API. */
export async function pending(
	request: APIRequestContext,
	language = 'en',
	change?: (body: ReturnType<typeof validDeclaration>) => void
): Promise<{ reference: string; accessCode: string; id: string }> {
	const upload = await request.post('/api/v1/uploads', { multipart: { file: { name: 'p.png', mimeType: 'image/png', buffer: await passportPng() } } });
	const { id: photo } = (await upload.json()) as { id: string };
	const addresses = (await (await request.get('/api/v1/addresses?q=Huayuan')).json()) as { items: { id: string; kind: string }[] };
	const body = validDeclaration(new Date(), { person: { nationality: 'USA' } }, seed++);
	body.language = language as typeof body.language;
	body.document.photoUploadId = photo;
	body.accommodation.addressId = addresses.items.find((a) => a.kind === 'residential')!.id;
	change?.(body);
	const res = await request.post('/api/v1/declarations', { data: body });
	expect(res.status()).toBe(201);
	const json = (await res.json()) as { reference: string; accessCode: string; status: string };
	expect(json.status).toBe('pending_review');
	const db = e2eDb();
	try {
		const row = db.prepare('select id from declarations where reference = ?').get(json.reference) as { id: string };
		return { ...json, id: row.id };
	} finally {
		db.close();
	}
}

export function statusOf(id: string): string {
	const db = e2eDb();
	try {
		return (db.prepare('select status from declarations where id = ?').get(id) as { status: string }).status;
	} finally {
		db.close();
	}
}

export async function residentOpens(page: Page, lang: string, d: { reference: string; accessCode: string }): Promise<void> {
	await page.goto(`/${lang}/status`);
	await page.locator('#reference').fill(d.reference);
	await page.locator('#accessCode').fill(d.accessCode);
	await page.locator('form button[type=submit]').click();
	await expect(page.getByTestId('reference')).toHaveText(d.reference);
}
