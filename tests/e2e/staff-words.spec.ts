import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { e2eDb } from './declare-helpers';
import { pending, statusOf } from './review-helpers';
import { ACCOUNTS, DEMO_PASSWORD, sessionCookie, signIn } from './staff-helpers';

// Issue 16 points 6 and 7: staff screens in staff language (labels, Shanghai times with the zone,
// nationality by name, the audit log searched by e-mail and reference), and a session that ends
// while an officer types a decision loses nothing.

const STAFF_TIME = /\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\+8/;
// the session tests end this officer's sessions: an account no other journey signs in with
const OFFICER = 'officer3@anju.example.org';

/** Ends the account's sessions the way the idle limit does: last seen 31 minutes ago. */
function idleOut(email: string): void {
	const db = e2eDb();
	try {
		const past = new Date(Date.now() - 31 * 60 * 1000).toISOString();
		db.prepare('update sessions set last_seen_at = ? where user_id = (select id from users where email = ?)').run(past, email);
	} finally {
		db.close();
	}
}

async function signInHere(page: Page, email: string): Promise<void> {
	await page.getByLabel('E-mail address').fill(email);
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an ended session says so, and the typed rejection is back on the same declaration after signing in', async ({ page, request }) => {
	const d = await pending(request);
	await signIn(page, OFFICER);
	await page.goto(`/en/staff/review/${d.id}`, { waitUntil: 'networkidle' });
	const note = 'The passport page is unreadable. 护照资料页看不清，请重新拍照。';
	await page.locator('#reject-reason').selectOption('document_invalid');
	await page.locator('#reject-note').fill(note);

	idleOut(OFFICER);
	await page.locator('form[action="?/reject"] button:not([name])').click();

	await page.waitForURL(/\/en\/staff\/login\?/);
	const url = new URL(page.url());
	expect(url.searchParams.get('next')).toBe(`/en/staff/review/${d.id}`);
	await expect(page.getByTestId('login-notice')).toContainText('Your session has ended — sign in again');
	await expectNoAxeViolations(page);
	expect(statusOf(d.id)).toBe('pending_review');

	await signInHere(page, OFFICER);
	await page.waitForURL(`**/en/staff/review/${d.id}`);
	await expect(page.getByTestId('draft-restored')).toContainText('Your session had ended before your rejection was sent');
	await expect(page.locator('#reject-reason')).toHaveValue('document_invalid');
	await expect(page.locator('#reject-note')).toHaveValue(note);
	await expectNoAxeViolations(page);

	// sending it again decides
	await page.locator('form[action="?/reject"] button:not([name])').click();
	await page.waitForURL(/decided=reject/);
	expect(statusOf(d.id)).toBe('rejected');
	// the draft was given back once: it is gone now
	await page.goto(`/en/staff/review/${d.id}`);
	await expect(page.getByTestId('draft-restored')).toHaveCount(0);
});

test('without JavaScript, an approval note and a question typed after the session ended come back too', async ({ browser, request }) => {
	const d = await pending(request);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/en/staff/login');
	await signInHere(page, OFFICER);
	await page.waitForURL((u) => !u.pathname.endsWith('/staff/login'));
	await page.goto(`/en/staff/review/${d.id}`);
	await page.locator('#approve-note').fill('Checked the lease at the counter.');
	idleOut(OFFICER);
	await page.locator('form[action="?/approve"] button:not([name])').click();
	await page.waitForURL(/\/en\/staff\/login\?.*ended=1/);
	await expect(page.getByTestId('login-notice')).toContainText('Your session has ended');
	await signInHere(page, OFFICER);
	await page.waitForURL(`**/en/staff/review/${d.id}`);
	await expect(page.locator('#approve-note')).toHaveValue('Checked the lease at the counter.');
	expect(statusOf(d.id)).toBe('pending_review');

	// a question in the officer's own words, likewise
	const question = 'Please send a photo of the visa page. 请上传签证页照片。';
	await page.locator('#question').fill(question);
	idleOut(OFFICER);
	await page.locator('form[action="?/request"] button:not([name])').click();
	await page.waitForURL(/\/en\/staff\/login\?.*ended=1/);
	await signInHere(page, OFFICER);
	await page.waitForURL(`**/en/staff/review/${d.id}`);
	await expect(page.getByTestId('draft-restored')).toContainText('before your question was sent');
	await expect(page.locator('#question')).toHaveValue(question);
	await expect(page.locator('#approve-note')).toHaveValue('');
	expect(statusOf(d.id)).toBe('pending_review');
	await context.close();
});

test('a kept draft goes back only to the officer who typed it', async ({ browser, request }) => {
	const d = await pending(request);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/en/staff/login');
	await signInHere(page, OFFICER);
	await page.waitForURL((u) => !u.pathname.endsWith('/staff/login'));
	await page.goto(`/en/staff/review/${d.id}`);
	await page.locator('#approve-note').fill('Only for the officer who wrote it.');
	idleOut(OFFICER);
	await page.locator('form[action="?/approve"] button:not([name])').click();
	await page.waitForURL(/\/en\/staff\/login\?.*ended=1/);
	// someone else signs in at the same browser
	await signInHere(page, ACCOUNTS.admin);
	await page.waitForURL(`**/en/staff/review/${d.id}`);
	await expect(page.getByTestId('draft-restored')).toHaveCount(0);
	await expect(page.locator('#approve-note')).toHaveValue('');
	await context.close();
});

test('sign-in never sends anyone off the site, whatever the return path says', async ({ request, baseURL }) => {
	for (const next of ['https://evil.example/', '//evil.example/en/staff/review', '/\\evil.example', '/en/staff/../../evil', 'javascript:alert(1)', '/en/staff/login']) {
		const res = await request.post('/en/staff/login', {
			form: { email: ACCOUNTS.officer, password: DEMO_PASSWORD, next },
			headers: { origin: baseURL!, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(res.status(), next).toBe(303);
		expect(res.headers().location, next).toBe('/en/staff/review');
	}
	// a local staff path is kept
	const res = await request.post('/en/staff/login', {
		form: { email: ACCOUNTS.officer, password: DEMO_PASSWORD, next: '/en/staff/review?status=needs_information' },
		headers: { origin: baseURL!, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.headers().location).toBe('/en/staff/review?status=needs_information');
	// the sign-in page ignores an external return path in its link too
	const page = await request.get('/en/staff/login?next=https%3A%2F%2Fevil.example%2F&ended=1');
	expect(await page.text()).not.toContain('evil.example');
});

for (const lang of [
	{ code: 'en', sex: 'Female', type: 'Passport', relationship: 'School or university' },
	{ code: 'zh-hans', sex: '女', type: '护照', relationship: '学校' }
] as const) {
	test(`the review page shows labels and Shanghai times with the zone (${lang.code})`, async ({ page, request }) => {
		const d = await pending(request, 'en', (b) => {
			b.host!.relationship = 'school';
		});
		await signIn(page, ACCOUNTS.officer);
		await page.goto(`/${lang.code}/staff/review/${d.id}`);
		await expect(page.locator('#answer-sex dd')).toHaveText(lang.sex);
		await expect(page.locator('#answer-documentType dd')).toHaveText(lang.type);
		await expect(page.locator('#answer-hostRelationship dd')).toHaveText(lang.relationship);
		await expect(page.locator('#answer-checkIn dd')).toHaveText(STAFF_TIME);
		// no raw code or ISO instant is left in the answers
		const answers = await page.locator('dl.answers').allInnerTexts();
		expect(answers.join('\n')).not.toMatch(/\bschool\b|\bpassport\b|T\d{2}:\d{2}:\d{2}/);
		await expect(page.locator('.history li').first()).toContainText(STAFF_TIME);
		await expect(page.locator('h1 + p')).toContainText(STAFF_TIME);
		await expectNoAxeViolations(page);
	});
}

test('the queue filters by a country named in Chinese or English, and says when a name is no country', async ({ page, request }) => {
	const vietnamese = await pending(request, 'en', (b) => {
		b.person.nationality = 'VNM';
	});
	const american = await pending(request);
	await signIn(page, ACCOUNTS.officer);
	await page.goto('/zh-hans/staff/review');
	await page.locator('#nationality').fill('越南');
	await page.locator('form.filter button[type=submit]').click();
	await page.waitForURL(/nationality=/);
	await expect(page.locator('#nationality')).toHaveValue('越南 (VNM)');
	const table = page.locator('table');
	await expect(table.getByText(vietnamese.reference)).toBeVisible();
	await expect(table.getByText(american.reference)).toHaveCount(0);
	for (const cell of await page.locator('tbody td:nth-child(4)').allInnerTexts()) expect(cell).toContain('越南');
	await expectNoAxeViolations(page);

	await page.goto('/en/staff/review?nationality=viet%20nam');
	await expect(page.locator('#nationality')).toHaveValue('Vietnam (VNM)');
	await expect(page.locator('table').getByText(vietnamese.reference)).toBeVisible();

	await page.goto('/zh-hans/staff/review?nationality=%E7%81%AB%E6%98%9F');
	await expect(page.locator('.error-summary')).toContainText('“火星”不是已知的国家或国籍代码');
	await expect(page.locator('table')).toHaveCount(0);
	await expect(page.locator('#nationality')).toHaveValue('火星');
	await expectNoAxeViolations(page);
});

test('the audit log finds rows by e-mail and by declaration reference, and explains bad input', async ({ page, request, baseURL }) => {
	const d = await pending(request);
	// the officer opens the declaration: one audited view
	const cookie = await sessionCookie(baseURL!, ACCOUNTS.officer);
	const view = await fetch(`${baseURL}/en/staff/review/${d.id}`, { headers: { cookie } });
	expect(view.status).toBe(200);
	await view.body?.cancel();

	await signIn(page, ACCOUNTS.admin);
	await page.goto('/en/staff/admin/audit');
	await page.getByLabel('Record (reference or record id)').fill(d.reference.toLowerCase());
	await page.getByRole('button', { name: 'Apply filter' }).click();
	await page.waitForURL(/target=/);
	const rows = page.locator('tbody tr');
	await expect(rows.filter({ hasText: 'Declaration viewed' })).toHaveCount(1);
	for (const row of await rows.all()) await expect(row.locator('td').nth(4)).toContainText(d.id);
	await expect(rows.first().locator('td').nth(1)).toHaveText(STAFF_TIME);
	await expect(rows.first().locator('td').nth(4)).toContainText('Declaration');
	await expectNoAxeViolations(page);

	await page.getByLabel('Record (reference or record id)').fill('');
	await page.getByLabel('Person (e-mail address or account id)').fill(ACCOUNTS.officer.toUpperCase());
	await page.getByRole('button', { name: 'Apply filter' }).click();
	await page.waitForURL(/actor=/);
	await expect(rows.first()).toBeVisible();
	for (const row of await rows.all()) {
		const who = await row.locator('td').nth(2).innerText();
		const record = await row.locator('td').nth(4).innerText();
		expect(who.includes(ACCOUNTS.officer) || record.includes('Staff account'), `${who} | ${record}`).toBe(true);
	}
	await expect(rows.filter({ hasText: d.id })).not.toHaveCount(0);

	await page.goto('/en/staff/admin/audit?actor=nobody%40anju.example.org');
	await expect(page.locator('.error-summary')).toContainText('No staff account has this e-mail address');
	await expect(page.locator('table')).toHaveCount(0);
	await page.goto('/en/staff/admin/audit?target=JB-7KQ4-M2');
	await expect(page.locator('.error-summary')).toContainText('This is not a complete reference');
	await expect(page.locator('#target')).toHaveValue('JB-7KQ4-M2');
	await expect(page.locator('table')).toHaveCount(0);
	await expectNoAxeViolations(page);
	// a date of the right shape that no calendar has: told, not a server error
	const impossible = await page.goto('/en/staff/admin/audit?from=2026-13-45');
	expect(impossible?.status()).toBe(200);
	await expect(page.locator('.error-summary')).toContainText('Enter a date like 2026-11-28');
	await expect(page.locator('table')).toHaveCount(0);
});
