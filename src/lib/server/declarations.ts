import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import type { Database, Db, Reader, Tx } from './db';
import type { AddressKind, DeclarationEventsTable, DeclarationsTable, DeclarationStatus, NationalityListsTable } from './db/schema';
import { blindIndex, decryptJson, sign, verifySignature, type Keys } from './crypto';
import { newId, normaliseAccessCode } from './ids';
import { drawRoutineCheck, settingValue, type SettingKey } from './settings';
import type { DeclarationInput } from '$lib/domain/declaration';
import type { Finding, RuleContext } from '$lib/domain/rules';
import { shanghaiDate } from '$lib/domain/dates';

// One aggregate: a declaration is an immutable encrypted snapshot of what was submitted, plus
// status fields that only change through recorded events. Its SQL lives here (records, events,
// supersession, the rule context, receipts), in submission.ts (submitting) and in follow-up.ts
// (the resident's side afterwards); the officers' side is review.ts.

export type Declaration = Selectable<DeclarationsTable>;

/** Errors found against the database rather than the schema. */
export type ServerValidationCode = 'unknown_upload' | 'unknown_address' | 'idempotency_key_reused';

/** The one error of a known Idempotency-Key sent with another body: it reveals nothing of the first. */
export const KEY_REUSED: SubmitFieldError = { path: '', code: 'idempotency_key_reused' satisfies ServerValidationCode };

export interface SubmitFieldError {
	path: string;
	code: string;
}

export type SubmitResult =
	| {
			ok: true;
			created: boolean;
			reference: string;
			/** Only on creation, or on a repeat with the same Idempotency-Key. */
			accessCode: string | null;
			status: DeclarationStatus;
			findings: Finding[];
			receiptToken: string | null;
	  }
	| { ok: false; errors: SubmitFieldError[] };

const CURRENT_STATUSES: DeclarationStatus[] = ['approved', 'pending_review', 'needs_information'];

export function snapshotAad(id: string): string {
	return `declarations.snapshot:${id}`;
}

/** What is stored encrypted beside the snapshot so an idempotent repeat can answer with the same access code. */
export interface Secret {
	accessCode: string;
}

export function accessCodeHash(keys: Keys, reference: string, accessCode: string): string {
	return blindIndex(keys, 'access-code', reference, normaliseAccessCode(accessCode));
}

export function documentIndex(keys: Keys, number: string, nationality: string): string {
	return blindIndex(keys, 'document', number, nationality);
}

/**
 * "The same person" (DESIGN.md §6.2) as a blind index: document number + nationality AND surname,
 * given names, sex and date of birth, normalised like every blind index (case, width, spaces and
 * hyphens do not count). One HMAC, so comparing people never needs a decryption.
 */
export function personIndex(keys: Keys, d: Pick<DeclarationInput, 'person' | 'document'>): string {
	const { person, document } = d;
	return blindIndex(keys, 'person', document.number, person.nationality, person.surname, person.givenNames, person.sex, person.dateOfBirth);
}

/**
 * The place within an address, as a blind index: the unit for a registry address; for a free-text
 * address (no address id) the text and the unit, so two different free-text places never count
 * as the same one (occupancy, supersession).
 */
export function unitIndex(keys: Keys, accommodation: { addressId?: string; addressText?: string; unit?: string }): string {
	const squash = (text: string | undefined) =>
		(text ?? '')
			.normalize('NFKC')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '');
	const unit = squash(accommodation.unit);
	return accommodation.addressId ? blindIndex(keys, 'unit', unit) : blindIndex(keys, 'unit', `text:${squash(accommodation.addressText)}`, unit);
}

export type Supersession = { id: string; docIndex: string; personIndex: string; nationality: string; addressId: string | null; unit: string; checkIn: string; checkInDate: string; at: string };

export type OlderApproved = Pick<Declaration, 'id' | 'address_id' | 'unit_index' | 'person_index' | 'snapshot'>;

/** The approved declarations a newer one may supersede; supersedeOlder decides which it does. */

export function olderApproved(db: Reader, d: Supersession) {
	return db
		.selectFrom('declarations')
		.select(['id', 'address_id', 'unit_index', 'person_index', 'snapshot'])
		.where('document_index', '=', d.docIndex)
		.where('nationality', '=', d.nationality)
		.where('status', '=', 'approved')
		.where('id', '!=', d.id)
		.where('check_in', '<', d.checkIn)
		.where((eb) => eb.or([eb('person_index', '=', d.personIndex), eb('person_index', 'is', null)]));
}

/**
 * A newer approved declaration of the same person at another address (or unit) ends the older
 * ones: their status becomes superseded and their stay ends at the new check-in. The same
 * document number with another name, sex or birth date is someone else (DOCUMENT_IN_USE): their
 * declaration stays as it is.
 */
export async function supersedeOlder(db: Tx, keys: Keys, d: Supersession, candidates?: OlderApproved[]): Promise<void> {
	const older = candidates ?? (await olderApproved(db, d).execute());
	for (const o of older) {
		if (o.address_id === d.addressId && o.unit_index === d.unit) continue;
		// rows from before person_index: compare the person in their snapshot (anonymised rows never match the document index)
		if (o.person_index === null && personIndex(keys, readSnapshot(keys, o)) !== d.personIndex) continue;
		await db
			.updateTable('declarations')
			.set((eb) => ({ status: 'superseded', superseded_by: d.id, stay_end: d.checkInDate, updated_at: d.at, version: eb('version', '+', 1) }))
			.where('id', '=', o.id)
			.execute();
		await addEvent(db, { declarationId: o.id, type: 'superseded', fromStatus: 'approved', toStatus: 'superseded', at: d.at, data: { by: d.id } });
	}
}

export type EventInput = {
	declarationId: string;
	type: string;
	fromStatus: string | null;
	toStatus: string | null;
	actorId?: string | null;
	at: string;
	data?: Record<string, unknown> | null;
	encryptedData?: string | null;
};

export function eventRow(e: EventInput): Insertable<DeclarationEventsTable> {
	return {
		id: newId(),
		declaration_id: e.declarationId,
		type: e.type,
		from_status: e.fromStatus,
		to_status: e.toStatus,
		actor_id: e.actorId ?? null,
		data: e.encryptedData ?? (e.data ? JSON.stringify(e.data) : null),
		created_at: e.at
	};
}

/** Appends one event; its id, for what links to it (a translation task). */
export async function addEvent(db: Tx, e: EventInput): Promise<string> {
	const row = eventRow(e);
	await db.insertInto('declaration_events').values(row).execute();
	return row.id;
}

// --- receipts -------------------------------------------------------------------------------

/** `<payload>.<signature>`: the payload holds the reference and the issue time only, never personal data. */
export function receiptTokenFor(keys: Keys, reference: string, issuedAt: string): string {
	const payload = Buffer.from(JSON.stringify({ r: reference, t: issuedAt })).toString('base64url');
	return `${payload}.${sign(keys, payload)}`;
}

export type ReceiptCheck =
	{ genuine: false } | { genuine: true; current: boolean; reference: string; status: DeclarationStatus; checkInDate: string; checkOut: string | null; stayEnd: string | null; issuedAt: string };

export async function verifyReceipt(db: Db, token: string): Promise<ReceiptCheck> {
	const [payload, signature] = token.split('.');
	if (!payload || !signature || payload.length > 200 || !verifySignature(db.keys, payload, signature)) return { genuine: false };
	let claims: { r?: unknown; t?: unknown };
	try {
		claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return { genuine: false };
	}
	if (typeof claims.r !== 'string' || typeof claims.t !== 'string') return { genuine: false };
	const row = await db.selectFrom('declarations').select(['reference', 'status', 'check_in_date', 'check_out', 'stay_end', 'receipt_token']).where('reference', '=', claims.r).executeTakeFirst();
	if (!row) return { genuine: false };
	return {
		genuine: true,
		// a receipt re-issued later (e.g. after a review) replaces the earlier one
		current: row.status === 'approved' && row.receipt_token === token,
		reference: row.reference,
		status: row.status,
		checkInDate: row.check_in_date,
		checkOut: row.check_out,
		stayEnd: row.stay_end,
		issuedAt: claims.t
	};
}

// --- the resident's view --------------------------------------------------------------------

/** The submitted answers, decrypted. Staff callers must record an audit row. */
export function readSnapshot(keys: Keys, row: Pick<Declaration, 'id' | 'snapshot'>): DeclarationInput {
	return decryptJson<{ input: DeclarationInput }>(keys, row.snapshot, snapshotAad(row.id)).input;
}

// --- follow-up by the resident ---------------------------------------------------------------

export function eventAad(declarationId: string): string {
	return `declaration_events:${declarationId}`;
}

/**
 * The answers as they stand now: the immutable snapshot with the latest amendment applied.
 * Staff callers must record an audit row.
 */
/** The answers as they stand now (the resident's latest amendment, else the submission); `q`: the caller's unit, when in one. */
export async function readCurrentAnswers(db: Db, row: Pick<Declaration, 'id' | 'snapshot'>, q: Reader = db): Promise<DeclarationInput> {
	const amended = await q
		.selectFrom('declaration_events')
		.select('data')
		.where('declaration_id', '=', row.id)
		.where('type', '=', 'amended')
		.orderBy('created_at', 'desc')
		.orderBy('id', 'desc')
		.executeTakeFirst();
	if (amended?.data) return decryptJson<{ input: DeclarationInput }>(db.keys, amended.data, eventAad(row.id)).input;
	return readSnapshot(db.keys, row);
}

/**
 * What the rules need to know beyond the declaration itself: the registry entry, the lists, the
 * occupancy of the unit and the watch list — and, at submission, whether the photo upload is
 * there. One query of scalar subqueries (each query costs more in the driver than in SQLite, so
 * seven small ones were a fifth of a submission). The same query at submission and at a re-check
 * (where `excludeId` leaves the declaration itself out of the occupancy count).
 */
/** What a decision rested on beyond the declaration, stored with it (`rule_context`). */
export function ruleContextRecord(r: Pick<Awaited<ReturnType<typeof ruleContextFor>>, 'settings' | 'context' | 'address'>): string {
	return JSON.stringify({
		listsVersion: r.settings.lists_version,
		maxForeignOccupants: r.settings.max_foreign_occupants,
		routineCheckRate: r.settings.routine_check_rate,
		currentOccupants: r.context.currentOccupants,
		addressKind: r.address?.kind ?? null
	});
}

/** What makes a submission a repeat of a stored one: the same Idempotency-Key, or the same person, place and check-in. */
export interface RepeatKeys {
	idempotencyKey: string | null;
	dedupeKey: string;
}

/** The declarations a submission with these keys repeats. */
export function sameSubmission({ idempotencyKey, dedupeKey }: RepeatKeys) {
	return (eb: ExpressionBuilder<Database, 'declarations'>) =>
		idempotencyKey ? eb.or([eb('idempotency_key', '=', idempotencyKey), eb('dedupe_key', '=', dedupeKey)]) : eb('dedupe_key', '=', dedupeKey);
}

export async function ruleContextFor(
	db: Db,
	input: DeclarationInput,
	at: { docIndex: string; person: string; unit: string; now: Date; excludeId?: string; photoUploadId?: string; routineCheck?: boolean; repeatOf?: RepeatKeys }
): Promise<{
	context: RuleContext;
	settings: { max_foreign_occupants: number; lists_version: number; routine_check_rate: number };
	address: { id: string; kind: AddressKind } | null;
	uploadFound: boolean;
	/** With `repeatOf`: a declaration with that Idempotency-Key or dedupe key exists (asked in the same query, a round trip less). */
	repeatFound: boolean;
}> {
	const { docIndex, unit, now, excludeId, photoUploadId } = at;
	const nationality = input.person.nationality;
	const addressId = input.accommodation.addressId ?? null;
	const row = await db
		.selectNoFrom((eb) => {
			const onList = (list: NationalityListsTable['list']) => eb.exists(eb.selectFrom('nationality_lists').select('nationality').where('list', '=', list).where('nationality', '=', nationality));
			const setting = (key: SettingKey) => eb.selectFrom('settings').select('value').where('key', '=', key);
			return [
				eb.selectFrom('addresses').select('kind').where('id', '=', addressId).where('active', '=', 1).as('address_kind'),
				onList('visa_free').as('visa_free'),
				onList('transit').as('transit'),
				setting('max_foreign_occupants').as('max_foreign_occupants'),
				setting('lists_version').as('lists_version'),
				setting('routine_check_rate').as('routine_check_rate'),
				// someone else's current declaration with this document (DOCUMENT_IN_USE)
				eb
					.exists(
						eb
							.selectFrom('declarations')
							.select('id')
							.where('document_index', '=', docIndex)
							.where('nationality', '=', nationality)
							.where('status', 'in', CURRENT_STATUSES)
							.where('person_index', '!=', at.person)
							.$if(excludeId !== undefined, (q) => q.where('id', '!=', excludeId!))
					)
					.as('document_in_use'),
				eb.exists(eb.selectFrom('watchlist').select('id').where('document_index', '=', docIndex).where('nationality', '=', nationality).where('active', '=', 1)).as('watchlist_hit'),
				eb
					.selectFrom('declarations')
					.select((d) => d.fn.count<number>('document_index').distinct().as('n'))
					.where('address_id', '=', addressId)
					.where('unit_index', '=', unit)
					.where('status', 'in', CURRENT_STATUSES)
					.where('document_index', '!=', docIndex)
					.$if(excludeId !== undefined, (q) => q.where('id', '!=', excludeId!))
					.where((d) => d.or([d('check_out', 'is', null), d('check_out', '>=', shanghaiDate(now))]))
					.as('occupants'),
				eb
					.exists(
						eb
							.selectFrom('uploads')
							.select('id')
							.where('id', '=', photoUploadId ?? '')
							.where('expires_at', '>', now.toISOString())
					)
					.as('upload_found'),
				(at.repeatOf ? eb.exists(eb.selectFrom('declarations').select('id').where(sameSubmission(at.repeatOf))) : eb.lit(false)).as('repeat_found')
			];
		})
		.executeTakeFirstOrThrow();
	const address = addressId && row.address_kind ? { id: addressId, kind: row.address_kind } : null;
	const settings = {
		max_foreign_occupants: settingValue('max_foreign_occupants', row.max_foreign_occupants),
		lists_version: settingValue('lists_version', row.lists_version),
		routine_check_rate: settingValue('routine_check_rate', row.routine_check_rate)
	};
	// Drawn for every submission, hit or not, so a watch-list hit costs exactly what a draw does.
	const routineCheck = drawRoutineCheck(db.keys, settings.routine_check_rate, docIndex, nationality, now);
	return {
		settings,
		address,
		uploadFound: !!row.upload_found,
		repeatFound: !!row.repeat_found,
		context: {
			now,
			address: address ? { kind: address.kind } : null,
			visaFreeNationalities: new Set(row.visa_free ? [nationality] : []),
			transitNationalities: new Set(row.transit ? [nationality] : []),
			currentOccupants: Number(row.occupants ?? 0),
			maxForeignOccupants: settings.max_foreign_occupants,
			documentInUse: !!row.document_in_use,
			watchlistHit: !!row.watchlist_hit,
			// a re-check keeps the draw made at submission
			routineCheck: at.routineCheck ?? routineCheck
		}
	};
}
