import { sql } from 'kysely';
import type { Db } from './db';
import type { DeclarationStatus } from './db/schema';
import { decryptJson, encryptJson, type Keys } from './crypto';
import { recordAudit, recordAuditAlone } from './audit';
import { addEvent, documentIndex, personIndex, readCurrentAnswers, readSnapshot, receiptTokenFor, supersedeOlder, type Declaration } from './declarations';
import { isAttachmentOf } from './follow-up';
import { sendMail } from './mail';
import { formerlyNamed } from './amendments';
import { isAnonymised } from './retention';
import { normaliseReference } from './ids';
import { isLang, type Lang } from '$lib/i18n';
import { questionFor, type AskedTemplate } from '$lib/domain/question-template';
import type { Actor } from './users';
import type { DeclarationInput } from '$lib/domain/declaration';
import type { Finding, FindingCode } from '$lib/domain/rules';
import { addDays, isValidIsoDate } from '$lib/domain/dates';
import { cancelOpenTranslations, translateQuestion } from './translations';

// The officers' side of declarations: the review queue, the detail with its history, decisions
// and look-ups. Every read of personal data writes an audit row in the same call.

export const REJECT_REASONS = ['false_information', 'document_invalid', 'not_in_jurisdiction', 'duplicate', 'hotel_registers_guests', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface QueueFilters {
	finding?: FindingCode;
	nationality?: string;
	addressId?: string;
	/** Submitted on or after this Asia/Shanghai calendar day (YYYY-MM-DD). */
	from?: string;
	/** Submitted on or before this Asia/Shanghai calendar day (YYYY-MM-DD), the whole day included. */
	to?: string;
	status?: 'pending_review' | 'needs_information';
}

export interface QueueItem {
	id: string;
	reference: string;
	status: DeclarationStatus;
	nationality: string;
	addressId: string | null;
	addressLabel: string | null;
	checkInDate: string;
	submittedAt: string;
	findings: Finding[];
}

/** The first instant (UTC, as stored in submitted_at) of an Asia/Shanghai calendar day. */
function shanghaiDayStart(date: string): string {
	if (!isValidIsoDate(date)) throw new RangeError(`not a date: ${date}`);
	// submitted_at is UTC (toISOString); days here are Shanghai days (UTC+8, no daylight saving)
	return new Date(`${date}T00:00:00.000+08:00`).toISOString();
}

/**
 * The queue's query without its limit: status, filters and the keyset cursor, oldest first by
 * (submitted_at, id). Exported for the query-plan test.
 */
export function queueQuery(db: Db, filters: QueueFilters, cursor: { submittedAt: string; id: string } | null) {
	let q = db
		.selectFrom('declarations as d')
		.leftJoin('addresses as a', 'a.id', 'd.address_id')
		.select(['d.id', 'd.reference', 'd.status', 'd.nationality', 'd.address_id', 'a.label as address_label', 'd.check_in_date', 'd.submitted_at', 'd.findings'])
		.where('d.status', '=', filters.status ?? 'pending_review');
	if (filters.nationality) q = q.where('d.nationality', '=', filters.nationality);
	if (filters.addressId) q = q.where('d.address_id', '=', filters.addressId);
	// [start of `from`, start of the day after `to`) in Shanghai days, both days included
	if (filters.from) q = q.where('d.submitted_at', '>=', shanghaiDayStart(filters.from));
	if (filters.to) q = q.where('d.submitted_at', '<', shanghaiDayStart(addDays(filters.to, 1)));
	if (filters.finding) q = q.where('d.findings', 'like', `%"code":"${filters.finding}"%`);
	if (cursor) {
		// (submitted_at, id) > cursor. The OR alone is exact but SQLite cannot seek on it; the
		// redundant `submitted_at >= x` bounds the scan of the (status, submitted_at, id) index.
		q = q
			.where('d.submitted_at', '>=', cursor.submittedAt)
			.where((eb) => eb.or([eb('d.submitted_at', '>', cursor.submittedAt), eb.and([eb('d.submitted_at', '=', cursor.submittedAt), eb('d.id', '>', cursor.id)])]));
	}
	return q.orderBy('d.submitted_at').orderBy('d.id');
}

/** Keyset page of the queue, oldest first: (submitted_at, id) after the cursor. */
export async function listQueue(
	db: Db,
	filters: QueueFilters,
	cursor: { submittedAt: string; id: string } | null,
	limit = 25
): Promise<{ items: QueueItem[]; next: { submittedAt: string; id: string } | null }> {
	const rows = await queueQuery(db, filters, cursor)
		.limit(limit + 1)
		.execute();
	const page = rows.slice(0, limit);
	const last = page.at(-1);
	return {
		items: page.map((r) => ({
			id: r.id,
			reference: r.reference,
			status: r.status,
			nationality: r.nationality,
			addressId: r.address_id,
			addressLabel: r.address_label,
			checkInDate: r.check_in_date,
			submittedAt: r.submitted_at,
			findings: JSON.parse(r.findings) as Finding[]
		})),
		next: rows.length > limit && last ? { submittedAt: last.submitted_at, id: last.id } : null
	};
}

export interface EventView {
	type: string;
	fromStatus: string | null;
	toStatus: string | null;
	actorName: string | null;
	at: string;
	/** Decrypted note, question, answer or reason, when the event has one. */
	data: Record<string, unknown> | null;
}

export interface RelatedDeclaration {
	id: string;
	reference: string;
	status: DeclarationStatus;
	checkInDate: string;
	checkOut: string | null;
	addressLabel: string | null;
	/** Found by a passport number it named before the resident corrected it. */
	earlierDocument?: true;
}

export interface Detail {
	row: Declaration;
	/** Null once the retention job has anonymised the declaration. */
	submitted: DeclarationInput | null;
	current: DeclarationInput | null;
	addressLabel: string | null;
	addressKind: string | null;
	findings: Finding[];
	events: EventView[];
	samePerson: RelatedDeclaration[];
	sameUnit: RelatedDeclaration[];
	/** The "for officers" reasons of the watch-list entries this declaration's document matches (only with a WATCHLIST finding). */
	watchlistReasons: string[];
}

function eventData(keys: Keys, declarationId: string, data: string | null): Record<string, unknown> | null {
	if (!data) return null;
	if (data.startsWith('v1.')) return decryptJson<Record<string, unknown>>(keys, data, `declaration_events:${declarationId}`);
	return JSON.parse(data) as Record<string, unknown>;
}

/** The whole declaration for an officer: decrypted, explained, with its history. Audited. */
export async function openDeclaration(db: Db, id: string, actor: Actor): Promise<Detail | undefined> {
	const { keys } = db;
	const row = await db.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row) return undefined;
	const anonymised = isAnonymised(row.snapshot);
	const submitted = anonymised ? null : readSnapshot(db.keys, row);
	const current = anonymised ? null : await readCurrentAnswers(db, row);
	const [address, events, samePerson, sameUnit] = await Promise.all([
		row.address_id ? db.selectFrom('addresses').select(['label', 'kind']).where('id', '=', row.address_id).executeTakeFirst() : Promise.resolve(undefined),
		db
			.selectFrom('declaration_events as e')
			.leftJoin('users as u', 'u.id', 'e.actor_id')
			.select(['e.type', 'e.from_status', 'e.to_status', 'e.data', 'e.created_at', 'u.name as actor_name'])
			.where('e.declaration_id', '=', id)
			.orderBy('e.created_at')
			.orderBy('e.id')
			.execute(),
		related(db, (q) => q.where('d.document_index', '=', row.document_index).where('d.nationality', '=', row.nationality), id),
		row.address_id ? related(db, (q) => q.where('d.address_id', '=', row.address_id).where('d.unit_index', '=', row.unit_index), id) : Promise.resolve([])
	]);
	const findings = JSON.parse(row.findings) as Finding[];
	const watchlistReasons = findings.some((f) => f.code === 'WATCHLIST')
		? (
				await db
					.selectFrom('watchlist')
					.select('reason')
					.where('document_index', '=', row.document_index)
					.where('nationality', '=', row.nationality)
					.where('active', '=', 1)
					.orderBy('created_at')
					.execute()
			).map((w) => w.reason)
		: [];
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'declaration.view', targetType: 'declaration', targetId: id });
	return {
		row,
		submitted,
		current,
		addressLabel: address?.label ?? null,
		addressKind: address?.kind ?? null,
		findings,
		watchlistReasons,
		events: events.map((e) => ({ type: e.type, fromStatus: e.from_status, toStatus: e.to_status, actorName: e.actor_name, at: e.created_at, data: eventData(keys, id, e.data) })),
		samePerson,
		sameUnit
	};
}

type RelatedQuery = ReturnType<typeof relatedBase>;
function relatedBase(db: Db) {
	return db
		.selectFrom('declarations as d')
		.leftJoin('addresses as a', 'a.id', 'd.address_id')
		.select(['d.id', 'd.reference', 'd.status', 'd.check_in_date', 'd.check_out', 'a.label as address_label']);
}

async function related(db: Db, where: (q: RelatedQuery) => RelatedQuery, exceptId: string): Promise<RelatedDeclaration[]> {
	const rows = await where(relatedBase(db)).where('d.id', '!=', exceptId).orderBy('d.check_in', 'desc').limit(20).execute();
	return rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, checkInDate: r.check_in_date, checkOut: r.check_out, addressLabel: r.address_label }));
}

/** A declaration's reference and the language it was made in (the resident's); undefined for an unknown id. No personal data. */
export async function declarationHeader(db: Db, id: string): Promise<{ reference: string; language: string } | undefined> {
	return db.selectFrom('declarations').select(['reference', 'language']).where('id', '=', id).executeTakeFirst();
}

/** The next declaration an officer should open after deciding `exceptId`: the oldest pending one. */
export async function nextInQueue(db: Db, exceptId: string): Promise<{ id: string; reference: string } | undefined> {
	return db.selectFrom('declarations').select(['id', 'reference']).where('status', '=', 'pending_review').where('id', '!=', exceptId).orderBy('submitted_at').orderBy('id').limit(1).executeTakeFirst();
}

/** An image the resident attached to an answer on this declaration, for an officer. Audited. */
export async function attachmentFor(db: Db, id: string, uploadId: string, actor: Actor): Promise<string | null> {
	if (!(await isAttachmentOf(db, id, uploadId))) return null;
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'declaration.attachment.view', targetType: 'declaration', targetId: id, details: { upload: uploadId } });
	return uploadId;
}

/** The passport photo of a declaration, for an officer. Audited. */
export async function photoFor(db: Db, id: string, actor: Actor): Promise<string | null> {
	const row = await db.selectFrom('declarations').select('photo_upload_id').where('id', '=', id).executeTakeFirst();
	if (!row?.photo_upload_id) return null;
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'declaration.photo.view', targetType: 'declaration', targetId: id });
	return row.photo_upload_id;
}

export type Decision =
	| { kind: 'approve'; note?: string }
	| { kind: 'reject'; reason: RejectReason; note?: string }
	| {
			kind: 'request_information';
			/** In the officer's words and language (the original the resident sees beside a translation). */
			question: string;
			/** The officer's page language. */
			language?: Lang;
			/** The template the question came from, with the officer's values. */
			template?: AskedTemplate;
			/** Words the officer added to a template question (free text, translated like a free-text question). */
			note?: string;
	  };

export type DecisionResult = { ok: true; status: DeclarationStatus } | { ok: false; reason: 'not_found' | 'already_decided' | 'reason_required' };

const TO_STATUS: Record<Decision['kind'], DeclarationStatus> = { approve: 'approved', reject: 'rejected', request_information: 'needs_information' };

/**
 * One officer's decision. The update only applies to the version the officer saw while it is still
 * pending, so of two officers deciding at once exactly one succeeds; the other is told it was
 * already decided. One waiting for the resident's answer may still be approved or rejected, with a note
 * saying why. Event, audit row, receipt, supersessions and the resident's e-mail commit together.
 */
export async function decide(db: Db, id: string, expectedVersion: number, decision: Decision, actor: Actor, opts: { now?: Date } = {}): Promise<DecisionResult> {
	const { keys } = db;
	const now = opts.now ?? new Date();
	const at = now.toISOString();
	const toStatus = TO_STATUS[decision.kind];
	return db.write(async (trx) => {
		const row = await trx.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
		if (!row) return { ok: false, reason: 'not_found' } as const;
		if (row.status === 'needs_information' && decision.kind !== 'request_information' && !decision.note?.trim()) return { ok: false, reason: 'reason_required' } as const;
		const receiptToken = decision.kind === 'approve' ? receiptTokenFor(keys, row.reference, at) : row.receipt_token;
		const updated = await trx
			.updateTable('declarations')
			.set((eb) => ({
				status: toStatus,
				version: eb('version', '+', 1),
				updated_at: at,
				decided_at: decision.kind === 'request_information' ? row.decided_at : at,
				decided_by: decision.kind === 'request_information' ? row.decided_by : actor.id,
				receipt_token: receiptToken,
				// a rejected declaration no longer stands in the way of a new one for the same stay
				// (a repeat with its Idempotency-Key still finds it)
				dedupe_key: decision.kind === 'reject' ? `${row.dedupe_key}:rejected:${row.id}` : row.dedupe_key
			}))
			.where('id', '=', id)
			.where('version', '=', expectedVersion)
			.where('status', 'in', decision.kind === 'request_information' ? ['pending_review'] : ['pending_review', 'needs_information'])
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'already_decided' } as const;

		const data =
			decision.kind === 'approve'
				? { note: decision.note ?? '' }
				: decision.kind === 'reject'
					? { reason: decision.reason, note: decision.note ?? '' }
					: // undefined parts (no template, no added words) are left out of the JSON
						{ question: decision.question, language: decision.language, template: decision.template, note: decision.note };
		const type = decision.kind === 'approve' ? 'approved' : decision.kind === 'reject' ? 'rejected' : 'information_requested';
		const eventId = await addEvent(trx, { declarationId: id, type, fromStatus: row.status, toStatus, actorId: actor.id, at, encryptedData: encryptJson(keys, data, `declaration_events:${id}`) });
		// free text the resident does not read goes to the volunteer interpreters
		if (decision.kind === 'request_information') await translateQuestion(db, trx, { declarationId: id, eventId, residentLang: row.language, asked: decision }, actor, now);
		// decided: translations still to do are no longer needed and leave the board
		else await cancelOpenTranslations(db, trx, id, decision.kind, actor, now);
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: `declaration.${decision.kind}`,
			targetType: 'declaration',
			targetId: id,
			details: decision.kind === 'reject' ? { reason: decision.reason } : {},
			at: now
		});
		const answers = isAnonymised(row.snapshot) ? null : await readCurrentAnswers(db, row, trx);
		// the same person only (a row from before person_index: from its answers)
		const person = row.person_index ?? (answers ? personIndex(keys, answers) : null);
		if (decision.kind === 'approve' && person) {
			await supersedeOlder(trx, keys, {
				id,
				docIndex: row.document_index,
				personIndex: person,
				nationality: row.nationality,
				addressId: row.address_id,
				unit: row.unit_index,
				checkIn: row.check_in,
				checkInDate: row.check_in_date,
				at
			});
		}
		if (answers?.contact.email) {
			const lang = isLang(row.language) ? row.language : 'en';
			const question = decision.kind === 'request_information' ? questionForMail(decision, lang) : '';
			await sendMail(db, trx, { to: answers.contact.email, lang, message: { kind: 'declaration_decision', decision: decision.kind, reference: row.reference, question } }, now);
		}
		return { ok: true, status: toStatus } as const;
	});
}

/** The question in the declaration's language, with the officer's original under it when it was translated. */
function questionForMail(decision: Extract<Decision, { kind: 'request_information' }>, lang: Lang): string {
	const shown = questionFor({ askedAt: '', text: decision.question, language: decision.language ?? null, template: decision.template ?? null }, lang, lang);
	const text = shown.original ? `${shown.text}\n\n${shown.original.text}` : shown.text;
	return decision.note ? `${text}\n\n${decision.note}` : text;
}

/** Find by reference, or by document number + nationality through the blind index. Audited. */
export async function lookUp(db: Db, query: { reference?: string; documentNumber?: string; nationality?: string }, actor: Actor): Promise<RelatedDeclaration[]> {
	const { keys } = db;
	let rows: RelatedDeclaration[];
	let by: string;
	if (query.reference) {
		by = 'reference';
		rows = await related(db, (q) => q.where('d.reference', '=', normaliseReference(query.reference!)), '');
	} else if (query.documentNumber && query.nationality) {
		by = 'document';
		const nationality = query.nationality.toUpperCase();
		const index = documentIndex(keys, query.documentNumber, nationality);
		const named = await related(db, (q) => q.where('d.document_index', '=', index).where('d.nationality', '=', nationality), '');
		// and those whose passport this was until the resident sent a new one
		const earlier = await related(db, (q) => q.where('d.id', 'in', formerlyNamed(db, index, nationality)).where('d.document_index', '!=', index), '');
		rows = [...named, ...earlier.map((r) => ({ ...r, earlierDocument: true as const }))];
	} else {
		return [];
	}
	await recordAuditAlone(db, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'declaration.lookup',
		targetType: 'declaration',
		targetId: rows.length === 1 ? rows[0].id : null,
		details: { by, results: rows.length }
	});
	return rows;
}

/** How many are waiting, and since when (for the dashboard and the queue header). */
export async function queueSummary(db: Db): Promise<{ pending: number; needsInformation: number; oldestSubmittedAt: string | null }> {
	const rows = await db
		.selectFrom('declarations')
		.select(['status', sql<number>`count(*)`.as('n'), sql<string | null>`min(submitted_at)`.as('oldest')])
		.where('status', 'in', ['pending_review', 'needs_information'])
		.groupBy('status')
		.execute();
	const of = (s: string) => rows.find((r) => r.status === s);
	return { pending: Number(of('pending_review')?.n ?? 0), needsInformation: Number(of('needs_information')?.n ?? 0), oldestSubmittedAt: of('pending_review')?.oldest ?? null };
}
