import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { createDb } from '../../src/lib/server/db';
import { createUser, type User } from '../../src/lib/server/users';
import { setSetting } from '../../src/lib/server/settings';
import { canAcceptForOrganisation, canClaimTask } from '../../src/lib/server/authz';
import { acceptAsPartner, listPartnerQueue, scheduleHelpRequest } from '../../src/lib/server/help-partners';
import { cancelHelpRequest, createHelpRequest, findHelpRequest, readContact, type Organisation } from '../../src/lib/server/help-requests';
import { claimTask, completeHelpRequest, countEscalated, escalateOverdue, expireLeases, listBoard } from '../../src/lib/server/help-claims';
import { listMessages, postMessage } from '../../src/lib/server/help-conversation';
import { deliverOutbox, smtpTransport } from '../../src/lib/server/mail/outbox';
import { acquireJobLock } from '../../src/lib/server/jobs';
import { availableVolunteers, coverage } from '../../src/lib/server/roster';
import { newId } from '../../src/lib/server/ids';
import { DATABASES, createTestApp, type TestApp } from './helpers';

const MIN = 60_000;
// Monday 2026-11-30 10:00 in Asia/Shanghai
const MONDAY_10 = new Date('2026-11-30T02:00:00.000Z');

function request(overrides: Record<string, unknown> = {}) {
	return { language: 'en', topic: 'registration', channel: 'chat', contact: { email: 'resident@example.org' }, note: 'Lease clause', ...overrides };
}

describe.each(DATABASES)('help requests on %s', (kind) => {
	let app: TestApp;
	let volunteer: User;
	let other: User;
	let french: User;
	let legal: Organisation;
	let medical: Organisation;

	async function organisation(kindOf: 'legal' | 'medical', languages: string[]): Promise<Organisation> {
		const id = newId();
		await app.db
			.insertInto('organisations')
			.values({ id, name: `Org ${id}`, name_en: `Org ${id}`, kind: kindOf, languages: JSON.stringify(languages), created_at: new Date().toISOString() })
			.execute();
		return (await app.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst())!;
	}

	async function create(overrides: Record<string, unknown> = {}, now = MONDAY_10) {
		const result = await createHelpRequest(app.db, request(overrides), now);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result;
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		const monday = [{ day: 0, from: '09:00', to: '12:00' }];
		volunteer = await app.db.write((tx) => createUser(tx, { email: 'v1@example.org', name: 'V1', role: 'volunteer', languages: [{ lang: 'en', level: 'fluent' }], availability: monday }));
		other = await app.db.write((tx) => createUser(tx, { email: 'v2@example.org', name: 'V2', role: 'volunteer', languages: [{ lang: 'en', level: 'native' }], availability: [] }));
		french = await app.db.write((tx) => createUser(tx, { email: 'v3@example.org', name: 'V3', role: 'volunteer', languages: [{ lang: 'fr', level: 'native' }], availability: monday }));
		legal = await organisation('legal', ['zh-hans', 'en']);
		medical = await organisation('medical', ['ar']);
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('creates a request with an HR reference, encrypted contact and a mail to the volunteers on duty', async () => {
		const created = await create();
		expect(created.reference).toMatch(/^HR-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
		expect(created.accessCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
		const row = (await findHelpRequest(app.db, created.id))!;
		expect(row.status).toBe('open');
		expect(row.contact).not.toContain('resident@example.org');
		expect(readContact(app.db, row)).toEqual({ email: 'resident@example.org' });
		// v1 speaks English and is on duty Monday 09–12; v2 has no availability; v3 speaks French
		expect((await availableVolunteers(app.db, 'en', MONDAY_10)).map((v) => v.id)).toEqual([volunteer.id]);
		const mails = await app.db.selectFrom('outbox').select(['recipient', 'body']).execute();
		expect(mails.length).toBeGreaterThanOrEqual(1);
		expect(mails.every((m) => !m.recipient.includes('@') && !m.body.includes('Lease'))).toBe(true);
	});

	it('refuses an unsupported language and stores nothing', async () => {
		const before = await app.db
			.selectFrom('help_requests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		const result = await createHelpRequest(app.db, request({ language: 'xx' }));
		expect(result).toEqual({ ok: false, errors: [{ path: 'language', code: 'unsupported_language' }] });
		const after = await app.db
			.selectFrom('help_requests')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('lets only volunteers who speak the language claim, and exactly one of them', async () => {
		const { id } = await create();
		const task = (await findHelpRequest(app.db, id))!;
		expect(canClaimTask(french, task)).toBe(false);
		expect(canClaimTask(volunteer, task)).toBe(true);
		expect(await claimTask(app.db, id, volunteer.id, MONDAY_10)).toMatchObject({ ok: true });
		expect(await claimTask(app.db, id, other.id, MONDAY_10)).toEqual({ ok: false, reason: 'taken' });
		const board = await listBoard(app.db, other.id, ['en'], MONDAY_10);
		expect(board.open.map((t) => t.id)).not.toContain(id);
	});

	it('returns a task to the board when its lease lapses, and no one completes someone else’s claim', async () => {
		const { id } = await create();
		await claimTask(app.db, id, volunteer.id, MONDAY_10);
		const completion = { durationMinutes: 20, note: 'explained the form' };
		expect(await completeHelpRequest(app.db, id, { userId: other.id }, completion, MONDAY_10)).toEqual({ ok: false, reason: 'not_allowed' });
		const later = new Date(MONDAY_10.getTime() + 31 * MIN);
		// before the job runs the board already treats the lapsed lease as free
		expect((await listBoard(app.db, other.id, ['en'], later)).open.map((t) => t.id)).toContain(id);
		expect(await expireLeases(app.db, later)).toBeGreaterThanOrEqual(1);
		const row = (await findHelpRequest(app.db, id))!;
		expect(row).toMatchObject({ status: 'open', claimed_by: null, lease_until: null });
		// the first holder can no longer complete it; the new holder can
		expect(await completeHelpRequest(app.db, id, { userId: volunteer.id }, completion, later)).toEqual({ ok: false, reason: 'not_allowed' });
		expect(await claimTask(app.db, id, other.id, later)).toMatchObject({ ok: true });
		expect(await completeHelpRequest(app.db, id, { userId: other.id }, completion, later)).toMatchObject({ ok: true });
		expect(await cancelHelpRequest(app.db, id)).toEqual({ ok: false, reason: 'closed' });
		expect((await findHelpRequest(app.db, id))!.status).toBe('completed');
	});

	it('escalates after the SLA setting, to partners who speak the language and on the officers’ count', async () => {
		await app.db.write((tx) => setSetting(tx, 'help_sla_minutes', 10));
		const start = new Date('2026-12-01T01:00:00.000Z');
		const { id } = await create({ language: 'ar' }, start);
		await escalateOverdue(app.db, new Date(start.getTime() + 9 * MIN));
		expect((await findHelpRequest(app.db, id))!.escalated_at).toBeNull();
		expect(await escalateOverdue(app.db, new Date(start.getTime() + 11 * MIN))).toBeGreaterThanOrEqual(1);
		const row = (await findHelpRequest(app.db, id))!;
		expect(row.escalated_at).toBe(new Date(start.getTime() + 11 * MIN).toISOString());
		expect(await countEscalated(app.db)).toBeGreaterThanOrEqual(1);
		// the medical partner lists Arabic, the legal one does not
		expect((await listPartnerQueue(app.db, medical)).waiting.map((t) => t.id)).toContain(id);
		expect((await listPartnerQueue(app.db, legal)).waiting.map((t) => t.id)).not.toContain(id);
		await app.db.write((tx) => setSetting(tx, 'help_sla_minutes', 15));
	});

	it('routes legal, medical and education topics to organisations of that kind; accepting is atomic', async () => {
		const { id } = await create({ topic: 'legal', language: 'ko' });
		expect((await listPartnerQueue(app.db, legal)).waiting.map((t) => t.id)).toContain(id);
		expect((await listPartnerQueue(app.db, medical)).waiting.map((t) => t.id)).not.toContain(id);
		const task = (await findHelpRequest(app.db, id))!;
		const partner = { id: 'p', role: 'partner' as const, active: 1, organisation_id: legal.id };
		expect(canAcceptForOrganisation(partner, legal, task)).toBe(true);
		expect(canAcceptForOrganisation({ ...partner, organisation_id: medical.id }, medical, task)).toBe(false);
		const results = await Promise.all([acceptAsPartner(app.db, id, legal), acceptAsPartner(app.db, id, legal), acceptAsPartner(app.db, id, legal)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		// the legal firm does not list Korean: the task stays on the board for an interpreter
		const korean = await app.db.write((tx) => createUser(tx, { email: `ko-${id}@example.org`, name: 'KO', role: 'volunteer', languages: [{ lang: 'ko', level: 'fluent' }] }));
		expect((await listBoard(app.db, korean.id, ['ko'])).open.map((t) => t.id)).toContain(id);
	});

	it('refuses a partner appointment at a time already past and changes nothing; a later one is kept', async () => {
		const { id } = await create({ topic: 'legal', language: 'ko' });
		const now = new Date();
		expect(await acceptAsPartner(app.db, id, legal, now)).toEqual({ ok: true });
		const outbox = async () => (await app.db.selectFrom('outbox').select('id').execute()).length;
		const [before, mails] = [(await findHelpRequest(app.db, id))!, await outbox()];
		const threeDaysAgo = new Date(now.getTime() - 3 * 24 * 60 * MIN);
		expect(await scheduleHelpRequest(app.db, id, legal.id, { when: threeDaysAgo, details: 'Room 3' }, now)).toEqual({ ok: false, reason: 'invalid' });
		expect(await scheduleHelpRequest(app.db, id, legal.id, { when: now, details: 'Room 3' }, now)).toEqual({ ok: false, reason: 'invalid' });
		expect(await findHelpRequest(app.db, id)).toEqual(before);
		expect(await outbox()).toBe(mails);
		const tomorrow = new Date(now.getTime() + 24 * 60 * MIN);
		expect(await scheduleHelpRequest(app.db, id, legal.id, { when: tomorrow, details: 'Room 3' }, now)).toEqual({ ok: true });
		expect((await findHelpRequest(app.db, id))!).toMatchObject({ status: 'scheduled', scheduled_for: tomorrow.toISOString() });
	});

	it('keeps messages encrypted and refuses them on a closed request', async () => {
		const { id } = await create();
		expect(await postMessage(app.db, { requestId: id, author: 'resident', authorId: null, text: 'Hello, my lease says…' })).toMatchObject({ ok: true });
		const raw = await app.db.selectFrom('help_messages').select('body').where('help_request_id', '=', id).execute();
		expect(raw[0].body).not.toContain('Hello');
		expect((await listMessages(app.db, id)).map((m) => m.text)).toEqual(['Hello, my lease says…']);
		await cancelHelpRequest(app.db, id);
		expect(await postMessage(app.db, { requestId: id, author: 'resident', authorId: null, text: 'still there?' })).toEqual({ ok: false, reason: 'closed' });
	});

	it('counts coverage per language and hour from weekly availability', async () => {
		const rows = await coverage(app.db, 0);
		const en = rows.find((r) => r.lang === 'en')!;
		expect(en.hours[10]).toBe(1);
		expect(en.hours[13]).toBe(0);
	});

	it('gives a job lock to one holder until it expires', async () => {
		const now = new Date();
		expect(await acquireJobLock(app.db, 'test-job', 'a', 60_000, now)).toBe(true);
		expect(await acquireJobLock(app.db, 'test-job', 'b', 60_000, now)).toBe(false);
		expect(await acquireJobLock(app.db, 'test-job', 'a', 60_000, now)).toBe(true);
		expect(await acquireJobLock(app.db, 'test-job', 'b', 60_000, new Date(now.getTime() + 61_000))).toBe(true);
	});

	// better-sqlite3 waits for a lock synchronously, so several SQLite handles in one process would block
	// each other's event loop: on SQLite the race runs through the server over HTTP (help-claims-http.test.ts).
	it.skipIf(kind === 'sqlite')('50 concurrent claims from separate connections: exactly one wins', async () => {
		const { id } = await create();
		const connections = Array.from({ length: 50 }, () => createDb({ DATABASE_URL: app.env.DATABASE_URL }, { keys: app.db.keys }));
		try {
			const results = await Promise.all(connections.map((db, i) => claimTask(db, id, i % 2 ? volunteer.id : other.id)));
			expect(results.filter((r) => r.ok)).toHaveLength(1);
			expect(results.filter((r) => !r.ok && r.reason === 'taken')).toHaveLength(49);
		} finally {
			await Promise.all(connections.map((db) => db.destroy()));
		}
	});

	it('delivers the outbox through SMTP: a failure is retried with back-off and each mail arrives once', async () => {
		await app.db.deleteFrom('outbox').execute();
		const received: string[] = [];
		let failNext = true;
		const server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			logger: false,
			onData(stream, _session, callback) {
				let data = '';
				stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
				stream.on('end', () => {
					if (failNext) {
						failNext = false;
						const error = Object.assign(new Error('try later'), { responseCode: 451 });
						return callback(error);
					}
					received.push(data);
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.server.address() as { port: number }).port;
		try {
			const { id } = await create({ contact: { email: 'resident@example.org' } });
			await claimTask(app.db, id, volunteer.id, MONDAY_10); // mails the resident ("someone is helping you")
			const queued = await app.db.selectFrom('outbox').select(['id', 'status']).execute();
			expect(queued.length).toBe(2); // the volunteer on duty + the resident
			const transport = smtpTransport(`smtp://127.0.0.1:${port}`);
			let clock = new Date(MONDAY_10.getTime() + MIN);
			const now = () => clock;
			// two workers at once: the first message fails once, nothing is sent twice
			const [a, b] = await Promise.all([deliverOutbox(app.db, transport, { now }), deliverOutbox(app.db, transport, { now })]);
			expect(a.sent + b.sent).toBe(1);
			expect(a.retrying + b.retrying).toBe(1);
			const waiting = await app.db.selectFrom('outbox').selectAll().where('status', '=', 'pending').execute();
			expect(waiting).toHaveLength(1);
			expect(waiting[0]).toMatchObject({ attempts: 1, last_error: 'smtp 451' });
			// not before the back-off has passed
			expect(await deliverOutbox(app.db, transport, { now })).toEqual({ sent: 0, retrying: 0, failed: 0 });
			clock = new Date(clock.getTime() + 31_000);
			expect(await deliverOutbox(app.db, transport, { now })).toEqual({ sent: 1, retrying: 0, failed: 0 });
			expect(received).toHaveLength(2);
			expect(received.some((m) => m.includes('resident@example.org'))).toBe(true);
			const all = await app.db.selectFrom('outbox').select('status').execute();
			expect(all.every((r) => r.status === 'sent')).toBe(true);
			clock = new Date(clock.getTime() + 3600_000);
			expect(await deliverOutbox(app.db, transport, { now })).toEqual({ sent: 0, retrying: 0, failed: 0 });
			expect(received).toHaveLength(2);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});
