import { type Selectable } from 'kysely';
import type { Db, Reader, Tx } from './db';
import type { HelpRequestsTable, HelpRequestStatus, OrganisationsTable } from './db/schema';
import { blindIndex, decrypt, decryptJson, encrypt, encryptJson, safeEqual, sha256, type Keys } from './crypto';
import { newAccessCode, newId, newReference, normaliseAccessCode, normaliseReference } from './ids';
import { recordAuditAlone } from './audit';
import { sendMail } from './mail';
import { availableVolunteers } from './roster';
import { helpRequestErrors, helpRequestInput, kioskHelpRequestInput, type HelpFieldError, type HelpRequestInput } from '../domain/help-request';
import { TRANSLATION_TOPIC } from '../domain/translation';

// One aggregate: a resident's request for an interpreter (or a partner's professional help), its
// conversation, and who holds it. Its SQL lives here (requests, contacts, notifications) and in
// help-conversation.ts, help-claims.ts (volunteers) and help-partners.ts. Every change that two people could make
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

export const ACTIVE: HelpRequestStatus[] = ['open', 'claimed', 'scheduled'];

const contactAad = (id: string) => `help_requests.contact:${id}`;

const noteAad = (id: string) => `help_requests.note:${id}`;

export const scheduleAad = (id: string) => `help_requests.schedule:${id}`;

export const messageAad = (requestId: string) => `help_messages:${requestId}`;

export const iso = (d: Date) => d.toISOString();

export const minutesAfter = (d: Date, minutes: number) => new Date(d.getTime() + minutes * 60_000);

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

export async function rankVolunteers(db: Reader, requestId: string, language: string, now: Date): Promise<{ id: string; email: string; mailLanguage: string }[]> {
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
	return keyed.map(({ v }) => ({ id: v.id, email: v.email, mailLanguage: v.mailLanguage }));
}

/** Mails volunteers ranked `from` … `from + TASK_MAIL_VOLUNTEERS - 1` about the task. */
export async function mailVolunteers(db: Db, tx: Tx, task: { id: string; reference: string; language: string; topic: string }, from: number, now: Date): Promise<number> {
	const chosen = (await rankVolunteers(tx, task.id, task.language, now)).slice(from, from + TASK_MAIL_VOLUNTEERS);
	if (!chosen.length) return 0;
	for (const volunteer of chosen) {
		await sendMail(db, tx, { to: volunteer.email, lang: volunteer.mailLanguage, message: { kind: 'help_new_task', reference: task.reference, language: task.language, topic: task.topic } }, now);
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
	const result = await db.write((tx) =>
		tx
			.updateTable('help_requests')
			.set((eb) => ({ status: 'cancelled', lease_until: null, updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', id)
			.where('status', 'in', ACTIVE)
			.executeTakeFirst()
	);
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'closed' };
}

/** In the caller's unit: cancels those of `ids` still active (off the board, any lease ended); the ids it cancelled. */
export async function cancelTasks(tx: Tx, ids: string[], now: Date): Promise<string[]> {
	if (!ids.length) return [];
	const rows = await tx
		.updateTable('help_requests')
		.set((eb) => ({ status: 'cancelled', lease_until: null, updated_at: iso(now), version: eb('version', '+', 1) }))
		.where('id', 'in', ids)
		.where('status', 'in', ACTIVE)
		.returning('id')
		.execute();
	return rows.map((r) => r.id);
}

export async function rateHelpRequest(db: Db, id: string, rating: number, now = new Date()): Promise<ChangeResult> {
	if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, reason: 'invalid' };
	const result = await db.write((tx) =>
		tx
			.updateTable('help_requests')
			.set((eb) => ({ rating, updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', id)
			.where('status', '=', 'completed')
			.where('rating', 'is', null)
			.executeTakeFirst()
	);
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

/** Mails the resident about the news, in the request's language; false when they gave no e-mail address. */
export async function notifyResident(db: Db, tx: Tx, row: HelpRequest, event: 'claimed' | 'scheduled' | 'completed', now: Date): Promise<boolean> {
	const contact = readContact(db, row);
	// Mail only: there is no SMS gateway. A resident who gave a phone number follows the request page.
	if (!contact.email) return false;
	const when = row.scheduled_for ?? undefined;
	await sendMail(db, tx, { to: contact.email, lang: row.language, message: { kind: 'help_update', event, reference: row.reference, when } }, now);
	return true;
}
