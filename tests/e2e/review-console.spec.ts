import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { e2eDb, passportPng } from './declare-helpers';
import { ACCOUNTS, signIn } from './staff-helpers';
import { validDeclaration } from '../../src/lib/domain/fixtures';

let seed = 500_000 + Math.floor(Math.random() * 100_000);

/** A declaration that goes to review (USA on the 30-day visa-free basis), through the API. */
async function pending(request: APIRequestContext): Promise<{ reference: string; accessCode: string }> {
	const upload = await request.post('/api/v1/uploads', { multipart: { file: { name: 'p.png', mimeType: 'image/png', buffer: await passportPng() } } });
	const { id } = (await upload.json()) as { id: string };
	const addresses = (await (await request.get('/api/v1/addresses?q=Huayuan')).json()) as { items: { id: string; kind: string }[] };
	const body = validDeclaration(new Date(), { person: { nationality: 'USA' } }, seed++);
	body.document.photoUploadId = id;
	body.accommodation.addressId = addresses.items.find((a) => a.kind === 'residential')!.id;
	const res = await request.post('/api/v1/declarations', { data: body });
	expect(res.status()).toBe(201);
	const json = (await res.json()) as { reference: string; accessCode: string; status: string };
	expect(json.status).toBe('pending_review');
	return json;
}

/**
 * An interpreter request (French, registration) made 125 minutes ago: past the 15-minute limit, so
 * the server's help job (every 15 s) escalates it. Returns its reference.
 */
async function overdueHelpRequest(request: APIRequestContext): Promise<string> {
	const res = await request.post('/api/v1/help-requests', {
		data: { language: 'fr', topic: 'registration', channel: 'phone', contact: { email: 'e2e.escalated@example.org' }, note: 'E2E private note' }
	});
	expect(res.status()).toBe(201);
	const { reference } = (await res.json()) as { reference: string };
	const db = e2eDb();
	try {
		db.prepare('update help_requests set created_at = ? where reference = ?').run(new Date(Date.now() - 125 * 60_000).toISOString(), reference);
	} finally {
		db.close();
	}
	return reference;
}

async function residentStatus(request: APIRequestContext, d: { reference: string; accessCode: string }): Promise<string> {
	const res = await request.get(`/api/v1/declarations/${d.reference}`, { headers: { 'x-access-code': d.accessCode } });
	return ((await res.json()) as { status: string }).status;
}

async function openFromQueue(page: Page, reference: string): Promise<void> {
	await page.goto('/en/staff/review?finding=VISA_FREE_NOT_ELIGIBLE');
	// the queue is oldest first and paginated: follow "next page" until the reference shows
	for (let i = 0; i < 50; i++) {
		const link = page.getByRole('link', { name: reference });
		if (await link.count()) {
			await link.click();
			// wait for the declaration's page itself: a click returns before the navigation ends
			await expect(page.locator('h1')).toContainText(reference);
			return;
		}
		await page.getByRole('link', { name: 'Next page' }).click();
	}
	throw new Error(`${reference} not in the queue`);
}

test.describe('review console', () => {
	test('an officer approves, rejects and asks for information; the resident sees each', async ({ page, request }) => {
		const escalated = await overdueHelpRequest(request);
		const [a, b, c] = [await pending(request), await pending(request), await pending(request)];
		await signIn(page, ACCOUNTS.officer);
		await openFromQueue(page, a.reference);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(a.reference);
		await expect(page.locator('.finding').first()).toContainText('Not visa-free eligible');
		await expect(page.locator('img.passport-photo')).toBeVisible();
		await expectNoAxeViolations(page);
		await page.getByRole('button', { name: 'Approve and issue the receipt' }).click();
		await expect(page.getByRole('status')).toContainText('Approved');
		expect(await residentStatus(request, a)).toBe('approved');

		await openFromQueue(page, b.reference);
		await page.getByRole('button', { name: 'Reject', exact: true }).click();
		// no reason chosen: the browser's required check or our message stops it; choose one
		await page.getByLabel('Reason for rejecting').selectOption('not_in_jurisdiction');
		await page.getByLabel('Note for the resident (optional)').fill('Please register at Xinhua police station.');
		await page.getByRole('button', { name: 'Reject', exact: true }).click();
		await expect(page.getByRole('status')).toContainText('Rejected');
		expect(await residentStatus(request, b)).toBe('rejected');
		// the resident is told why, in their language, with the officer's note
		const rejected = await (await request.get(`/api/v1/declarations/${b.reference}`, { headers: { 'x-access-code': b.accessCode } })).json();
		expect(rejected.rejection).toEqual({
			reason: 'not_in_jurisdiction',
			message: expect.stringContaining('outside the area of this police station'),
			note: 'Please register at Xinhua police station.'
		});
		const resident = await page.context().newPage();
		await resident.goto('/en/status');
		await resident.getByLabel('Reference number').fill(b.reference);
		await resident.getByLabel('Access code').fill(b.accessCode);
		await resident.getByRole('button', { name: 'Check' }).click();
		await expect(resident.getByTestId('rejection-reason')).toContainText('outside the area of this police station');
		await expect(resident.getByText('Please register at Xinhua police station.')).toBeVisible();
		await expectNoAxeViolations(resident);
		await resident.close();

		await openFromQueue(page, c.reference);
		await page.getByLabel('Question for the resident').fill('Please tell us how you entered China.');
		await page.getByRole('button', { name: 'Ask the resident for more information' }).click();
		await expect(page.getByRole('status')).toContainText('Sent');
		expect(await residentStatus(request, c)).toBe('needs_information');

		await page.goto('/en/staff/dashboard');
		await expect(page.getByRole('heading', { name: 'Station figures' })).toBeVisible();
		// the overdue interpreter request is listed under the escalated figure, once the job has run
		const escalations = page.getByRole('table', { name: 'Escalated interpreter requests still open, longest waiting first' });
		const row = escalations.getByRole('row').filter({ hasText: escalated });
		await expect(async () => {
			await page.reload();
			await expect(row).toBeVisible({ timeout: 1_000 });
		}).toPass({ timeout: 30_000 });
		await expect(row.getByRole('cell')).toHaveText([escalated, 'French', 'Registration', /^2 h [5-7] min$/]);
		await expect(page.locator('main')).not.toContainText('e2e.escalated@example.org');
		await expect(page.locator('main')).not.toContainText('E2E private note');
		await expectNoAxeViolations(page);
		const csv = await page.request.get('/en/staff/dashboard/export.csv?days=7');
		expect(csv.headers()['content-type']).toContain('text/csv');
		expect(await csv.text()).toMatch(/^figure,value/);
	});

	test('the ask-for-information loop, end to end with the resident answering', async ({ page, browser, request }) => {
		const d = await pending(request);
		await signIn(page, ACCOUNTS.officer);
		await openFromQueue(page, d.reference);
		await page.getByLabel('Question for the resident').fill('Which visa did you enter with?');
		await page.getByRole('button', { name: 'Ask the resident for more information' }).click();
		await expect(page.getByRole('status')).toContainText('Sent');

		const resident = await browser.newContext({ viewport: { width: 360, height: 740 } });
		const phone = await resident.newPage();
		await phone.goto('/en/status');
		await phone.locator('#reference').fill(d.reference);
		await phone.locator('#accessCode').fill(d.accessCode);
		await phone.locator('main form button[type=submit]').click();
		await expect(phone.locator('.question-text')).toHaveText('Which visa did you enter with?');
		await phone.locator('#message').fill('An L tourist visa, valid until next year.');
		await phone.locator('form[action="?/answer"] button[type=submit]').click();
		await expect(phone).toHaveURL(/\?answered$/);
		await resident.close();

		expect(await residentStatus(request, d)).toBe('pending_review');
		await openFromQueue(page, d.reference);
		await expect(page.locator('.history')).toContainText('An L tourist visa, valid until next year.');
		await page.getByRole('button', { name: 'Approve and issue the receipt' }).click();
		await expect(page.getByRole('status')).toContainText('Approved');
		expect(await residentStatus(request, d)).toBe('approved');
	});

	test('two officers open the same declaration: the second decision is refused with a clear message', async ({ browser, request }) => {
		const d = await pending(request);
		const first = await (await browser.newContext()).newPage();
		const second = await (await browser.newContext()).newPage();
		await signIn(first, ACCOUNTS.officer);
		await signIn(second, 'officer2@anju.example.org');
		await openFromQueue(first, d.reference);
		await openFromQueue(second, d.reference);
		await first.getByRole('button', { name: 'Approve and issue the receipt' }).click();
		await expect(first.getByRole('status')).toContainText('Approved');
		await second.getByLabel('Reason for rejecting').selectOption('other');
		await second.getByRole('button', { name: 'Reject', exact: true }).click();
		await expect(second.locator('.error-summary')).toContainText('Another officer has decided this declaration');
		expect(await residentStatus(request, d)).toBe('approved');
	});

	test('an admin imports addresses from a CSV with a bad line: per-line errors, nothing imported, then the fixed file', async ({ page }) => {
		await signIn(page, ACCOUNTS.admin);
		await page.goto('/en/staff/admin/registry/import');
		await expectNoAxeViolations(page);
		const name = `测试小区${Date.now()}`;
		const bad = `label,label_en,kind\n${name}1幢,"Bldg 1, Ceshi Xiaoqu",residential\n${name}2幢,"Bldg 2, Ceshi Xiaoqu",palace\n`;
		await page.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await expect(page.getByRole('heading', { name: '1 lines ready, 1 with problems' })).toBeVisible();
		await expect(page.locator('tr.row-error')).toContainText('Choose one of the options');
		await expect(page.getByRole('button', { name: /Import/ })).toHaveCount(0);
		await expectNoAxeViolations(page);

		// a quoted value never closed: the whole file is refused, naming the line its record starts on
		const unclosed = `label,label_en,kind\n\n${name}3幢,"Bldg 3, Ceshi Xiaoqu,hotel\n`;
		await page.getByLabel('CSV file').setInputFiles({ name: 'unclosed.csv', mimeType: 'text/csv', buffer: Buffer.from(unclosed) });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await expect(page.locator('.error-summary')).toContainText('The record starting on line 3 opens a value with a double quote');
		await expect(page.locator('tr.row-error')).toHaveCount(0);

		const good = bad.replace('palace', 'dormitory');
		await page.getByLabel('CSV file').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
		await page.getByRole('button', { name: 'Check the file' }).click();
		await page.getByRole('button', { name: 'Import 2 addresses' }).click();
		await expect(page.getByRole('status')).toContainText('2 addresses imported');
		const found = (await (await page.request.get(`/api/v1/addresses?q=${encodeURIComponent(name)}`)).json()) as { items: unknown[] };
		expect(found.items).toHaveLength(2);
	});

	test('admin rule lists, watch list and settings pages pass axe and refuse bad input; an admin changes the help time limit', async ({ page }) => {
		await signIn(page, ACCOUNTS.admin);
		await page.goto('/en/staff/admin/lists');
		await expectNoAxeViolations(page);
		await page.locator('#transit-nationality').fill('QQQ');
		await page.locator('#transit-nationality').press('Enter');
		await expect(page.locator('.error-summary')).toContainText('not a known nationality code');
		await page.goto('/en/staff/admin/watchlist');
		await expectNoAxeViolations(page);
		await page.getByLabel('Nationality', { exact: true }).fill('ZZZ');
		await page.getByLabel('Document number').fill('E2E123');
		await page.getByLabel('Reason (for officers)').fill('test');
		await page.getByRole('button', { name: 'Add to the watch list' }).click();
		await expect(page.locator('.error-summary')).toContainText('not a known nationality code');

		await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Settings' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
		await expectNoAxeViolations(page);
		const sla = page.getByLabel('Time limit before escalation, in minutes');
		await expect(sla).toHaveValue('15');
		await sla.fill('0');
		await page.locator('form[action="?/help"]').getByRole('button', { name: 'Save settings' }).click();
		await expect(page.locator('.error-summary')).toContainText('Enter the time limit as a whole number of minutes from 1 to 240');
		await expect(page.locator('.error-summary')).toBeFocused();
		await expectNoAxeViolations(page);
		await page.reload();
		await expect(sla).toHaveValue('15');
		await sla.fill('20');
		await page.locator('form[action="?/help"]').getByRole('button', { name: 'Save settings' }).click();
		await expect(page.getByRole('status')).toHaveText('The settings are saved.');
		await page.reload();
		await expect(sla).toHaveValue('20');
		await page.goto('/en/staff/admin/audit?action=settings.change');
		await expect(page.locator('tbody tr').first()).toContainText('help_sla_minutes');
		await expect(page.locator('tbody tr').first()).toContainText('"to":20');
		// back to the default, for the other journeys running on this server
		await page.goto('/en/staff/admin/settings');
		await sla.fill('15');
		await page.locator('form[action="?/help"]').getByRole('button', { name: 'Save settings' }).click();
		await expect(page.getByRole('status')).toHaveText('The settings are saved.');
	});
});
