import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { ACCOUNTS, signIn } from './staff-helpers';

// Volunteers on their phones (issue 16 point 8), at 360 × 740: the board is a list of cards without
// sideways scrolling, the resident's number is tap-to-call, a warning comes 5 minutes before the
// claim ends with one-tap renewal, a half-typed message survives the claim ending, and "Mark as
// completed" says what happened. Axe on every page on the way.

const PHONE = { width: 360, height: 740 };
const MINUTE = 60_000;

async function newRequest(page: Page, contact: { phone?: string; email?: string }, topic = 'registration'): Promise<string> {
	const res = await page.request.post('/api/v1/help-requests', { data: { language: 'en', topic, channel: 'phone', contact } });
	expect(res.status()).toBe(201);
	return ((await res.json()) as { reference: string }).reference;
}

async function phonePage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled, hasTouch: true, isMobile: true });
	return context.newPage();
}

async function noSidewaysScroll(page: Page): Promise<void> {
	const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
	expect(scroll, 'page wider than the screen').toBeLessThanOrEqual(client);
}

/** The card of `reference` on the board. */
const card = (page: Page, reference: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: reference }) });

test('board as cards, tap-to-call, lease warning and renewal, a half-typed message kept, completion confirmed', async ({ browser }) => {
	test.setTimeout(120_000);
	const page = await phonePage(browser);
	// the phone's clock is ours to move forward; the server's is not touched
	await page.clock.install();
	await signIn(page, ACCOUNTS.volunteer);
	const reference = await newRequest(page, { phone: '+86 138 0013 8000', email: 'phone-journey@example.org' });

	// the board: one card per task, no sideways scrolling
	await page.goto('/en/staff/tasks', { waitUntil: 'networkidle' });
	const mine = card(page, reference);
	await expect(mine).toBeVisible();
	await expect(mine.getByText('English', { exact: true })).toBeVisible();
	await expect(mine.getByText('Registration', { exact: true })).toBeVisible();
	await expect(mine.getByText('Phone call', { exact: true })).toBeVisible();
	await expect(mine.getByText(/^\d+ min$/)).toBeVisible();
	await expect(page.getByRole('table')).toHaveCount(0);
	await noSidewaysScroll(page);
	await expectNoAxeViolations(page);

	// claim it: the contact is a tap-to-call link, in staff wording
	await mine.getByRole('button', { name: `Claim task ${reference}` }).click();
	await page.waitForURL(/\/en\/staff\/tasks\/[0-9A-Z]{26}$/);
	const taskUrl = page.url();
	await expect(page.getByRole('link', { name: 'Call +86 138 0013 8000' })).toHaveAttribute('href', 'tel:+8613800138000');
	await expect(page.getByText('Resident’s phone')).toBeVisible();
	await expect(page.getByText('What do you need help with?')).toHaveCount(0);
	await expect(page.getByTestId('lease-warning')).toHaveCount(0);
	await noSidewaysScroll(page);
	await expectNoAxeViolations(page);

	// 25½ minutes later (the claim runs 30): the warning appears by itself, and one tap renews
	await page.clock.fastForward(25.5 * MINUTE);
	const warning = page.getByTestId('lease-warning');
	await expect(warning).toBeVisible();
	await expect(warning).toHaveAttribute('role', 'alert');
	await expect(warning).toContainText(/Your claim ends at .+, in 5 minutes\. Renew it to keep the task\./);
	await expectNoAxeViolations(page);
	await warning.getByRole('button', { name: 'Renew my claim' }).click();
	await expect(page.getByText('Your claim was renewed.')).toBeVisible();
	await expect(warning).toHaveCount(0);

	// a half-typed message, then the claim ends (released in another tab)
	await page.getByLabel('Message to the resident').fill('Your appointment is on Monday at');
	const other = await page.context().newPage();
	await other.goto(taskUrl);
	await other.getByRole('button', { name: 'Release to the board' }).click();
	await other.waitForURL(/\/en\/staff\/tasks$/);
	await other.close();
	// the live update shows the task as ended, with the typed text still there
	await expect(page.getByRole('alert')).toContainText('You no longer hold this task', { timeout: 15_000 });
	await expect(page.getByLabel('What you had typed (not sent)')).toHaveValue('Your appointment is on Monday at');
	await expect(page.getByText('+86 138 0013 8000')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await page.getByLabel('What you had typed (not sent)').fill('Your appointment is on Monday at 10:00.');
	await page.getByRole('button', { name: 'Claim again and send' }).click();
	await expect(page.getByRole('listitem').filter({ hasText: 'Your appointment is on Monday at 10:00.' })).toBeVisible();
	await expect(page.getByLabel('Message to the resident')).toHaveValue('');

	// mark completed: the board says what happened, and the focus is on it
	await page.getByLabel('Time spent, in minutes').fill('12');
	await page.getByRole('button', { name: 'Mark as completed' }).click();
	await page.waitForURL(/\/en\/staff\/tasks\?completed=/);
	const done = page.getByTestId('completed');
	await expect(done).toHaveText(`Request ${reference} is marked completed. The resident has been told by e-mail and can rate the help on their request page.`);
	await expect(done).toBeFocused();
	await expect(card(page, reference)).toHaveCount(0);
	await noSidewaysScroll(page);
	await expectNoAxeViolations(page);
	await page.context().close();
});

test('without JavaScript: the warning and its renewal are plain form posts, and a message refused because the claim ended comes back typed', async ({ browser }) => {
	test.setTimeout(120_000);
	const admin = await (await browser.newContext()).newPage();
	await signIn(admin, ACCOUNTS.admin);
	const setLease = async (minutes: number) => {
		await admin.goto('/en/staff/admin/settings');
		await admin.getByLabel('Claim lease, in minutes').fill(String(minutes));
		await admin.getByRole('button', { name: 'Save settings' }).first().click();
		await expect(admin.getByRole('status')).toBeVisible();
	};
	// the shortest lease the setting allows: the warning is due as soon as the task is claimed
	await setLease(5);
	try {
		const page = await phonePage(browser, false);
		await signIn(page, ACCOUNTS.volunteer);
		const reference = await newRequest(page, { phone: '0573 8221 0000' }, 'other');
		await page.goto('/en/staff/tasks');
		await noSidewaysScroll(page);
		await card(page, reference)
			.getByRole('button', { name: `Claim task ${reference}` })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: `Task ${reference}` })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Call 0573 8221 0000' })).toHaveAttribute('href', 'tel:+8657382210000');

		const warning = page.getByTestId('lease-warning');
		await expect(warning).toContainText(/Your claim ends at .+, in 5 minutes\./);
		await warning.getByRole('button', { name: 'Renew my claim' }).click();
		await expect(page.getByText('Your claim was renewed.')).toBeVisible();
		await noSidewaysScroll(page);

		// the claim is released elsewhere; the message sent afterwards comes back with the page
		const taskUrl = page.url();
		const other = await page.context().newPage();
		await other.goto(taskUrl);
		await other.getByRole('button', { name: 'Release to the board' }).click();
		await other.close();
		await page.getByLabel('Message to the resident').fill('Please call me back this afternoon.');
		await page.getByRole('button', { name: 'Send message' }).click();
		await expect(page.getByRole('alert')).toContainText('Your claim ended before your message was sent, so it was not sent.');
		await expect(page.getByLabel('What you had typed (not sent)')).toHaveValue('Please call me back this afternoon.');
		await page.getByRole('button', { name: 'Claim again and send' }).click();
		await expect(page.getByRole('listitem').filter({ hasText: 'Please call me back this afternoon.' })).toBeVisible();

		// completing: the resident left no e-mail address, and the board says so
		await page.getByLabel('Time spent, in minutes').fill('5');
		await page.getByRole('button', { name: 'Mark as completed' }).click();
		await expect(page.getByTestId('completed')).toHaveText(
			`Request ${reference} is marked completed. The resident gave no e-mail address, so nobody was e-mailed; their request page shows it as completed.`
		);
		await page.context().close();
	} finally {
		await setLease(30);
		await admin.context().close();
	}
});
