import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerInformationRequest, findForResident } from '../../src/lib/server/follow-up';
import { decide } from '../../src/lib/server/review';
import { createUser, type User } from '../../src/lib/server/users';
import { canClaimTask } from '../../src/lib/server/authz';
import { acceptAsPartner } from '../../src/lib/server/help-partners';
import { claimTask, completeHelpRequest, escalateOverdue, listBoard } from '../../src/lib/server/help-claims';
import { createHelpRequest, findHelpRequest, openRequestFor, type Organisation } from '../../src/lib/server/help-requests';
import { conversationFor, submitTranslation, translationsOf, viewTranslationTask } from '../../src/lib/server/translations';
import { listTemplates } from '../../src/lib/server/question-templates';
import { renderTemplate } from '../../src/lib/domain/question-template';
import { newId } from '../../src/lib/server/ids';
import { runRetention } from '../../src/lib/server/retention';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { declaring, type Declaring } from './declaring';

// Issue 16, point 2: free text the other side does not read goes to the volunteer interpreters as a
// task on the board (claimed, leased, escalated like any), and comes back beside the original.

const officer = { id: null, role: 'officer' as const, ip: '127.0.0.1' };
const MIN = 60_000;

describe.each(DATABASES)('translations of questions and answers on %s', (kind) => {
	let app: TestApp;
	let submit: Declaring['submit'];
	let french: User;
	let french2: User;
	let english: User;

	async function pending(language: string) {
		const d = await submit({ language: language as 'en', person: { nationality: 'USA' } });
		if (d.status !== 'pending_review') throw new Error(JSON.stringify(d));
		return { reference: d.reference, accessCode: d.accessCode!, id: d.id, version: d.version };
	}

	async function ask(d: { id: string; version: number }, question = '请提供您的租房合同首页照片，并说明房东的联系电话。') {
		const result = await decide(app.db, d.id, d.version, { kind: 'request_information', question, language: 'zh-hans' }, officer);
		expect(result.ok).toBe(true);
	}

	/** The translation tasks of a declaration, oldest first. */
	async function tasksOf(declarationId: string) {
		return app.db
			.selectFrom('declaration_translations as t')
			.innerJoin('help_requests as h', 'h.id', 't.help_request_id')
			.select(['h.id', 'h.reference', 'h.status', 'h.language', 'h.topic', 'h.channel', 't.kind', 't.source_lang', 't.target_lang', 't.event_id', 't.translation_event_id'])
			.where('t.declaration_id', '=', declarationId)
			.orderBy('t.created_at')
			.execute();
	}

	async function audits(action: string) {
		return app.db.selectFrom('audit_log').select(['actor_id', 'actor_role', 'target_id', 'details']).where('action', '=', action).orderBy('seq').execute();
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		({ submit } = await declaring(app, { label: '嘉北花园3幢', labelEn: 'Bldg 3, Jiabei Huayuan' }, 900));
		french = await app.db.write((tx) => createUser(tx, { email: 'fr1@example.org', name: 'FR1', role: 'volunteer', languages: [{ lang: 'fr', level: 'fluent' }], availability: [] }));
		french2 = await app.db.write((tx) => createUser(tx, { email: 'fr2@example.org', name: 'FR2', role: 'volunteer', languages: [{ lang: 'fr', level: 'native' }], availability: [] }));
		english = await app.db.write((tx) => createUser(tx, { email: 'en1@example.org', name: 'EN1', role: 'volunteer', languages: [{ lang: 'en', level: 'native' }], availability: [] }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('a free-text question to a French resident becomes a French task on the board, with an audit row; only French volunteers see and claim it', async () => {
		const d = await pending('fr');
		const before = (await audits('translation.request')).length;
		await ask(d);
		const [task, ...more] = await tasksOf(d.id);
		expect(more).toEqual([]);
		expect(task).toMatchObject({ status: 'open', language: 'fr', topic: 'translation', channel: 'written', kind: 'question', source_lang: 'zh-hans', target_lang: 'fr', translation_event_id: null });
		expect((await findHelpRequest(app.db, task.id))?.declaration_id).toBe(d.id);
		const requested = await audits('translation.request');
		expect(requested.length).toBe(before + 1);
		expect(requested.at(-1)).toMatchObject({ actor_role: 'officer', target_id: d.id });
		expect(JSON.parse(requested.at(-1)!.details)).toMatchObject({ task: task.id, kind: 'question', from: 'zh-hans', to: 'fr' });
		// the board is language-matched
		expect((await listBoard(app.db, french.id, ['fr'])).open.map((t) => t.id)).toContain(task.id);
		expect((await listBoard(app.db, english.id, ['en'])).open.map((t) => t.id)).not.toContain(task.id);
		expect(canClaimTask(english, task)).toBe(false);
		expect(canClaimTask(french, task)).toBe(true);
		// the resident sees that a translation is on its way, beside the question
		const view = (await findForResident(app.db, d.reference, d.accessCode))!.view;
		expect(await translationsOf(app.db, d.id)).toEqual({ [view.questions[0].id!]: { state: 'pending', lang: 'fr' } });
	});

	it('no task for a resident who reads Chinese or English, nor for a template question without words of the officer’s own', async () => {
		for (const lang of ['en', 'zh-hans']) {
			const d = await pending(lang);
			await ask(d, 'Please send the first page of your lease.');
			await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'Here is what you asked for.' });
			expect(await tasksOf(d.id), lang).toEqual([]);
		}
		const q = (await listTemplates(app.db)).find((x) => x.key === 'landlord_id')!;
		const template = { id: q.id, key: q.key, version: q.version, fields: q.fields, texts: q.texts, values: {} };
		const plain = await pending('fr');
		await decide(app.db, plain.id, plain.version, { kind: 'request_information', question: renderTemplate(template, 'zh-hans')!, language: 'zh-hans', template }, officer);
		expect(await tasksOf(plain.id)).toEqual([]);
		// the template's free-text part is translated
		const withNote = await pending('fr');
		await decide(
			app.db,
			withNote.id,
			withNote.version,
			{ kind: 'request_information', question: renderTemplate(template, 'zh-hans')!, language: 'zh-hans', template, note: '房东本周在外地，也可以发身份证照片。' },
			officer
		);
		const [task] = await tasksOf(withNote.id);
		expect(task).toMatchObject({ kind: 'question', language: 'fr' });
		await claimTask(app.db, task.id, french.id);
		const seen = await viewTranslationTask(app.db, task.id, { id: french.id, role: 'volunteer', ip: null });
		expect(seen).toEqual({ kind: 'question', sourceLang: 'zh-hans', targetLang: 'fr', original: '房东本周在外地，也可以发身份证照片。', translated: false });
		expect((await findForResident(app.db, withNote.reference, withNote.accessCode))!.view.questions[0].note).toBe('房东本周在外地，也可以发身份证照片。');
	});

	it('only the holder completes it: another volunteer, a lapsed lease and an empty text are refused with nothing changed; the holder’s translation is stored encrypted and audited', async () => {
		const d = await pending('fr');
		await ask(d);
		const [task] = await tasksOf(d.id);
		const claimedAt = new Date();
		expect((await claimTask(app.db, task.id, french.id, claimedAt)).ok).toBe(true);
		const claims = await audits('translation.claim');
		expect(claims.at(-1)).toMatchObject({ actor_id: french.id, actor_role: 'volunteer', target_id: task.id });
		const original = await viewTranslationTask(app.db, task.id, { id: french.id, role: 'volunteer', ip: '10.0.0.1' });
		expect(original?.original).toBe('请提供您的租房合同首页照片，并说明房东的联系电话。');
		expect((await audits('translation.view_original')).at(-1)).toMatchObject({ actor_id: french.id, target_id: task.id });

		const text = 'Veuillez fournir une photo de la première page de votre bail et indiquer le numéro de téléphone de votre propriétaire.';
		const submits = (await audits('translation.submit')).length;
		const unchanged = async () => {
			expect((await tasksOf(d.id))[0]).toMatchObject({ status: 'claimed', translation_event_id: null });
			expect((await audits('translation.submit')).length).toBe(submits);
			expect(await app.db.selectFrom('declaration_events').select('id').where('declaration_id', '=', d.id).where('type', '=', 'translated').execute()).toEqual([]);
		};
		// someone who does not hold it, though they speak French
		expect(await submitTranslation(app.db, task.id, { userId: french2.id }, text, { id: french2.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'not_holder' });
		await unchanged();
		// an organisation that never accepted it
		expect(await submitTranslation(app.db, task.id, { organisationId: newId() }, text, { id: newId(), role: 'partner', ip: null })).toEqual({ ok: false, reason: 'not_holder' });
		await unchanged();
		// the holder, once the lease has run out
		expect(await submitTranslation(app.db, task.id, { userId: french.id }, text, { id: french.id, role: 'volunteer', ip: null }, new Date(claimedAt.getTime() + 31 * MIN))).toEqual({
			ok: false,
			reason: 'not_holder'
		});
		await unchanged();
		// empty, or blank
		for (const empty of ['', '   \n ', undefined]) {
			expect(await submitTranslation(app.db, task.id, { userId: french.id }, empty, { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'required' });
		}
		expect(await submitTranslation(app.db, task.id, { userId: french.id }, 'x'.repeat(4001), { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'too_long' });
		await unchanged();
		// the ordinary completion does not close a translation task without its translation
		expect(await completeHelpRequest(app.db, task.id, { userId: french.id }, { durationMinutes: 5, note: '' })).toEqual({ ok: false, reason: 'not_allowed' });
		await unchanged();

		expect(await submitTranslation(app.db, task.id, { userId: french.id }, `  ${text}\n`, { id: french.id, role: 'volunteer', ip: '10.0.0.1' })).toEqual({ ok: true });
		expect((await tasksOf(d.id))[0]).toMatchObject({ status: 'completed', translation_event_id: expect.any(String) });
		const submitted = (await audits('translation.submit')).at(-1)!;
		expect(submitted).toMatchObject({ actor_id: french.id, actor_role: 'volunteer', target_id: d.id });
		expect(JSON.parse(submitted.details)).toEqual({ task: task.id, kind: 'question', to: 'fr' });
		const stored = JSON.stringify(await app.db.selectFrom('declaration_events').select('data').where('declaration_id', '=', d.id).execute());
		expect(stored).not.toContain('Veuillez');
		expect(stored).not.toContain('租房合同');
		const view = (await findForResident(app.db, d.reference, d.accessCode))!.view;
		expect((await translationsOf(app.db, d.id))[view.questions[0].id!]).toEqual({ state: 'done', lang: 'fr', text, at: expect.any(String) });
		// a second translation of the same task: closed
		expect(await submitTranslation(app.db, task.id, { userId: french.id }, 'Autre texte', { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'closed' });
	});

	it('the answer in French goes back to the officer in the question’s language; the officer’s view of translations is audited', async () => {
		const d = await pending('fr');
		await ask(d);
		const [questionTask] = await tasksOf(d.id);
		await claimTask(app.db, questionTask.id, french.id);
		await submitTranslation(app.db, questionTask.id, { userId: french.id }, 'Veuillez fournir la première page de votre bail.', { id: french.id, role: 'volunteer', ip: null });
		const answered = await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'Voici la page. Le numéro du propriétaire est le 138 0000 1111.' });
		expect(answered.ok).toBe(true);
		const [, answerTask] = await tasksOf(d.id);
		expect(answerTask).toMatchObject({ kind: 'answer', language: 'fr', source_lang: 'fr', target_lang: 'zh-hans', status: 'open' });
		expect((await audits('translation.request')).at(-1)).toMatchObject({ actor_id: null, actor_role: 'resident', target_id: d.id });

		const views = (await audits('translation.view')).length;
		const header = { id: d.id, language: 'fr' };
		let items = await conversationFor(app.db, header, officer);
		expect(items.map((i) => [i.kind, i.translation?.state])).toEqual([
			['question', 'done'],
			['answer', 'pending']
		]);
		expect(items[1].text).toBe('Voici la page. Le numéro du propriétaire est le 138 0000 1111.');
		expect((await audits('translation.view')).length).toBe(views + 1);

		await claimTask(app.db, answerTask.id, french2.id);
		expect(await submitTranslation(app.db, answerTask.id, { userId: french2.id }, '这是那一页。房东的电话是138 0000 1111。', { id: french2.id, role: 'volunteer', ip: null })).toEqual({ ok: true });
		items = await conversationFor(app.db, header, officer);
		expect(items[1].translation).toEqual({ state: 'done', lang: 'zh-hans', text: '这是那一页。房东的电话是138 0000 1111。', at: expect.any(String) });
		const viewed = (await audits('translation.view')).at(-1)!;
		expect(viewed).toMatchObject({ actor_role: 'officer', target_id: d.id });
		expect(JSON.parse(viewed.details)).toEqual({ translations: 2 });
	});

	it('a task nobody takes is escalated like any, and a partner that speaks the language may take and translate it', async () => {
		const d = await pending('fr');
		await ask(d);
		const [task] = await tasksOf(d.id);
		await escalateOverdue(app.db, new Date(Date.now() + 20 * MIN));
		expect((await findHelpRequest(app.db, task.id))?.escalated_at).not.toBeNull();
		const orgId = newId();
		await app.db
			.insertInto('organisations')
			.values({ id: orgId, name: '某律所', name_en: 'A law firm', kind: 'legal', languages: JSON.stringify(['fr']), created_at: new Date().toISOString() })
			.execute();
		const organisation = (await app.db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirst()) as Organisation;
		expect(await acceptAsPartner(app.db, task.id, organisation)).toEqual({ ok: true });
		expect((await audits('translation.claim')).at(-1)).toMatchObject({ actor_role: 'partner', target_id: task.id });
		// the volunteer who did not take it cannot translate it now
		expect(await submitTranslation(app.db, task.id, { userId: french.id }, 'Texte', { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'not_holder' });
		expect(await submitTranslation(app.db, task.id, { organisationId: orgId }, 'Merci de fournir votre bail.', { id: newId(), role: 'partner', ip: null })).toEqual({ ok: true });
		expect((await tasksOf(d.id))[0].status).toBe('completed');
	});

	it('"I need an interpreter to answer" opens a help request linked to the declaration; translation tasks are not the resident’s', async () => {
		const d = await pending('fr');
		await ask(d);
		expect(await openRequestFor(app.db, d.id)).toBeUndefined();
		const created = await createHelpRequest(app.db, { language: 'fr', topic: 'registration', channel: 'phone', contact: { phone: '13800001111' }, declarationReference: d.reference });
		expect(created.ok).toBe(true);
		expect(await openRequestFor(app.db, d.id)).toEqual({ reference: created.ok ? created.reference : '', status: 'open' });
	});

	// last: the run anonymises every declaration of this database
	it('retention erases the texts and translations with the declaration, and takes its open tasks off the board', async () => {
		const d = await pending('fr');
		await ask(d);
		const answered = await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'Je ne comprends pas la question.' });
		expect(answered.ok).toBe(true);
		const [questionTask, answerTask] = await tasksOf(d.id);
		await claimTask(app.db, questionTask.id, french.id);
		await submitTranslation(app.db, questionTask.id, { userId: french.id }, 'Merci de fournir votre bail.', { id: french.id, role: 'volunteer', ip: null });
		expect(
			Object.values(await translationsOf(app.db, d.id))
				.map((t) => t.state)
				.sort()
		).toEqual(['done', 'pending']);
		await runRetention(app.db, new Date(Date.now() + 3 * 365 * 86_400_000));
		expect(await translationsOf(app.db, d.id)).toEqual({});
		expect((await findHelpRequest(app.db, answerTask.id))?.status).toBe('cancelled');
		expect((await listBoard(app.db, french.id, ['fr'])).open.map((t) => t.id)).not.toContain(answerTask.id);
	});
});
