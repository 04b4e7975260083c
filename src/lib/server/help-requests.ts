import { sql, type Selectable } from 'kysely';
import type { Db, Reader, Tx } from './db';
import type { HelpRequestsTable, HelpRequestStatus, OrganisationsTable } from './db/schema';
import { blindIndex, decrypt, decryptJson, encrypt, encryptJson, safeEqual, sha256, type Keys } from './crypto';
import { newAccessCode, newId, newReference, normaliseAccessCode, normaliseReference } from './ids';
import { recordAudit, recordAuditAlone } from './audit';
import { enqueueMail } from './outbox';
import { readUpload } from './uploads';
import { getSetting } from './settings';
import { availableVolunteers } from './roster';
import { languagesOf } from './authz';
import {
	helpRequestErrors,
	helpRequestInput,
	kioskHelpRequestInput,
	MAX_COMPLETION_NOTE,
	MAX_DURATION_MINUTES,
	MAX_MESSAGE_LENGTH,
	PARTNER_TOPICS,
	type HelpFieldError,
	type HelpRequestInput,
	type HelpTopic
} from '../domain/help-request';
import { TRANSLATION_TOPIC } from '../domain/translation';

// One aggregate: a resident's request for an interpreter (or a partner's professional help), its
// conversation, and who holds it. All its SQL lives here. Every change that two people could make
// at once (claim, accept, complete, cancel) is one conditional UPDATE whose row count says who won,
// so it holds across connections and processes on SQLite and PostgreSQL alike.

export type HelpRequest = Selectable<HelpRequestsTable>;
export type Organisation = Selectable<OrganisationsTable>;
export interface Contact {
	phone?: string;
	email?: string;
}
/** Who acts, for audit rows. */
export interface HelpActor {
	id: string;
	role: string;
	ip: string | null;
}

const ACTIVE: HelpRequestStatus[] = ['open', 'claimed', 'scheduled'];
const contactAad = (id: string) => `help_requests.contact:${id}`;
const noteAad = (id: string) => `help_requests.note:${id}`;
const scheduleAad = (id: string) => `help_requests.schedule:${id}`;
const messageAad = (requestId: string) => `help_messages:${requestId}`;
const iso = (d: Date) => d.toISOString();
const minutesAfter = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

export function helpAccessCodeHash(keys: Keys, reference: string, accessCode: string): string {
	return blindIndex(keys, 'help-access-code', reference, normaliseAccessCode(accessCode));
}

// ---- Request, follow, cancel, rate (the resident) ----

export type CreateResult = { ok: true; id: string; reference: string; accessCode: string; status: 'open' } | { ok: false; errors: HelpFieldError[] };

export async function createHelpRequest(db: Db, body: unknown, now = new Date()): Promise<CreateResult> {
	const parsed = helpRequestInput.safeParse(body);
	if (!parsed.success) return { ok: false, errors: helpRequestErrors(parsed.error) };
	return insertHelpRequest(db, parsed.data, now);
}

/** "Call an interpreter" at the kiosk: in person, where the visitor waits, so the contact may be left out. */
export async function createKioskHelpRequest(db: Db, body: unknown, now = new Date()): Promise<CreateResult> {
	const parsed = kioskHelpRequestInput.safeParse(body);
	if (!parsed.success) return { ok: false, errors: helpRequestErrors(parsed.error) };
	return insertHelpRequest(db, { ...parsed.data, contact: parsed.data.contact ?? {} }, now);
}

async function insertHelpRequest(db: Db, input: HelpRequestInput, now: Date): Promise<CreateResult> {
	const created = await db.write(async (trx) => {
		// A declaration reference only links the two; an unknown one is dropped silently (no oracle).
		const declaration = input.declarationReference
			? await trx.selectFrom('declarations').select('id').where('reference', '=', normaliseReference(input.declarationReference)).executeTakeFirst()
			: undefined;
		return addHelpRequest(db, trx, { ...input, declarationId: declaration?.id ?? null }, now);
	});
	return { ok: true, ...created, status: 'open' };
}

/**
 * One new request, in the caller's transaction: the row, and mail to the best-matched volunteers on
 * duty who speak the language (it waits in the outbox). Also the way a translation task is opened.
 */
export async function addHelpRequest(
	db: Db,
	trx: Tx,
	input: { language: string; topic: string; channel: string; contact: Contact; note?: string; declarationId: string | null },
	now: Date
): Promise<{ id: string; reference: string; accessCode: string }> {
	const { keys } = db;
	const id = newId();
	const reference = newReference('HR');
	const accessCode = newAccessCode();
	await trx
		.insertInto('help_requests')
		.values({
			id,
			reference,
			access_code_hash: helpAccessCodeHash(keys, reference, accessCode),
			status: 'open',
			language: input.language,
			topic: input.topic,
			channel: input.channel,
			contact: encryptJson(keys, input.contact, contactAad(id)),
			note: input.note ? encrypt(keys, input.note, noteAad(id)) : null,
			declaration_id: input.declarationId,
			claimed_by: null,
			lease_until: null,
			organisation_id: null,
			escalated_at: null,
			scheduled_for: null,
			schedule_details: null,
			completed_at: null,
			duration_minutes: null,
			completion_note: null,
			rating: null,
			created_at: iso(now),
			updated_at: iso(now)
		})
		.execute();
	await mailVolunteers(db, trx, { id, reference, language: input.language, topic: input.topic }, 0, now);
	return { id, reference, accessCode };
}

/** How many volunteers a new request mails; escalation mails the next as many. */
export const TASK_MAIL_VOLUNTEERS = 5;

const LEVEL_RANK: Record<string, number> = { native: 0, fluent: 1, working: 2 };

/**
 * The volunteers on duty for the language, best-matched first: by level in the language, then the
 * one who least recently held a request, then (among equals) an order that differs per request,
 * so the same few are not mailed every time.
 */
export async function rankVolunteers(db: Reader, requestId: string, language: string, now: Date): Promise<{ id: string; email: string }[]> {
	const onDuty = await availableVolunteers(db, language, now);
	if (!onDuty.length) return [];
	const held = await db
		.selectFrom('help_requests')
		.select(['claimed_by', (eb) => eb.fn.max('updated_at').as('at')])
		.where(
			'claimed_by',
			'in',
			onDuty.map((v) => v.id)
		)
		.groupBy('claimed_by')
		.execute();
	const lastHeld = new Map(held.map((h) => [h.claimed_by, String(h.at ?? '')]));
	const key = (v: (typeof onDuty)[number]) => ({
		level: LEVEL_RANK[v.languages.find((l) => l.lang === language)?.level ?? ''] ?? 3,
		last: lastHeld.get(v.id) ?? '',
		shuffle: sha256(`${requestId}:${v.id}`)
	});
	const keyed = onDuty.map((v) => ({ v, k: key(v) }));
	keyed.sort((a, b) => a.k.level - b.k.level || a.k.last.localeCompare(b.k.last) || a.k.shuffle.localeCompare(b.k.shuffle));
	return keyed.map(({ v }) => ({ id: v.id, email: v.email }));
}

/** Mails volunteers ranked `from` … `from + TASK_MAIL_VOLUNTEERS - 1` about the task. */
async function mailVolunteers(db: Db, tx: Tx, task: { id: string; reference: string; language: string; topic: string }, from: number, now: Date): Promise<number> {
	const chosen = (await rankVolunteers(tx, task.id, task.language, now)).slice(from, from + TASK_MAIL_VOLUNTEERS);
	if (!chosen.length) return 0;
	const mail = await import('./help-mail');
	for (const volunteer of chosen) {
		await enqueueMail(db, tx, mail.newTaskMail(volunteer.email, { reference: task.reference, language: task.language, topic: task.topic }), now);
	}
	return chosen.length;
}

/** The request when reference and code match; the same answer (undefined) for either being wrong. */
export async function findForResident(db: Db, reference: string, accessCode: string): Promise<HelpRequest | undefined> {
	const ref = normaliseReference(reference);
	const row = await db.selectFrom('help_requests').selectAll().where('reference', '=', ref).executeTakeFirst();
	const expected = helpAccessCodeHash(db.keys, ref, accessCode);
	return row && safeEqual(row.access_code_hash, expected) ? row : undefined;
}

export async function findHelpRequest(db: Reader, id: string): Promise<HelpRequest | undefined> {
	return db.selectFrom('help_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByReference(db: Db, reference: string): Promise<HelpRequest | undefined> {
	return db.selectFrom('help_requests').selectAll().where('reference', '=', normaliseReference(reference)).executeTakeFirst();
}

/** A resident's request for an interpreter linked to the declaration and still running (translation tasks are not theirs). */
export async function openRequestFor(db: Db, declarationId: string): Promise<{ reference: string; status: HelpRequestStatus } | undefined> {
	return db
		.selectFrom('help_requests')
		.select(['reference', 'status'])
		.where('declaration_id', '=', declarationId)
		.where('topic', '!=', TRANSLATION_TOPIC)
		.where('status', 'in', ACTIVE)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'not_allowed' | 'taken' | 'closed' | 'invalid' };

/** Only a request still open, claimed or scheduled can be cancelled; a completed one stays as it is. */
export async function cancelHelpRequest(db: Db, id: string, now = new Date()): Promise<ChangeResult> {
	const result = await db
		.updateTable('help_requests')
		.set((eb) => ({ status: 'cancelled', lease_until: null, updated_at: iso(now), version: eb('version', '+', 1) }))
		.where('id', '=', id)
		.where('status', 'in', ACTIVE)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'closed' };
}

export async function rateHelpRequest(db: Db, id: string, rating: number, now = new Date()): Promise<ChangeResult> {
	if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, reason: 'invalid' };
	const result = await db
		.updateTable('help_requests')
		.set((eb) => ({ rating, updated_at: iso(now), version: eb('version', '+', 1) }))
		.where('id', '=', id)
		.where('status', '=', 'completed')
		.where('rating', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'closed' };
}

export function readContact(db: Db, row: Pick<HelpRequest, 'id' | 'contact'>): Contact {
	return decryptJson<Contact>(db.keys, row.contact, contactAad(row.id));
}

export function readNote(db: Db, row: Pick<HelpRequest, 'id' | 'note'>): string | null {
	return row.note ? decrypt(db.keys, row.note, noteAad(row.id)) : null;
}

export function readSchedule(db: Db, row: Pick<HelpRequest, 'id' | 'schedule_details'>): string | null {
	return row.schedule_details ? decrypt(db.keys, row.schedule_details, scheduleAad(row.id)) : null;
}

/** The resident's contact for the holder of the task, with an audit row in the same breath. */
export async function viewContact(db: Db, row: HelpRequest, actor: HelpActor): Promise<{ contact: Contact; note: string | null }> {
	await recordAuditAlone(db, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'help_request.view_contact',
		targetType: 'help_request',
		targetId: row.id
	});
	return { contact: readContact(db, row), note: readNote(db, row) };
}

// ---- Conversation ----

export interface ThreadMessage {
	id: string;
	author: 'resident' | 'staff';
	authorId: string | null;
	text: string;
	uploadId: string | null;
	createdAt: string;
}

export async function postMessage(
	db: Db,
	input: { requestId: string; author: 'resident' | 'staff'; authorId: string | null; text: string; uploadId?: string | null },
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; reason: 'closed' | 'invalid' }> {
	const text = input.text.trim();
	if ((!text && !input.uploadId) || text.length > MAX_MESSAGE_LENGTH) return { ok: false, reason: 'invalid' };
	const id = newId();
	return db.write(async (trx) => {
		// bumping the version in the same statement that checks the status: no message lands on a closed request
		const open = await trx
			.updateTable('help_requests')
			.set((eb) => ({ updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', input.requestId)
			.where('status', 'in', ACTIVE)
			.executeTakeFirst();
		if (Number(open.numUpdatedRows) !== 1) return { ok: false, reason: 'closed' } as const;
		await trx
			.insertInto('help_messages')
			.values({
				id,
				help_request_id: input.requestId,
				author: input.author,
				author_id: input.authorId,
				body: encrypt(db.keys, text, messageAad(input.requestId)),
				upload_id: input.uploadId ?? null,
				created_at: iso(now)
			})
			.execute();
		if (input.uploadId) {
			// an attached image belongs to the conversation now: it no longer expires with unused uploads
			await trx
				.updateTable('uploads')
				.set({ used_at: iso(now), expires_at: '9999-12-31T00:00:00.000Z' })
				.where('id', '=', input.uploadId)
				.execute();
		}
		return { ok: true, id } as const;
	});
}

export async function listMessages(db: Db, requestId: string): Promise<ThreadMessage[]> {
	const rows = await db.selectFrom('help_messages').selectAll().where('help_request_id', '=', requestId).orderBy('id').execute();
	return rows.map((r) => ({
		id: r.id,
		author: r.author,
		authorId: r.author_id,
		text: decrypt(db.keys, r.body, messageAad(requestId)),
		uploadId: r.upload_id,
		createdAt: r.created_at
	}));
}

/** The upload of one message of this request (so an id from another conversation is never served). */
export async function messageUpload(db: Db, requestId: string, messageId: string): Promise<string | undefined> {
	const row = await db.selectFrom('help_messages').select('upload_id').where('id', '=', messageId).where('help_request_id', '=', requestId).executeTakeFirst();
	return row?.upload_id ?? undefined;
}

/** An image of a conversation for the staff member who may see it; every view is audited. */
export async function viewMessageImage(db: Db, task: HelpRequest, messageId: string, viewer: { id: string; role: string; ip: string | null }): Promise<{ mime: string; bytes: Buffer } | undefined> {
	const uploadId = await messageUpload(db, task.id, messageId);
	const image = uploadId ? await readUpload(db, uploadId) : undefined;
	if (!image) return undefined;
	await recordAuditAlone(db, { actorId: viewer.id, actorRole: viewer.role, ip: viewer.ip, action: 'help_request.view_image', targetType: 'help_request', targetId: task.id, details: { messageId } });
	return image;
}

/** Changes to one conversation (status, holder or a new message), for the live page. */
export async function threadFingerprint(db: Db, requestId: string): Promise<string> {
	const row = await db
		.selectFrom('help_requests')
		.select([
			'version',
			(eb) =>
				eb
					.selectFrom('help_messages')
					.select((m) => m.fn.max('id').as('m'))
					.where('help_request_id', '=', requestId)
					.as('last')
		])
		.where('id', '=', requestId)
		.executeTakeFirst();
	return row ? `${row.version}:${row.last ?? ''}` : 'gone';
}

// ---- Claiming (volunteers) ----

export type ClaimResult = { ok: true; leaseUntil: string } | { ok: false; reason: 'taken' | 'closed' | 'not_found' };

/**
 * One conditional UPDATE: the row changes only while nobody holds a running lease, so of any number
 * of volunteers clicking at once exactly one sees a changed row. The caller checks the language first
 * (authz canClaimTask). A request an organisation accepted may still get an interpreter, but only
 * while that organisation does not speak its language (as the board shows it): the same condition
 * is in the UPDATE, so a hand-made POST, or a partner accepting at the same moment, cannot get past it.
 */
export async function claimTask(db: Db, taskId: string, userId: string, now = new Date()): Promise<ClaimResult> {
	const leaseMinutes = await getSetting(db, 'claim_lease_minutes');
	const leaseUntil = iso(minutesAfter(now, leaseMinutes));
	// db.write: on SQLite concurrent claims share one fsync (group commit, db/commit.ts)
	const won = await db.write(async (trx) => {
		const result = await trx
			.updateTable('help_requests')
			.set((eb) => ({
				claimed_by: userId,
				lease_until: leaseUntil,
				status: sql<HelpRequestStatus>`case when status = 'open' then 'claimed' else status end`,
				updated_at: iso(now),
				version: eb('version', '+', 1)
			}))
			.where('id', '=', taskId)
			.where('status', 'in', ACTIVE)
			.where((eb) => eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))]))
			.where((eb) =>
				eb.or([
					eb('organisation_id', 'is', null),
					eb.not(
						eb.exists(
							eb
								.selectFrom('organisations')
								.select('organisations.id')
								.whereRef('organisations.id', '=', 'help_requests.organisation_id')
								.where('organisations.languages', 'like', sql<string>`'%"' || help_requests.language || '"%'`)
						)
					)
				])
			)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return false;
		const row = (await findHelpRequest(trx, taskId))!;
		// a translation task carries a resident's or an officer's words: who took it is on record
		if (row.topic === TRANSLATION_TOPIC) {
			await recordAudit(db, trx, { actorId: userId, actorRole: 'volunteer', action: 'translation.claim', targetType: 'help_request', targetId: taskId, details: { leaseUntil }, at: now });
			return true;
		}
		// with an organisation already on it, the resident heard from them; otherwise this is the news
		if (row.organisation_id === null) await notifyResident(db, trx, row, 'claimed', now);
		return true;
	});
	if (won) return { ok: true, leaseUntil };
	const row = await db.selectFrom('help_requests').select('status').where('id', '=', taskId).executeTakeFirst();
	if (!row) return { ok: false, reason: 'not_found' };
	return { ok: false, reason: ACTIVE.includes(row.status) ? 'taken' : 'closed' };
}

/** Another half-hour (the lease setting) for the volunteer who holds it and whose lease still runs. */
export async function renewLease(db: Db, taskId: string, userId: string, now = new Date()): Promise<ChangeResult> {
	const leaseMinutes = await getSetting(db, 'claim_lease_minutes');
	const result = await db
		.updateTable('help_requests')
		.set((eb) => ({ lease_until: iso(minutesAfter(now, leaseMinutes)), updated_at: iso(now), version: eb('version', '+', 1) }))
		.where('id', '=', taskId)
		.where('claimed_by', '=', userId)
		.where('lease_until', '>=', iso(now))
		.where('status', 'in', ACTIVE)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/** Back to the board (or, when an organisation holds it, back to needing an interpreter). */
export async function releaseTask(db: Db, taskId: string, userId: string, now = new Date()): Promise<ChangeResult> {
	const result = await db
		.updateTable('help_requests')
		.set((eb) => ({
			claimed_by: null,
			lease_until: null,
			status: sql<HelpRequestStatus>`case when organisation_id is null then 'open' else status end`,
			updated_at: iso(now),
			version: eb('version', '+', 1)
		}))
		.where('id', '=', taskId)
		.where('claimed_by', '=', userId)
		.where('status', 'in', ACTIVE)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/** Lapsed leases return their tasks to the board; run by the job, and harmless to run anywhere. */
export async function expireLeases(db: Db, now = new Date()): Promise<number> {
	const result = await db
		.updateTable('help_requests')
		.set((eb) => ({
			claimed_by: null,
			lease_until: null,
			status: sql<HelpRequestStatus>`case when organisation_id is null then 'open' else status end`,
			updated_at: iso(now),
			version: eb('version', '+', 1)
		}))
		.where('claimed_by', 'is not', null)
		.where('lease_until', '<', iso(now))
		.where('status', 'in', ACTIVE)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/**
 * Tasks nobody took within the SLA (setting help_sla_minutes) get the escalation flag, once; with
 * each also mails the next TASK_MAIL_VOLUNTEERS volunteers, in the same unit (partners see it in their queue).
 */
export async function escalateOverdue(db: Db, now = new Date()): Promise<number> {
	return db.write(async (tx) => {
		const sla = await getSetting(tx, 'help_sla_minutes');
		const rows = await tx
			.updateTable('help_requests')
			.set((eb) => ({ escalated_at: iso(now), updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('status', '=', 'open')
			.where('escalated_at', 'is', null)
			.where('organisation_id', 'is', null)
			.where((eb) => eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))]))
			.where('created_at', '<=', iso(minutesAfter(now, -sla)))
			.returning(['id', 'reference', 'language', 'topic'])
			.execute();
		for (const row of rows) await mailVolunteers(db, tx, row, TASK_MAIL_VOLUNTEERS, now);
		return rows.length;
	});
}

export async function countEscalated(db: Db): Promise<number> {
	const row = await db
		.selectFrom('help_requests')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('status', '=', 'open')
		.where('escalated_at', 'is not', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** An escalated request as officers see it on the dashboard: no contact, no note. */
export interface EscalatedRequest {
	reference: string;
	language: string;
	topic: string;
	createdAt: string;
	waitingMinutes: number;
}

/**
 * The open escalated requests that have waited longest, oldest first. Only the columns below are
 * read, so the resident's contact and note never leave the database for this view.
 */
export async function listEscalated(db: Db, now = new Date(), limit = 20): Promise<EscalatedRequest[]> {
	const rows = await db
		.selectFrom('help_requests')
		.select(['reference', 'language', 'topic', 'created_at'])
		.where('status', '=', 'open')
		.where('escalated_at', 'is not', null)
		.orderBy('created_at', 'asc')
		.orderBy('reference', 'asc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		reference: r.reference,
		language: r.language,
		topic: r.topic,
		createdAt: r.created_at,
		waitingMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(r.created_at)) / 60_000))
	}));
}

export interface TaskSummary {
	id: string;
	reference: string;
	language: string;
	topic: string;
	channel: string;
	status: HelpRequestStatus;
	escalated: boolean;
	createdAt: string;
	leaseUntil: string | null;
	mine: boolean;
	withPartner: boolean;
}

function summary(row: HelpRequest, userId: string | null, now: Date): TaskSummary {
	const held = !!row.claimed_by && !!row.lease_until && row.lease_until >= iso(now);
	return {
		id: row.id,
		reference: row.reference,
		language: row.language,
		topic: row.topic,
		channel: row.channel,
		status: row.status,
		escalated: !!row.escalated_at,
		createdAt: row.created_at,
		leaseUntil: held ? row.lease_until : null,
		mine: held && row.claimed_by === userId,
		withPartner: row.organisation_id !== null
	};
}

/**
 * The volunteer board: tasks in the volunteer's languages that nobody holds (a lapsed lease counts as
 * nobody, even before the job has run), newest first, and the tasks this volunteer holds. A task an
 * organisation accepted stays on the board while the organisation does not speak its language.
 */
export async function listBoard(db: Db, userId: string, languages: string[], now = new Date()): Promise<{ open: TaskSummary[]; mine: TaskSummary[] }> {
	if (!languages.length) return { open: [], mine: [] };
	const rows = await db
		.selectFrom('help_requests')
		.leftJoin('organisations', 'organisations.id', 'help_requests.organisation_id')
		.selectAll('help_requests')
		.where('help_requests.status', 'in', ACTIVE)
		.where('help_requests.language', 'in', languages)
		.where((eb) =>
			eb.or([
				// held by this volunteer (a finished interpreting part, lease null, is no longer theirs)
				eb.and([eb('help_requests.claimed_by', '=', userId), eb('help_requests.lease_until', 'is not', null)]),
				eb.and([
					eb.or([eb('help_requests.claimed_by', 'is', null), eb('help_requests.lease_until', '<', iso(now))]),
					eb.or([eb('help_requests.organisation_id', 'is', null), eb('organisations.languages', 'not like', sql<string>`'%"' || help_requests.language || '"%'`)])
				])
			])
		)
		.orderBy('help_requests.created_at', 'desc')
		.limit(200)
		.execute();
	const all = rows.map((r) => summary(r, userId, now));
	return { open: all.filter((t) => !t.mine && !t.leaseUntil), mine: all.filter((t) => t.mine) };
}

/** What changes the board (for the live page): newest update among tasks in these languages. */
export async function boardFingerprint(db: Db, languages: string[]): Promise<string> {
	if (!languages.length) return 'none';
	const row = await db
		.selectFrom('help_requests')
		.select((eb) => [eb.fn.max('updated_at').as('at'), eb.fn.countAll<number>().as('n')])
		.where('language', 'in', languages)
		.where('status', 'in', ACTIVE)
		.executeTakeFirst();
	return `${row?.at ?? ''}:${row?.n ?? 0}`;
}

// ---- Completion (volunteer holding the claim, or the accepting organisation) ----

export interface Completion {
	durationMinutes: number;
	note: string;
}

export function validCompletion(input: { duration: unknown; note: unknown }): { ok: true; value: Completion } | { ok: false; field: 'duration' | 'note' } {
	const duration = Number(input.duration);
	if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_MINUTES) return { ok: false, field: 'duration' };
	const note = typeof input.note === 'string' ? input.note.trim() : '';
	if (note.length > MAX_COMPLETION_NOTE) return { ok: false, field: 'note' };
	return { ok: true, value: { durationMinutes: duration, note } };
}

/**
 * `by` is the volunteer (must hold a running lease) or the organisation (must have accepted). A
 * translation task is completed only with its translation (translations.ts), never here.
 */
export async function completeHelpRequest(db: Db, taskId: string, by: TaskHolder, completion: Completion, now = new Date()): Promise<ChangeResult> {
	return db.write(async (trx) => {
		const task = await findHelpRequest(trx, taskId);
		if (task?.topic === TRANSLATION_TOPIC) return { ok: false, reason: 'not_allowed' } as const;
		if ('userId' in by && task?.organisation_id) return finishInterpreting(db, trx, taskId, by.userId, completion, now);
		if (!(await closeHeldTask(trx, taskId, by, completion, now))) return { ok: false, reason: 'not_allowed' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		await notifyResident(db, trx, row, 'completed', now);
		return { ok: true } as const;
	});
}

export type TaskHolder = { userId: string } | { organisationId: string };

/**
 * Marks the task completed, in the caller's transaction, only if `by` holds it: the volunteer's
 * lease still runs, or the organisation accepted it. False (and nothing changed) otherwise.
 */
export async function closeHeldTask(trx: Tx, taskId: string, by: TaskHolder, completion: Completion | null, now: Date): Promise<boolean> {
	let query = trx
		.updateTable('help_requests')
		.set((eb) => ({
			status: 'completed',
			completed_at: iso(now),
			duration_minutes: completion?.durationMinutes ?? null,
			completion_note: completion?.note || null,
			lease_until: null,
			updated_at: iso(now),
			version: eb('version', '+', 1)
		}))
		.where('id', '=', taskId)
		.where('status', 'in', ['claimed', 'scheduled']);
	query = 'userId' in by ? query.where('claimed_by', '=', by.userId).where('lease_until', '>=', iso(now)) : query.where('organisation_id', '=', by.organisationId);
	const result = await query.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * A volunteer who interpreted for a request a partner organisation holds finishes their part
 * only: the request stays with the partner (who completes it, and whose completion the resident
 * is told of). The volunteer's lease ends, so the task neither returns to the board nor stays
 * open to them; their duration goes into the audit log.
 */
async function finishInterpreting(db: Db, trx: Tx, taskId: string, userId: string, completion: Completion, now: Date): Promise<ChangeResult> {
	const result = await trx
		.updateTable('help_requests')
		.set((eb) => ({ lease_until: null, updated_at: iso(now), version: eb('version', '+', 1) }))
		.where('id', '=', taskId)
		.where('status', 'in', ['claimed', 'scheduled'])
		.where('claimed_by', '=', userId)
		.where('lease_until', '>=', iso(now))
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'not_allowed' };
	await recordAudit(db, trx, {
		actorId: userId,
		actorRole: 'volunteer',
		action: 'help_request.interpreting_done',
		targetType: 'help_request',
		targetId: taskId,
		details: { durationMinutes: completion.durationMinutes },
		at: now
	});
	return { ok: true };
}

// ---- Partner organisations ----

export async function findOrganisationOf(db: Db, organisationId: string | null): Promise<Organisation | undefined> {
	if (!organisationId) return undefined;
	return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/**
 * The organisation's queue: open requests of its kind, escalated interpreter tasks in its languages
 * (both not yet accepted by anyone), and the requests it accepted and has not finished.
 */
export type PartnerTask = TaskSummary & { coversLanguage: boolean };

export async function listPartnerQueue(db: Db, organisation: Organisation, now = new Date()): Promise<{ waiting: PartnerTask[]; accepted: PartnerTask[] }> {
	const languages = languagesOf(organisation.languages);
	const partnerTopic = PARTNER_TOPICS.has(organisation.kind as HelpTopic);
	const rows = await db
		.selectFrom('help_requests')
		.selectAll()
		.where('status', 'in', ACTIVE)
		.where((eb) =>
			eb.or([
				eb('organisation_id', '=', organisation.id),
				eb.and([
					eb('organisation_id', 'is', null),
					eb('status', 'in', ['open', 'claimed']),
					eb.or([
						...(partnerTopic ? [eb('topic', '=', organisation.kind)] : []),
						...(languages.length ? [eb.and([eb('escalated_at', 'is not', null), eb('language', 'in', languages), eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))])])] : []),
						sql<boolean>`1 = 0`
					])
				])
			])
		)
		.orderBy('created_at', 'desc')
		.limit(200)
		.execute();
	const all = rows.map((r) => ({ ...summary(r, null, now), coversLanguage: languages.includes(r.language) }));
	return { waiting: all.filter((t) => !t.withPartner), accepted: all.filter((t) => t.withPartner) };
}

/** Atomic like claiming: of several members (or organisations) accepting at once, one wins. */
export async function acceptAsPartner(db: Db, taskId: string, organisation: Organisation, now = new Date()): Promise<ChangeResult> {
	const languages = languagesOf(organisation.languages);
	return db.write(async (trx) => {
		const result = await trx
			.updateTable('help_requests')
			.set((eb) => ({ organisation_id: organisation.id, status: 'claimed', updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', taskId)
			.where('organisation_id', 'is', null)
			.where('status', 'in', ['open', 'claimed'])
			.where((eb) =>
				eb.or([
					eb('topic', '=', organisation.kind),
					eb.and([
						eb('escalated_at', 'is not', null),
						languages.length ? eb('language', 'in', languages) : sql<boolean>`1 = 0`,
						eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))])
					])
				])
			)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'taken' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		if (row.topic === TRANSLATION_TOPIC) {
			await recordAudit(db, trx, {
				actorId: null,
				actorRole: 'partner',
				action: 'translation.claim',
				targetType: 'help_request',
				targetId: taskId,
				details: { organisation: organisation.id },
				at: now
			});
			return { ok: true } as const;
		}
		await notifyResident(db, trx, row, 'claimed', now);
		return { ok: true } as const;
	});
}

export const MAX_SCHEDULE_DETAILS = 500;

/** A time and how to meet (place, phone or video link): encrypted, it may name people or places. */
export async function scheduleHelpRequest(db: Db, taskId: string, organisationId: string, input: { when: Date; details: string }, now = new Date()): Promise<ChangeResult> {
	const details = input.details.trim();
	if (Number.isNaN(input.when.getTime()) || !details || details.length > MAX_SCHEDULE_DETAILS) return { ok: false, reason: 'invalid' };
	return db.write(async (trx) => {
		const result = await trx
			.updateTable('help_requests')
			.set((eb) => ({
				status: 'scheduled',
				scheduled_for: iso(input.when),
				schedule_details: encrypt(db.keys, details, scheduleAad(taskId)),
				updated_at: iso(now),
				version: eb('version', '+', 1)
			}))
			.where('id', '=', taskId)
			.where('organisation_id', '=', organisationId)
			.where('status', 'in', ['claimed', 'scheduled'])
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'not_allowed' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		await notifyResident(db, trx, row, 'scheduled', now);
		return { ok: true } as const;
	});
}

// ---- Notifications to the resident, in the request's language ----

async function notifyResident(db: Db, tx: Tx, row: HelpRequest, event: 'claimed' | 'scheduled' | 'completed', now: Date): Promise<void> {
	const contact = readContact(db, row);
	// Mail only: there is no SMS gateway. A resident who gave a phone number follows the request page.
	if (!contact.email) return;
	const mail = await import('./help-mail');
	const when = row.scheduled_for ?? undefined;
	await enqueueMail(db, tx, mail.residentMail(contact.email, event, { reference: row.reference, language: row.language, when }), now);
}
