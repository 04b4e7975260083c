import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, signIn } from './staff-helpers';
import { pending, statusOf } from './review-helpers';

// Small holes of issue 16 (point 9) where the page is what matters: the partner who loses an accept
// race is told the request was taken; an appointment in the past is refused with a message; one bad
// availability period keeps the other edits (without JavaScript, the page comes back from the
// server) and the error summary points at it. And point 6: audit actions as labels.

async function staffPage(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
	const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
	await signIn(page, email);
	return page;
}

test('the partner who loses an accept race is told it was taken; an appointment in the past is refused', async ({ browser, baseURL }) => {
	const res = await fetch(`${baseURL}/api/v1/help-requests`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ language: 'en', topic: 'legal', channel: 'phone', contact: { phone: '13912345678' }, note: 'My deposit was kept' })
	});
	expect(res.status).toBe(201);
	const { reference } = (await res.json()) as { reference: string };

	const first = await staffPage(browser, ACCOUNTS.partner);
	const second = await staffPage(browser, 'legal2@anju.example.org');
	for (const page of [first, second]) await page.goto('/en/staff/partner');
	const accept = (page: Page) => page.getByRole('button', { name: `Accept request ${reference}` });
	await accept(second).click();
	await second.waitForURL(/\/en\/staff\/partner\/[^/]+$/);

	await accept(first).click();
	await expect(first.getByRole('alert')).toHaveText('Another organisation or colleague accepted this request a moment before you.');
	await expectNoAxeViolations(first);

	// three days ago, China time: refused next to the field, nothing arranged
	const past = new Date(Date.now() - 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
	await second.getByLabel('Date and time (China time)').fill(past);
	await second.getByLabel('Place, phone number or video link').fill('Room 3, Jiabei legal aid office');
	await second.getByRole('button', { name: 'Save appointment' }).click();
	await expect(second.locator('#when-error')).toHaveText('Choose a time that has not passed yet');
	await expect(second.getByText('Arranged for')).toHaveCount(0);
	await expectNoAxeViolations(second);
	await second.reload();
	await expect(second.getByText('Arranged for')).toHaveCount(0);
});

test('one bad availability period keeps the other edits and the summary points at it (no JavaScript)', async ({ browser }) => {
	const page = await staffPage(browser, ACCOUNTS.volunteer, false);
	await page.goto('/en/staff/tasks');
	await page.locator('#level-fr').selectOption('working');
	await page.locator('#from-0-1').fill('22:00');
	await page.locator('#to-0-1').fill('23:30');
	await page.locator('#from-1-0').fill('21:00');
	await page.locator('#to-1-0').fill('18:00');
	await page.getByRole('button', { name: 'Save languages and availability' }).click();

	const summary = page.locator('.error-summary');
	await expect(summary.getByRole('link')).toHaveText('Tuesday, period 1: the start time must come before the end time');
	await expect(summary.getByRole('link')).toHaveAttribute('href', '#from-1-0');
	await expect(page.locator('#from-1-0-error')).toBeVisible();
	// everything typed is still there, the bad period too
	await expect(page.locator('#level-fr')).toHaveValue('working');
	await expect(page.locator('#from-0-1')).toHaveValue('22:00');
	await expect(page.locator('#to-0-1')).toHaveValue('23:30');
	await expect(page.locator('#from-1-0')).toHaveValue('21:00');
	// and nothing was saved
	await page.goto('/en/staff/tasks');
	await expect(page.locator('#level-fr')).not.toHaveValue('working');
	await expect(page.locator('#from-1-0')).toHaveValue('');

	// with JavaScript the same refusal shows the same summary, which takes focus (axe needs scripts to run)
	const live = await staffPage(browser, ACCOUNTS.volunteer);
	await live.goto('/en/staff/tasks', { waitUntil: 'networkidle' });
	await live.locator('#from-1-0').fill('21:00');
	await live.locator('#to-1-0').fill('18:00');
	await live.getByRole('button', { name: 'Save languages and availability' }).click();
	await expect(live.locator('.error-summary')).toBeFocused();
	await expect(live.locator('.error-summary').getByRole('link')).toHaveAttribute('href', '#from-1-0');
	await expectNoAxeViolations(live);
});

test('the audit log names actions in the staff language, with the code beside them', async ({ browser }) => {
	const page = await staffPage(browser, ACCOUNTS.admin);
	await page.goto('/zh-hans/staff/admin/audit?action=login.success');
	const cell = page.getByRole('cell', { name: /登录成功/ }).first();
	await expect(cell).toContainText('login.success');
	await expect(page.locator('#action option:checked')).toHaveText('登录成功');
	await expectNoAxeViolations(page);
});

test('a declaration waiting for the resident is marked in the queue and can still be approved, with a reason', async ({ browser, request }) => {
	const d = await pending(request);
	const page = await staffPage(browser, ACCOUNTS.officer);
	await page.goto(`/en/staff/review/${d.id}`, { waitUntil: 'networkidle' });
	await page.getByLabel('Question for the resident').fill('Please send the page of your passport with the entry stamp.');
	await page.getByRole('button', { name: 'Ask the resident for more information' }).click();
	await expect(page.getByRole('status')).toContainText('Sent');

	await page.goto('/en/staff/review?status=needs_information');
	const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: d.reference }) });
	// the queue is oldest first: this one may be on a later page
	for (let i = 0; i < 50 && !(await row.count()); i++) await page.getByRole('link', { name: 'Next page' }).click();
	await expect(row).toContainText('Waiting for the resident');
	await expectNoAxeViolations(page);

	await row.getByRole('link', { name: d.reference }).click();
	await expect(page.getByTestId('waiting-note')).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Other declarations' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: 'Same person (same document)' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Ask the resident for more information' })).toBeHidden();
	await page.getByRole('button', { name: 'Approve and issue the receipt' }).click();
	await expect(page.getByRole('alert')).toContainText('say in the note why you decide without it');
	expect(statusOf(d.id)).toBe('needs_information');
	await expectNoAxeViolations(page);
	await page.getByLabel('Note for the record (optional)').fill('Entry stamp checked at the counter');
	await page.getByRole('button', { name: 'Approve and issue the receipt' }).click();
	await expect(page.getByRole('status')).toContainText('Approved');
	expect(statusOf(d.id)).toBe('approved');
});
