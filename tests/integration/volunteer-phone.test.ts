import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHelpRequest, findHelpRequest } from '../../src/lib/server/help-requests';
import { claimTask, listBoard } from '../../src/lib/server/help-claims';
import { answerInformationRequest } from '../../src/lib/server/follow-up';
import { decide } from '../../src/lib/server/review';
import { submitTranslation, translationsOf } from '../../src/lib/server/translations';
import { createUser, updateAccount, type User } from '../../src/lib/server/users';
import { decrypt, loadKeys } from '../../src/lib/server/crypto';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { declaring, type Declaring } from './declaring';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// Issue 16 point 8 and the known gaps of translation tasks: volunteers' e-mails in their own mail
// language; the resident e-mailed when the officer's question arrives translated; open translation
// tasks closed, audited, when the declaration is decided; and over HTTP, renewing or completing a
// task one does not hold is refused with a clear message and nothing changed.

const officer = { id: null, role: 'officer' as const, ip: '127.0.0.1' };
const ALWAYS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '00:00', to: '24:00' }));

describe.each(DATABASES)('volunteer mail and translation tasks on %s', (kind) => {
	let app: TestApp;
	let submit: Declaring['submit'];
	let french: User;

	/** Every queued mail, decrypted. */
	async function mails(): Promise<{ id: string; to: string; subject: string; body: string }[]> {
		const rows = await app.db.selectFrom('outbox').select(['id', 'recipient', 'subject', 'body']).orderBy('created_at').execute();
		return rows.map((r) => ({
			id: r.id,
			to: decrypt(app.db.keys, r.recipient, `outbox:${r.id}:recipient`),
			subject: decrypt(app.db.keys, r.subject, `outbox:${r.id}:subject`),
			body: decrypt(app.db.keys, r.body, `outbox:${r.id}:body`)
		}));
	}

	async function pendingFrench() {
		const d = await submit({ language: 'fr', person: { nationality: 'USA' } });
		if (d.status !== 'pending_review') throw new Error(JSON.stringify(d));
		return { reference: d.reference, accessCode: d.accessCode!, id: d.id, version: d.version };
	}

	async function tasksOf(declarationId: string) {
		return app.db
			.selectFrom('declaration_translations as t')
			.innerJoin('help_requests as h', 'h.id', 't.help_request_id')
			.select(['h.id', 'h.status', 'h.lease_until', 't.kind', 't.translation_event_id'])
			.where('t.declaration_id', '=', declarationId)
			.orderBy('t.created_at')
			.execute();
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		({ submit } = await declaring(app, { label: '嘉北花园5幢', labelEn: 'Bldg 5, Jiabei Huayuan' }, 1700));
		// no availability: French volunteers get no new-task mail here, so the outbox holds only the mail under test
		french = await app.db.write((tx) => createUser(tx, { email: 'fr-phone@example.org', name: 'FR', role: 'volunteer', languages: [{ lang: 'fr', level: 'fluent' }], availability: [] }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('a new task is mailed to each volunteer in their own mail language, with a link in that language', async () => {
		const english = await app.db.write((tx) => createUser(tx, { email: 'it-en@example.org', name: 'IT EN', role: 'volunteer', languages: [{ lang: 'it', level: 'native' }], availability: ALWAYS }));
		const chinese = await app.db.write((tx) =>
			createUser(tx, { email: 'it-zh@example.org', name: 'IT ZH', role: 'volunteer', languages: [{ lang: 'it', level: 'fluent' }], availability: ALWAYS, mailLanguage: 'zh-hans' })
		);
		expect(english.mail_language).toBe('en');
		expect(chinese.mail_language).toBe('zh-hans');
		const before = (await mails()).length;
		const created = await createHelpRequest(app.db, { language: 'it', topic: 'registration', channel: 'chat', contact: { email: 'resident-it@example.org' } });
		if (!created.ok) throw new Error('not created');
		const sent = (await mails()).slice(before);
		const toEnglish = sent.find((m) => m.to === 'it-en@example.org')!;
		const toChinese = sent.find((m) => m.to === 'it-zh@example.org')!;
		expect(toEnglish.subject).toBe('New interpreter task in Italian');
		expect(toEnglish.body).toContain(`(Registration), reference ${created.reference}`);
		expect(toEnglish.body).toContain('/en/staff/tasks');
		expect(toChinese.subject).toBe('新的意大利语口译任务');
		expect(toChinese.body).toContain(`一位居民需要意大利语帮助（住宿登记），编号 ${created.reference}`);
		expect(toChinese.body).toContain('/zh-hans/staff/tasks');
		// staff wording, never the resident's
		expect(toEnglish.body).not.toContain('Registering my place of stay');

		// the admin switches the English one to Chinese: audited, and the next task's mail follows
		const admin = { id: null, role: 'admin' as const, ip: null };
		const changed = await updateAccount(app.db, admin, english.id, { email: english.email, name: english.name, role: 'volunteer', organisationId: null, mailLanguage: 'zh-hans' });
		expect(changed.ok && changed.user.mail_language).toBe('zh-hans');
		const audit = await app.db.selectFrom('audit_log').select('details').where('action', '=', 'user.update').where('target_id', '=', english.id).execute();
		expect(JSON.parse(audit.at(-1)!.details)).toEqual({ fields: ['mailLanguage'] });
		// left out, it stays as it is
		await updateAccount(app.db, admin, english.id, { email: english.email, name: 'IT EN 2', role: 'volunteer', organisationId: null });
		expect((await app.db.selectFrom('users').select('mail_language').where('id', '=', english.id).executeTakeFirstOrThrow()).mail_language).toBe('zh-hans');
		const next = (await mails()).length;
		await createHelpRequest(app.db, { language: 'it', topic: 'other', channel: 'chat', contact: { email: 'resident-it@example.org' } });
		const again = (await mails()).slice(next).find((m) => m.to === 'it-en@example.org')!;
		expect(again.subject).toBe('新的意大利语口译任务');
	});

	it('the translated question is mailed to the resident in the declaration’s language, in the translation’s unit; a translated answer mails nobody', async () => {
		const d = await pendingFrench();
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: '请提供房东的身份证照片。', language: 'zh-hans' }, officer);
		const [task] = await tasksOf(d.id);
		await claimTask(app.db, task.id, french.id);
		const before = (await mails()).length;
		// refused (not the holder): no mail
		expect((await submitTranslation(app.db, task.id, { userId: 'someone-else' }, 'Texte', { id: 'x', role: 'volunteer', ip: null })).ok).toBe(false);
		expect((await mails()).length).toBe(before);

		const text = 'Veuillez envoyer une photo de la carte d’identité de votre propriétaire.';
		expect(await submitTranslation(app.db, task.id, { userId: french.id }, text, { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: true });
		const sent = (await mails()).slice(before);
		expect(sent).toHaveLength(1);
		const [mail] = sent;
		expect(mail.to).toMatch(/^marie\.dupont\.\d+@example\.org$/);
		expect(mail.subject).toBe(`La question de la police dans votre langue (${d.reference})`);
		expect(mail.body).toContain(text);
		expect(mail.body).toContain(`/fr/status?reference=${d.reference}`);
		expect(mail.body).not.toContain(d.accessCode);

		// the resident answers in French; its translation for the officer is no news to the resident
		await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'Voici la photo.' });
		const [, answerTask] = await tasksOf(d.id);
		await claimTask(app.db, answerTask.id, french.id);
		const beforeAnswer = (await mails()).length;
		expect(await submitTranslation(app.db, answerTask.id, { userId: french.id }, '这是照片。', { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: true });
		expect((await mails()).length).toBe(beforeAnswer);
	});

	it('deciding the declaration cancels its open translation tasks, held or not, with an audit row; translated ones stay as they were', async () => {
		for (const decision of [{ kind: 'approve', note: 'Checked at the counter.' } as const, { kind: 'reject', reason: 'other', note: 'Left before the answer.' } as const]) {
			const d = await pendingFrench();
			await decide(app.db, d.id, d.version, { kind: 'request_information', question: '请确认入住日期。', language: 'zh-hans' }, officer);
			const [questionTask] = await tasksOf(d.id);
			await claimTask(app.db, questionTask.id, french.id);
			await submitTranslation(app.db, questionTask.id, { userId: french.id }, 'Veuillez confirmer la date d’arrivée.', { id: french.id, role: 'volunteer', ip: null });
			await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'Je suis arrivée le 3.' });
			const [, answerTask] = await tasksOf(d.id);
			// the answer's task is held by a volunteer when the officer decides
			expect((await claimTask(app.db, answerTask.id, french.id)).ok).toBe(true);
			expect((await listBoard(app.db, french.id, ['fr'])).mine.map((t) => t.id)).toContain(answerTask.id);

			const version = (await app.db.selectFrom('declarations').select('version').where('id', '=', d.id).executeTakeFirstOrThrow()).version;
			const decided = await decide(app.db, d.id, version, decision as Parameters<typeof decide>[3], officer);
			expect(decided.ok, decision.kind).toBe(true);

			const [question, answer] = await tasksOf(d.id);
			expect(question).toMatchObject({ status: 'completed', translation_event_id: expect.any(String) });
			expect(answer).toMatchObject({ status: 'cancelled', lease_until: null, translation_event_id: null });
			// off the board, and nobody's any more
			const board = await listBoard(app.db, french.id, ['fr']);
			expect([...board.open, ...board.mine].map((t) => t.id)).not.toContain(answerTask.id);
			// the holder's translation is refused: the task is closed
			expect(await submitTranslation(app.db, answerTask.id, { userId: french.id }, '我是3号到的。', { id: french.id, role: 'volunteer', ip: null })).toEqual({ ok: false, reason: 'closed' });
			// neither side is told a translation is on its way
			expect(Object.values(await translationsOf(app.db, d.id)).map((s) => s.state)).toEqual(['done']);
			const audit = await app.db.selectFrom('audit_log').select(['actor_role', 'details']).where('action', '=', 'translation.cancel').where('target_id', '=', d.id).execute();
			expect(audit).toHaveLength(1);
			expect(audit[0].actor_role).toBe('officer');
			expect(JSON.parse(audit[0].details)).toEqual({ tasks: [answerTask.id], decision: decision.kind });
		}
	});

	it('asking another question cancels nothing, and a decision without open tasks writes no cancel row', async () => {
		const d = await pendingFrench();
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: '请提供护照首页。', language: 'zh-hans' }, officer);
		const [task] = await tasksOf(d.id);
		expect(task.status).toBe('open');
		const plain = await submit({ language: 'en', person: { nationality: 'USA' } });
		expect((await decide(app.db, plain.id, plain.version, { kind: 'approve', note: '' }, officer)).ok).toBe(true);
		expect(await app.db.selectFrom('audit_log').select('seq').where('action', '=', 'translation.cancel').where('target_id', '=', plain.id).execute()).toEqual([]);
		expect((await findHelpRequest(app.db, task.id))?.status).toBe('open');
	});
});

describe.each(DATABASES)('renewing and completing a task one does not hold, over HTTP, on %s', (kind) => {
	let server: TestServer;
	let v01: string;
	let v02: string;

	async function signIn(email: string): Promise<string> {
		const res = await fetch(`${server.url}/en/staff/login`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
			redirect: 'manual'
		});
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('anju_session='));
		if (res.status !== 303 || !cookie) throw new Error(`sign-in ${email}: ${res.status}`);
		return cookie.split(';')[0];
	}

	const post = (path: string, cookie: string, form: Record<string, string>) =>
		fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
			body: new URLSearchParams(form),
			redirect: 'manual'
		}).then(async (r) => ({ status: r.status, location: r.headers.get('location') ?? '', body: await r.text() }));

	async function newTask(): Promise<string> {
		const res = await fetch(`${server.url}/api/v1/help-requests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ language: 'en', topic: 'registration', channel: 'phone', contact: { phone: '13912345678', email: 'guard@example.org' } })
		});
		expect(res.status).toBe(201);
		const { reference } = (await res.json()) as { reference: string };
		return (await server.query<{ id: string }>('select id from help_requests where reference = ?', [reference]))[0].id;
	}

	const state = async (id: string) =>
		(
			await server.query<{ status: string; claimed_by: string | null; lease_until: string | null; version: number | string; completed_at: string | null }>(
				'select status, claimed_by, lease_until, version, completed_at from help_requests where id = ?',
				[id]
			)
		)[0];

	beforeAll(async () => {
		server = await startServer(kind);
		v01 = await signIn('v01@anju.example.org');
		v02 = await signIn('v02@anju.example.org');
	}, 180_000);
	afterAll(() => server?.cleanup());

	it('a task nobody holds: renew and complete each answer 403 with their own message on the task page, nothing changed', async () => {
		const id = await newTask();
		const before = await state(id);
		const renew = await post(`/en/staff/tasks/${id}?/renew`, v01, {});
		expect(renew.status).toBe(403);
		// the rendered message (the page's data carries every staff text, so look for it in the markup)
		expect(renew.body).toContain('<p>You do not hold this task, so there is no claim of yours to renew. Nothing was changed.</p>');
		const complete = await post(`/en/staff/tasks/${id}?/complete`, v01, { duration: '10', note: '' });
		expect(complete.status).toBe(403);
		expect(complete.body).toContain('<p>You do not hold this task (any more), so it was not marked completed. Nothing was changed.</p>');
		// the page offers to claim it, and shows no contact
		expect(complete.body).toMatch(/<button type="submit">Claim again and send<\/button>/);
		expect(complete.body).not.toContain('13912345678');
		expect(await state(id)).toEqual(before);
		const views = await server.query<{ n: number | string }>("select count(*) as n from audit_log where action = 'help_request.view_contact' and target_id = ?", [id]);
		expect(Number(views[0].n)).toBe(0);
	});

	it('a task another volunteer holds: renew and complete change nothing, and the board says another volunteer holds it', async () => {
		const id = await newTask();
		expect((await post('/en/staff/tasks?/claim', v02, { taskId: id })).status).toBe(303);
		const before = await state(id);
		for (const [action, form] of [
			['renew', {}],
			['complete', { duration: '10', note: '' }]
		] as const) {
			const res = await post(`/en/staff/tasks/${id}?/${action}`, v01, form);
			expect(res.status, action).toBe(303);
			expect(res.location).toBe('/en/staff/tasks?held=1');
			expect(await state(id)).toEqual(before);
		}
		const board = await (await fetch(`${server.url}/en/staff/tasks?held=1`, { headers: { cookie: v01, accept: 'text/html' } })).text();
		expect(board).toContain('<p>Another volunteer holds that task now, so nothing was changed. Choose another task.</p>');
		// the holder renews and completes as before; the board then says what happened
		expect((await post(`/en/staff/tasks/${id}?/renew`, v02, {})).status).toBe(200);
		const done = await post(`/en/staff/tasks/${id}?/complete`, v02, { duration: '10', note: '' });
		expect(done.status).toBe(303);
		expect(done.location).toBe(`/en/staff/tasks?completed=${id}&outcome=resident_emailed`);
		expect((await state(id)).status).toBe('completed');
		const confirmed = await (await fetch(`${server.url}${done.location}`, { headers: { cookie: v02, accept: 'text/html' } })).text();
		expect(confirmed).toContain('data-testid="completed"');
		expect(confirmed).toMatch(/Request HR-[A-Z2-9-]+ is marked completed\. The resident has been told by e-mail/);
		// the same link opened by someone who did not complete it says nothing
		const forged = await (await fetch(`${server.url}${done.location}`, { headers: { cookie: v01, accept: 'text/html' } })).text();
		expect(forged).not.toContain('data-testid="completed"');
		expect(forged).not.toMatch(/Request HR-[A-Z2-9-]+ is marked completed/);
	});
	it('a volunteer sets the language of their own e-mails on the board; a made-up value changes nothing', async () => {
		const mailLanguage = async () => (await server.query<{ mail_language: string }>("select mail_language from users where email = 'v03@anju.example.org'"))[0].mail_language;
		const v03 = await signIn('v03@anju.example.org');
		const profile = { 'level-zh-hans': 'native', 'level-ko': 'fluent', 'level-en': 'working' };
		expect((await post('/en/staff/tasks?/profile', v03, { ...profile, mailLanguage: 'zh-hans' })).status).toBe(200);
		expect(await mailLanguage()).toBe('zh-hans');
		expect((await post('/en/staff/tasks?/profile', v03, { ...profile, mailLanguage: 'fr' })).status).toBe(200);
		expect(await mailLanguage()).toBe('zh-hans');
		expect((await post('/en/staff/tasks?/profile', v03, { ...profile, mailLanguage: 'en' })).status).toBe(200);
		expect(await mailLanguage()).toBe('en');
	});

	it('a partner completing a request is told what happened on the queue', async () => {
		const res = await fetch(`${server.url}/api/v1/help-requests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ language: 'en', topic: 'legal', channel: 'phone', contact: { phone: '13912345678' } })
		});
		const { reference } = (await res.json()) as { reference: string };
		const [{ id }] = await server.query<{ id: string }>('select id from help_requests where reference = ?', [reference]);
		const legal = await signIn('legal1@anju.example.org');
		expect((await post('/en/staff/partner?/accept', legal, { taskId: id })).status).toBe(303);
		const done = await post(`/en/staff/partner/${id}?/complete`, legal, { duration: '30', note: '' });
		expect(done.location).toBe(`/en/staff/partner?completed=${id}&outcome=resident_not_emailed`);
		const queue = await (await fetch(`${server.url}${done.location}`, { headers: { cookie: legal, accept: 'text/html' } })).text();
		expect(queue).toContain(`Request ${reference} is marked completed. The resident gave no e-mail address, so nobody was e-mailed`);
		expect(queue).toContain('data-testid="completed"');
	});
	it('a password link goes out in the account’s mail language, whatever the admin’s page language', async () => {
		const admin = await signIn('admin@anju.example.org');
		const [v02row] = await server.query<{ id: string }>("select id from users where email = 'v02@anju.example.org'");
		await server.query("update users set mail_language = 'zh-hans' where id = ?", [v02row.id]);
		const before = (await server.query<{ id: string }>('select id from outbox')).map((r) => r.id);
		expect((await post(`/en/staff/admin/accounts/${v02row.id}?/reset`, admin, {})).status).toBe(200);
		const rows = (await server.query<{ id: string; subject: string; body: string }>('select id, subject, body from outbox')).filter((r) => !before.includes(r.id));
		expect(rows).toHaveLength(1);
		const { keys } = loadKeys({}, server.dataDir);
		expect(decrypt(keys, rows[0].subject, `outbox:${rows[0].id}:subject`)).toBe('设置您的安居工作人员密码');
		expect(decrypt(keys, rows[0].body, `outbox:${rows[0].id}:body`)).toMatch(/\/zh-hans\/staff\/reset\/[A-Za-z0-9_-]+/);
	});
});
