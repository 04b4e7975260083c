import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type User } from '../../src/lib/server/users';
import { canSeeHelpContact, canWorkHelpRequest } from '../../src/lib/server/authz';
import { acceptAsPartner, listPartnerQueue } from '../../src/lib/server/help-partners';
import { claimTask, completeHelpRequest, expireLeases, listBoard } from '../../src/lib/server/help-claims';
import { createHelpRequest, findHelpRequest, viewContact, type HelpRequest, type Organisation } from '../../src/lib/server/help-requests';
import { composeMail } from '../../src/lib/server/mail';
import { decrypt } from '../../src/lib/server/crypto';
import { newId } from '../../src/lib/server/ids';
import { DATABASES, createTestApp, type TestApp } from './helpers';

// Who holds a help request, and what holding it allows (issue 7 point 7): the resident's contact only
// for the holder of a running lease, every view audited; a volunteer interpreting for a request a
// partner organisation holds finishes their part only, the partner completes the request.

const MIN = 60_000;
// Tuesday 2026-12-08 10:00 in Asia/Shanghai; every step passes its own time, so leases are exact
const T0 = new Date('2026-12-08T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

const EMAIL = 'holder-test-resident@example.org';
const PHONE = '+86 138 0013 8000';
const NOTE = 'My landlord keeps the deposit';

describe.each(DATABASES)('holding a help request on %s', (kind) => {
	let app: TestApp;
	let volunteerA: User;
	let volunteerB: User;
	let partnerMember: User;
	let strangerPartner: User;
	let legal: Organisation;
	let other: Organisation;

	async function organisation(languages: string[], kind: Organisation['kind'] = 'legal'): Promise<Organisation> {
		const id = newId();
		await app.db
			.insertInto('organisations')
			.values({ id, name: `Org ${id}`, name_en: `Org ${id}`, kind, languages: JSON.stringify(languages), created_at: new Date().toISOString() })
			.execute();
		return (await app.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst())!;
	}

	async function create(overrides: Record<string, unknown> = {}, now = T0): Promise<string> {
		const body = { language: 'en', topic: 'registration', channel: 'chat', contact: { email: EMAIL, phone: PHONE }, note: NOTE, ...overrides };
		const result = await createHelpRequest(app.db, body, now);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result.id;
	}

	async function row(id: string): Promise<HelpRequest> {
		return (await findHelpRequest(app.db, id))!;
	}

	async function auditRows(action: string, targetId: string) {
		return app.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('target_id', '=', targetId).orderBy('seq').execute();
	}

	async function outboxIds(): Promise<string[]> {
		return (await app.db.selectFrom('outbox').select('id').execute()).map((r) => r.id);
	}

	async function outboxSubject(id: string): Promise<string> {
		const mail = await app.db.selectFrom('outbox').select('subject').where('id', '=', id).executeTakeFirstOrThrow();
		return decrypt(app.db.keys, mail.subject, `outbox:${id}:subject`);
	}

	/** A legal request in English, accepted by `legal` (which does not speak English), then claimed by volunteer A as interpreter. */
	async function partnerRequestHeldByA(now = T0): Promise<{ id: string; reference: string }> {
		const id = await create({ topic: 'legal' }, now);
		expect(await acceptAsPartner(app.db, id, legal, now)).toEqual({ ok: true });
		// the partner does not speak English: the task is still on the board for an interpreter
		expect((await listBoard(app.db, volunteerA.id, ['en'], now)).open.map((t) => t.id)).toContain(id);
		expect(await claimTask(app.db, id, volunteerA.id, now)).toEqual({ ok: true, leaseUntil: new Date(now.getTime() + 30 * MIN).toISOString() });
		const held = await row(id);
		expect(held).toMatchObject({ status: 'claimed', organisation_id: legal.id, claimed_by: volunteerA.id, completed_at: null });
		return { id, reference: held.reference };
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		volunteerA = await app.db.write((tx) => createUser(tx, { email: 'holder-a@example.org', name: 'A', role: 'volunteer', languages: [{ lang: 'en', level: 'fluent' }] }));
		volunteerB = await app.db.write((tx) => createUser(tx, { email: 'holder-b@example.org', name: 'B', role: 'volunteer', languages: [{ lang: 'en', level: 'native' }] }));
		legal = await organisation(['zh-hans']);
		other = await organisation(['en']);
		partnerMember = await app.db.write((tx) => createUser(tx, { email: 'holder-p@example.org', name: 'P', role: 'partner', organisationId: legal.id }));
		strangerPartner = await app.db.write((tx) => createUser(tx, { email: 'holder-q@example.org', name: 'Q', role: 'partner', organisationId: other.id }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	describe('the resident’s contact', () => {
		it('is shown to the holder with an audit row naming the holder and the task, and no contact data', async () => {
			const id = await create();
			expect(await claimTask(app.db, id, volunteerA.id, T0)).toMatchObject({ ok: true });
			const task = await row(id);
			expect(canWorkHelpRequest(volunteerA, task, at(5))).toBe(true);
			expect(canSeeHelpContact(volunteerA, task, at(5))).toBe(true);

			expect(await auditRows('help_request.view_contact', id)).toHaveLength(0);
			const seen = await viewContact(app.db, task, { id: volunteerA.id, role: 'volunteer', ip: '203.0.113.7' });
			expect(seen).toEqual({ contact: { email: EMAIL, phone: PHONE }, note: NOTE });

			const audit = await auditRows('help_request.view_contact', id);
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({
				actor_id: volunteerA.id,
				actor_role: 'volunteer',
				ip: '203.0.113.7',
				target_type: 'help_request',
				target_id: id
			});
			expect(JSON.parse(audit[0].details)).toEqual({});
			const stored = JSON.stringify(audit[0]);
			for (const secret of [EMAIL, 'holder-test-resident', PHONE, '138 0013', NOTE, 'deposit']) expect(stored).not.toContain(secret);

			// every view is audited, not only the first
			await viewContact(app.db, task, { id: volunteerA.id, role: 'volunteer', ip: null });
			const again = await auditRows('help_request.view_contact', id);
			expect(again).toHaveLength(2);
			expect(again[1]).toMatchObject({ actor_id: volunteerA.id, target_id: id, ip: null });
			expect(again[1].seq).toBeGreaterThan(again[0].seq);
		});

		it('is refused to another volunteer who speaks the language, and to other partners', async () => {
			const id = await create();
			await claimTask(app.db, id, volunteerA.id, T0);
			const task = await row(id);
			expect(canSeeHelpContact(volunteerB, task, at(1))).toBe(false);
			expect(canWorkHelpRequest(volunteerB, task, at(1))).toBe(false);
			// nobody outside: a partner of an organisation that did not accept it, no user at all
			expect(canSeeHelpContact(partnerMember, task, at(1))).toBe(false);
			expect(canSeeHelpContact(null, task, at(1))).toBe(false);
			// the holder, deactivated, no longer sees it
			expect(canSeeHelpContact({ ...volunteerA, active: 0 }, task, at(1))).toBe(false);
			expect(canSeeHelpContact(volunteerA, task, at(1))).toBe(true);
		});

		it('is refused to the holder once the lease has lapsed, before and after the job runs, and then belongs to the next holder', async () => {
			const start = at(60);
			const id = await create({}, start);
			const claim = await claimTask(app.db, id, volunteerA.id, start);
			expect(claim).toEqual({ ok: true, leaseUntil: new Date(start.getTime() + 30 * MIN).toISOString() });
			const task = await row(id);
			const leaseEnd = new Date(task.lease_until!);
			expect(leaseEnd.getTime()).toBe(start.getTime() + 30 * MIN);
			// up to the last moment of the lease, not a millisecond after
			expect(canSeeHelpContact(volunteerA, task, leaseEnd)).toBe(true);
			expect(canSeeHelpContact(volunteerA, task, new Date(leaseEnd.getTime() + 1))).toBe(false);
			expect(canWorkHelpRequest(volunteerA, task, new Date(start.getTime() + 31 * MIN))).toBe(false);

			// the job returns it to the board: the stale holder still sees nothing
			expect(await expireLeases(app.db, new Date(start.getTime() + 31 * MIN))).toBeGreaterThanOrEqual(1);
			const expired = await row(id);
			expect(expired).toMatchObject({ status: 'open', claimed_by: null, lease_until: null });
			expect(canSeeHelpContact(volunteerA, expired, new Date(start.getTime() + 31 * MIN))).toBe(false);

			// B claims it: B sees the contact, A does not
			const later = new Date(start.getTime() + 32 * MIN);
			expect(await claimTask(app.db, id, volunteerB.id, later)).toMatchObject({ ok: true });
			const reclaimed = await row(id);
			expect(canSeeHelpContact(volunteerB, reclaimed, later)).toBe(true);
			expect(canSeeHelpContact(volunteerA, reclaimed, later)).toBe(false);
		});

		it('is refused once the request is completed or cancelled, even within the lease', async () => {
			const id = await create();
			await claimTask(app.db, id, volunteerA.id, T0);
			const task = await row(id);
			expect(canSeeHelpContact(volunteerA, { ...task, status: 'completed' }, at(1))).toBe(false);
			expect(canSeeHelpContact(volunteerA, { ...task, status: 'cancelled' }, at(1))).toBe(false);
		});

		it('is shown to members of the accepting organisation only', async () => {
			const id = await create({ topic: 'legal' });
			expect(await acceptAsPartner(app.db, id, legal, T0)).toEqual({ ok: true });
			const task = await row(id);
			expect(canSeeHelpContact(partnerMember, task, at(1), legal)).toBe(true);
			expect(canSeeHelpContact(strangerPartner, task, at(1), other)).toBe(false);
			expect(canSeeHelpContact(volunteerA, task, at(1))).toBe(false);
		});
	});

	describe('a volunteer interpreting for a request a partner holds', () => {
		it('finishes their part only: the request stays with the partner, unannounced, with the duration audited', async () => {
			const { id } = await partnerRequestHeldByA();
			const before = await row(id);
			const mailsBefore = await outboxIds();
			const done = at(20);
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 25, note: 'interpreted the call' }, done)).toMatchObject({ ok: true });

			const after = await row(id);
			expect(after.status).toBe('claimed');
			expect(after.organisation_id).toBe(legal.id);
			expect(after.completed_at).toBeNull();
			expect(after.duration_minutes).toBeNull();
			expect(after.completion_note).toBeNull();
			expect(after.lease_until).toBeNull();
			expect(after.updated_at).toBe(done.toISOString());
			expect(Number(after.version)).toBe(Number(before.version) + 1);

			// the holder's contact view ends with the lease
			expect(canSeeHelpContact(volunteerA, after, done)).toBe(false);
			// still with the partner, who still sees it
			expect(canSeeHelpContact(partnerMember, after, done, legal)).toBe(true);

			// nothing for the resident (nor anyone) was queued
			expect(await outboxIds()).toEqual(mailsBefore);

			const audit = await auditRows('help_request.interpreting_done', id);
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({ actor_id: volunteerA.id, actor_role: 'volunteer', target_type: 'help_request', target_id: id, at: done.toISOString() });
			expect(JSON.parse(audit[0].details)).toEqual({ durationMinutes: 25 });
			expect(audit[0].details).not.toContain('interpreted the call');

			// a second finish is refused: the lease is gone
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 5, note: '' }, at(21))).toEqual({
				ok: false,
				reason: 'not_allowed'
			});
			expect(await auditRows('help_request.interpreting_done', id)).toHaveLength(1);

			// the partner completes the request: now the resident is told
			const closed = at(40);
			expect(await completeHelpRequest(app.db, id, { organisationId: legal.id }, { durationMinutes: 50, note: 'advice given' }, closed)).toMatchObject({ ok: true });
			const completed = await row(id);
			expect(completed).toMatchObject({
				status: 'completed',
				organisation_id: legal.id,
				completed_at: closed.toISOString(),
				duration_minutes: 50,
				completion_note: 'advice given',
				lease_until: null
			});
			const newMails = (await outboxIds()).filter((m) => !mailsBefore.includes(m));
			expect(newMails).toHaveLength(1);
			expect(await outboxSubject(newMails[0])).toBe((await composeMail({ to: EMAIL, lang: 'en', message: { kind: 'help_update', event: 'completed', reference: completed.reference } })).subject);
		});

		it('is no longer on the other volunteers’ boards, nor among the finisher’s own tasks, once their part is done', async () => {
			const { id } = await partnerRequestHeldByA(at(120));
			const done = at(130);
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 10, note: '' }, done)).toMatchObject({ ok: true });
			const boardB = await listBoard(app.db, volunteerB.id, ['en'], done);
			expect(boardB.open.map((t) => t.id)).not.toContain(id);
			expect(boardB.mine.map((t) => t.id)).not.toContain(id);
			const boardA = await listBoard(app.db, volunteerA.id, ['en'], done);
			expect(boardA.mine.map((t) => t.id)).not.toContain(id);
			// and it cannot be claimed again, by anyone (the partner holds it; claimed_by stays A with no lease)
			expect(await claimTask(app.db, id, volunteerB.id, done)).toEqual({ ok: false, reason: 'taken' });
			expect(await claimTask(app.db, id, volunteerA.id, done)).toEqual({ ok: false, reason: 'taken' });
		});

		// finishInterpreting keeps claimed_by (who interpreted) with no lease: listBoard must not
		// offer such a row to that volunteer as an open task (claiming it would fail with 'taken').
		it('is not back on the finisher’s own board as an open task', async () => {
			const { id } = await partnerRequestHeldByA(at(150));
			const done = at(160);
			await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 10, note: '' }, done);
			const boardA = await listBoard(app.db, volunteerA.id, ['en'], done);
			expect(boardA.open.map((t) => t.id)).not.toContain(id);
		});

		it('cannot be finished by another volunteer', async () => {
			const { id } = await partnerRequestHeldByA(at(200));
			const before = await row(id);
			const mailsBefore = await outboxIds();
			expect(await completeHelpRequest(app.db, id, { userId: volunteerB.id }, { durationMinutes: 15, note: '' }, at(205))).toEqual({ ok: false, reason: 'not_allowed' });
			const after = await row(id);
			expect(after).toEqual(before);
			expect(after.lease_until).toBe(at(230).toISOString());
			expect(await auditRows('help_request.interpreting_done', id)).toHaveLength(0);
			expect(await outboxIds()).toEqual(mailsBefore);
			// nor by the holder after the lease lapsed
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 15, note: '' }, at(231))).toEqual({ ok: false, reason: 'not_allowed' });
			expect(await row(id)).toEqual(before);
			// within the lease the holder can
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 15, note: '' }, at(229))).toMatchObject({ ok: true });
		});
	});

	describe('a volunteer on a request without a partner', () => {
		it('completes the request, and the resident is told', async () => {
			const start = at(300);
			const id = await create({}, start);
			expect(await claimTask(app.db, id, volunteerA.id, start)).toMatchObject({ ok: true });
			const mailsBefore = await outboxIds();
			const done = at(320);
			expect(await completeHelpRequest(app.db, id, { userId: volunteerB.id }, { durationMinutes: 20, note: '' }, done)).toEqual({ ok: false, reason: 'not_allowed' });
			expect((await row(id)).status).toBe('claimed');
			expect(await completeHelpRequest(app.db, id, { userId: volunteerA.id }, { durationMinutes: 20, note: 'explained the form' }, done)).toMatchObject({ ok: true });
			const completed = await row(id);
			expect(completed).toMatchObject({
				status: 'completed',
				organisation_id: null,
				claimed_by: volunteerA.id,
				completed_at: done.toISOString(),
				duration_minutes: 20,
				completion_note: 'explained the form',
				lease_until: null
			});
			// the partner path's audit row is not written for a plain completion
			expect(await auditRows('help_request.interpreting_done', id)).toHaveLength(0);
			const newMails = (await outboxIds()).filter((m) => !mailsBefore.includes(m));
			expect(newMails).toHaveLength(1);
			expect(await outboxSubject(newMails[0])).toBe((await composeMail({ to: EMAIL, lang: 'en', message: { kind: 'help_update', event: 'completed', reference: completed.reference } })).subject);
			// off the board for everyone
			expect((await listBoard(app.db, volunteerA.id, ['en'], done)).open.map((t) => t.id)).not.toContain(id);
			expect((await listBoard(app.db, volunteerB.id, ['en'], done)).open.map((t) => t.id)).not.toContain(id);
		});
	});

	// issue 14.4: a partner's hold is respected by claims, and escalation does not hand a legal or
	// medical request's contact to an organisation of another kind
	describe('who holds it', () => {
		it('a volunteer cannot claim a request accepted by an organisation that speaks its language, even past the board', async () => {
			const id = await create({ topic: 'legal' });
			expect(await acceptAsPartner(app.db, id, other, T0)).toEqual({ ok: true }); // `other` speaks English
			expect((await listBoard(app.db, volunteerA.id, ['en'], at(1))).open.map((t) => t.id)).not.toContain(id);
			expect(await claimTask(app.db, id, volunteerA.id, at(1))).toEqual({ ok: false, reason: 'taken' });
			expect(await row(id)).toMatchObject({ organisation_id: other.id, claimed_by: null, lease_until: null });
		});

		it('a partner of the topic’s kind cannot accept a request while a volunteer’s lease runs, nor see it in its queue', async () => {
			const id = await create({ topic: 'legal' });
			expect(await claimTask(app.db, id, volunteerA.id, at(1))).toMatchObject({ ok: true });
			const { lease_until } = await row(id);
			expect((await listPartnerQueue(app.db, other, at(2))).waiting.map((t) => t.id)).not.toContain(id);
			expect(await acceptAsPartner(app.db, id, other, at(2))).toEqual({ ok: false, reason: 'taken' });
			expect(await row(id)).toMatchObject({ organisation_id: null, claimed_by: volunteerA.id });
			// once the lease has lapsed it is the partner's to take
			const later = new Date(new Date(lease_until!).getTime() + 60_000);
			expect((await listPartnerQueue(app.db, other, later)).waiting.map((t) => t.id)).toContain(id);
			expect(await acceptAsPartner(app.db, id, other, later)).toEqual({ ok: true });
		});

		it('accepting and claiming at the same moment: never both', async () => {
			const ids = await Promise.all(Array.from({ length: 8 }, () => create({ topic: 'legal' })));
			await Promise.all(
				ids.flatMap((id, i) =>
					i % 2 ? [claimTask(app.db, id, volunteerA.id, at(1)), acceptAsPartner(app.db, id, other, at(1))] : [acceptAsPartner(app.db, id, other, at(1)), claimTask(app.db, id, volunteerB.id, at(1))]
				)
			);
			for (const id of ids) {
				const task = await row(id);
				expect(task.organisation_id !== null && task.claimed_by !== null).toBe(false);
			}
		});

		it('after escalation, only an organisation of the topic’s kind sees a legal or medical request’s contact and note', async () => {
			const school = await organisation(['en'], 'education');
			const hospital = await organisation(['en'], 'medical');
			const teacher = await app.db.write((tx) => createUser(tx, { email: 'holder-school@example.org', name: 'S', role: 'partner', organisationId: school.id }));
			const doctor = await app.db.write((tx) => createUser(tx, { email: 'holder-hospital@example.org', name: 'H', role: 'partner', organisationId: hospital.id }));
			const escalated = async (topic: string, by: Organisation) => {
				const id = await create({ topic });
				await app.db.updateTable('help_requests').set({ escalated_at: T0.toISOString() }).where('id', '=', id).execute();
				expect(await acceptAsPartner(app.db, id, by, T0)).toEqual({ ok: true });
				return row(id);
			};
			// the school interprets for a medical request: it works the request, without the contact
			const medicalAtSchool = await escalated('medical', school);
			expect(canWorkHelpRequest(teacher, medicalAtSchool, at(1))).toBe(true);
			expect(canSeeHelpContact(teacher, medicalAtSchool, at(1), school)).toBe(false);
			expect(canSeeHelpContact(teacher, await escalated('legal', school), at(1), school)).toBe(false);
			// the hospital on a medical request, and the school on a registration question, see it
			expect(canSeeHelpContact(doctor, await escalated('medical', hospital), at(1), hospital)).toBe(true);
			expect(canSeeHelpContact(teacher, await escalated('registration', school), at(1), school)).toBe(true);
			// an organisation passed in that is not the holder does not count
			expect(canSeeHelpContact(teacher, medicalAtSchool, at(1), hospital)).toBe(false);
		});
	});
});
