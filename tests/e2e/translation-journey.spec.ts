import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe';
import { e2eDb } from './declare-helpers';
import { pending, residentOpens, statusOf } from './review-helpers';
import { ACCOUNTS, sessionCookie, signIn } from './staff-helpers';

// Issue 16, point 2: free text goes through the interpreters. Three browsers side by side: an
// officer asks a free-text question in Chinese, a volunteer who speaks French translates it, the
// French resident (a phone, without JavaScript) reads it beside the original and answers in French,
// and the answer's translation comes back to the officer. Axe on every page on the way.

const FRENCH_VOLUNTEER = 'v05@anju.example.org';
const OTHER_FRENCH_VOLUNTEER = 'v15@anju.example.org';
const QUESTION = '请提供您的租房合同首页照片，并说明房东的联系电话。';
const QUESTION_FR = 'Veuillez envoyer une photo de la première page de votre bail et indiquer le numéro de téléphone de votre propriétaire.';
const ANSWER = 'Je vous envoie la page demain. Le numéro de ma propriétaire est le 138 0013 8000.';
const ANSWER_ZH = '我明天发送那一页。我的房东的电话号码是138 0013 8000。';

/** The translation task of the declaration's question or answer, from the database. */
function taskOf(declarationId: string, kind: 'question' | 'answer'): { id: string; reference: string; translated: string | null } {
	const db = e2eDb();
	try {
		return db
			.prepare(
				`select h.id, h.reference, t.translation_event_id as translated from declaration_translations t join help_requests h on h.id = t.help_request_id
				 where t.declaration_id = ? and t.kind = ?`
			)
			.get(declarationId, kind) as { id: string; reference: string; translated: string | null };
	} finally {
		db.close();
	}
}

/** axe needs JavaScript in the page: the resident's page (their cookies, their URL) in a twin context that runs it. */
async function axeAsResident(resident: Page, twin: Page, act?: (page: Page) => Promise<void>): Promise<void> {
	await twin.context().addCookies(await resident.context().cookies());
	await twin.goto(resident.url());
	await act?.(twin);
	await expectNoAxeViolations(twin);
}

async function claimAndOpen(volunteer: Page, reference: string): Promise<void> {
	await volunteer.goto('/en/staff/tasks');
	await volunteer.getByRole('button', { name: `Claim task ${reference}` }).click();
	await volunteer.waitForURL(/\/en\/staff\/tasks\/[0-9A-Z]{26}$/);
	await expect(volunteer.getByRole('heading', { level: 1, name: `Task ${reference}` })).toBeVisible();
}

test('a free-text question is translated by a volunteer, read and answered in French, and the answer translated back', async ({ browser, request, baseURL }) => {
	test.setTimeout(240_000);
	const d = await pending(request, 'fr');
	const officer = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
	const volunteer = await (await browser.newContext()).newPage();
	const resident = await (await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false })).newPage();
	const twin = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();

	// the officer asks in Chinese, in their own words
	await signIn(officer, ACCOUNTS.officer);
	await officer.goto(`/zh-hans/staff/review/${d.id}`);
	await expect(officer.getByText('志愿翻译翻译')).toBeVisible();
	await officer.locator('#question').fill(QUESTION);
	await officer.getByRole('button', { name: '要求申报人补充信息', exact: true }).click();
	await expect(officer.getByTestId('conversation-question')).toContainText(QUESTION);
	await expect(officer.getByTestId('translation-pending')).toBeVisible();
	expect(statusOf(d.id)).toBe('needs_information');
	await expectNoAxeViolations(officer);

	// a French-speaking volunteer finds it on the board, claims it and sees the original
	const question = taskOf(d.id, 'question');
	await signIn(volunteer, FRENCH_VOLUNTEER);
	await claimAndOpen(volunteer, question.reference);
	await expect(volunteer.getByTestId('translation-original')).toHaveText(QUESTION);
	await expect(volunteer.getByTestId('translation-original')).toHaveAttribute('lang', 'zh-Hans');
	await expectNoAxeViolations(volunteer);
	// an empty translation is refused
	await volunteer.getByRole('button', { name: 'Send the translation' }).click();
	await expect(volunteer.locator('#translation-error')).toHaveText('Type the translation before sending it.');
	expect(taskOf(d.id, 'question').translated).toBeNull();
	await expectNoAxeViolations(volunteer);
	// another French volunteer, who does not hold it, is refused and nothing changes
	const other = await sessionCookie(baseURL!, OTHER_FRENCH_VOLUNTEER);
	const refused = await fetch(`${baseURL}/en/staff/tasks/${question.id}?/translate`, {
		method: 'POST',
		body: new URLSearchParams({ translation: 'Une autre traduction.' }),
		headers: { origin: baseURL!, cookie: other, accept: 'application/json', 'x-sveltekit-action': 'true' }
	});
	const failure = (await refused.json()) as { type: string; status: number; data: string };
	expect([failure.type, failure.status]).toEqual(['failure', 403]);
	expect(failure.data).toContain('You do not hold this task');
	expect(taskOf(d.id, 'question').translated).toBeNull();
	// the holder translates
	await volunteer.getByLabel(/Your translation into/).fill(QUESTION_FR);
	await volunteer.getByRole('button', { name: 'Send the translation' }).click();
	await expect(volunteer.getByText('Thank you: your translation has been sent.')).toBeVisible();
	expect(taskOf(d.id, 'question').translated).not.toBeNull();

	// the same through the API, for other front ends
	const api = await request.get(`/api/v1/declarations/${d.reference}`, { headers: { 'x-access-code': d.accessCode } });
	const { questions } = (await api.json()) as { questions: { text: string; translation: unknown }[] };
	expect(questions).toEqual([expect.objectContaining({ text: QUESTION, translation: { by: 'volunteer', language: 'fr', text: QUESTION_FR } })]);

	// the resident reads the volunteer's translation beside the officer's words
	await residentOpens(resident, 'fr', d);
	await expect(resident.getByTestId('question')).toHaveText(QUESTION);
	await expect(resident.getByTestId('question-translation')).toContainText('Traduction par un interprète bénévole');
	await expect(resident.getByTestId('question-translation')).toContainText(QUESTION_FR);
	await expect(resident.getByTestId('question-translation').locator('[lang="fr"]')).toHaveText(QUESTION_FR);
	await axeAsResident(resident, twin);
	// "I need an interpreter to answer": without the tick, a clear message; with it, a request linked to the declaration
	await resident.getByRole('button', { name: 'Demander un interprète' }).click();
	await expect(resident.locator('#needInterpreter-error')).toContainText('Cochez');
	await axeAsResident(resident, twin, async (page) => {
		await page.getByRole('button', { name: 'Demander un interprète' }).click();
		await expect(page.locator('#needInterpreter-error')).toBeVisible();
	});
	await resident.getByLabel("J'ai besoin d'un interprète pour répondre").check();
	await resident.getByRole('button', { name: 'Demander un interprète' }).click();
	await resident.waitForURL(/\/fr\/help\/HR-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	const helpReference = resident.url().split('/').pop()!;
	await resident.goto(`/fr/status/${d.reference}`);
	await expect(resident.getByTestId('interpreter-asked')).toContainText(helpReference);
	// the answer, in French
	await resident.locator('#message').fill(ANSWER);
	await resident.locator('form[action="?/answer"] button[type=submit]').click();
	await expect(resident.getByTestId('own-answer')).toContainText(ANSWER);
	await expect(resident.getByTestId('answer-translation-pending')).toBeVisible();
	expect(statusOf(d.id)).toBe('pending_review');
	await axeAsResident(resident, twin, async (page) => {
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	});

	// the officer sees the answer as written, with word that a translation is on its way
	await officer.goto(`/zh-hans/staff/review/${d.id}`);
	await expect(officer.getByTestId('conversation-answer')).toContainText(ANSWER);
	await expect(officer.getByTestId('conversation-answer').getByTestId('translation-pending')).toBeVisible();

	// the volunteer translates the answer into Chinese
	const answer = taskOf(d.id, 'answer');
	await claimAndOpen(volunteer, answer.reference);
	await expect(volunteer.getByTestId('translation-original')).toHaveText(ANSWER);
	await volunteer.getByLabel(/Your translation into/).fill(ANSWER_ZH);
	await volunteer.getByRole('button', { name: 'Send the translation' }).click();
	await expect(volunteer.getByText('Thank you: your translation has been sent.')).toBeVisible();
	await expectNoAxeViolations(volunteer);

	// back to the officer, beside the resident's words, marked as a volunteer's translation
	await officer.reload();
	const answered = officer.getByTestId('conversation-answer');
	await expect(answered.getByTestId('translation-done')).toContainText('志愿者译文');
	await expect(answered.getByTestId('translation-done')).toContainText(ANSWER_ZH);
	await expect(officer.getByTestId('conversation-question').getByTestId('translation-done')).toContainText(QUESTION_FR);
	await expectNoAxeViolations(officer);
	// and on the resident's page, beside their own answer
	await resident.reload();
	await expect(resident.getByTestId('answer-translation')).toContainText(ANSWER_ZH);
	await axeAsResident(resident, twin);

	for (const page of [officer, volunteer, resident, twin]) await page.context().close();
});
