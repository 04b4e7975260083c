import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Reader, Tx } from './db';
import type { AddressKind, DeclarationEventsTable, DeclarationsTable, DeclarationStatus, NationalityListsTable } from './db/schema';
import { blindIndex, decryptJson, encryptJson, keyedHash, safeEqual, sign, verifySignature, type Keys } from './crypto';
import { newAccessCode, newId, newReference, normaliseAccessCode, normaliseReference } from './ids';
import { drawRoutineCheck, settingValue, type SettingKey } from './settings';
import { observePrepared } from './metrics';
import { makeDeclarationSchema, toFieldErrors, type DeclarationInput } from '$lib/domain/declaration';
import { checkDeclaration, RULE_SET_VERSION, visibleFindings, type Finding, type RuleContext } from '$lib/domain/rules';
import { parseInstant, shanghaiDate } from '$lib/domain/dates';
import type { AskedQuestion, AskedTemplate } from '$lib/domain/question-template';
import { changedFields } from '$lib/domain/amendment';
import { recordFormerDocument, type NewPassportRead } from './amendments';
import { translateAnswer } from './translations';

// One aggregate: a declaration is an immutable encrypted snapshot of what was submitted, plus
// status fields that only change through recorded events. All its SQL lives here.

export type Declaration = Selectable<DeclarationsTable>;
export interface Ctx {
	db: Db;
	keys: Keys;
}

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

function snapshotAad(id: string): string {
	return `declarations.snapshot:${id}`;
}

/** What is stored encrypted beside the snapshot so an idempotent repeat can answer with the same access code. */
interface Secret {
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
function unitIndex(keys: Keys, accommodation: { addressId?: string; addressText?: string; unit?: string }): string {
	const squash = (text: string | undefined) =>
		(text ?? '')
			.normalize('NFKC')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}]+/gu, '');
	const unit = squash(accommodation.unit);
	return accommodation.addressId ? blindIndex(keys, 'unit', unit) : blindIndex(keys, 'unit', `text:${squash(accommodation.addressText)}`, unit);
}

/** A new declaration, ready to store: everything computed, only the writes left. Plain data (it crosses threads). */
export interface PreparedDeclaration {
	row: Insertable<DeclarationsTable> & { photo_upload_id: string };
	accessCode: string;
	findings: Finding[];
	supersede: Supersession | null;
}

/** What the read-only half of a submission decided; plain data, so it can come from the intake worker (intake.ts). */
export type PreparedSubmission = { kind: 'invalid'; errors: SubmitFieldError[] } | { kind: 'repeat'; result: Extract<SubmitResult, { ok: true }> } | { kind: 'new'; declaration: PreparedDeclaration };

export interface SubmitOptions {
	idempotencyKey?: string | null;
	now?: Date;
	/** The intake workers (intake.ts) that prepare submissions off the event loop; absent: inline. */
	intake?: Intake;
}

/**
 * Validate, check against rule set v1, store, answer. The first half only reads (validation,
 * repeats, rule context, rules, encryption, signature) and may run on the intake worker's thread;
 * the second stores in one transaction: a declaration is either stored whole with its event,
 * receipt and supersessions, or not at all.
 */
export async function submitDeclaration(db: Db, body: unknown, opts: SubmitOptions = {}): Promise<SubmitResult> {
	const now = opts.now ?? new Date();
	if (opts.intake) return storePrepared(db, await opts.intake.prepare(body, { idempotencyKey: opts.idempotencyKey, now }));
	observePrepared('inline');
	return storePrepared(db, await prepareSubmission(db, body, { ...opts, now }));
}

/** Where prepareSubmission runs when not inline; see intake.ts. */
export interface Intake {
	prepare(body: unknown, opts: { idempotencyKey?: string | null; now: Date }): Promise<PreparedSubmission>;
}

/** The read-only half of submitDeclaration. */
export async function prepareSubmission(db: Db, body: unknown, opts: SubmitOptions = {}): Promise<PreparedSubmission> {
	const now = opts.now ?? new Date();
	const parsed = makeDeclarationSchema(now).safeParse(body);
	if (!parsed.success) return { kind: 'invalid', errors: [...toFieldErrors(parsed.error), ...(await referenceErrors(db, body, now, toFieldErrors(parsed.error)))] };
	const input = parsed.data;
	const { keys } = db;

	const idempotencyKey = opts.idempotencyKey ? blindIndex(keys, 'idempotency', opts.idempotencyKey) : null;
	// the key is bound to the body it first came with (key order and spacing aside)
	const idempotencyBody = idempotencyKey ? keyedHash(keys, 'idempotency-body', canonicalJson(body)) : null;
	const checkIn = parseInstant(input.accommodation.checkIn)!;
	const docIndex = documentIndex(keys, input.document.number, input.person.nationality);
	const person = personIndex(keys, input);
	const unit = unitIndex(keys, input.accommodation);
	const place = input.accommodation.addressId ?? `text:${input.accommodation.addressText ?? ''}`;
	const dedupeKey = blindIndex(keys, 'dedupe', input.document.number, input.person.nationality, place, unit, checkIn.toISOString());
	// A repeat: the same Idempotency-Key (answered with the original access code), or the same
	// person, place and check-in (answered with the reference only).
	const previous = await findRepeat(db, idempotencyKey, dedupeKey);
	if (previous) return answerRepeat(db, previous, idempotencyKey, idempotencyBody);

	const { context, settings, address, uploadFound } = await ruleContextFor(db, input, { docIndex, person, unit, now, photoUploadId: input.document.photoUploadId });
	const errors: SubmitFieldError[] = [];
	if (!uploadFound) errors.push({ path: 'document.photoUploadId', code: 'unknown_upload' satisfies ServerValidationCode });
	if (input.accommodation.addressId && !address) errors.push({ path: 'accommodation.addressId', code: 'unknown_address' satisfies ServerValidationCode });
	if (errors.length) return { kind: 'invalid', errors };

	const checkInDate = shanghaiDate(checkIn);
	const decision = checkDeclaration(input, context);
	const id = newId();
	const accessCode = newAccessCode();
	const nowIso = now.toISOString();
	// The reference is checked for uniqueness inside the transaction (storePrepared).
	const reference = newReference('JB');
	return {
		kind: 'new',
		declaration: {
			accessCode,
			findings: visibleFindings(decision.findings),
			supersede:
				decision.status === 'approved'
					? { id, docIndex, personIndex: person, nationality: input.person.nationality, addressId: address?.id ?? null, unit, checkIn: checkIn.toISOString(), checkInDate, at: nowIso }
					: null,
			row: {
				id,
				reference,
				access_code_hash: accessCodeHash(keys, reference, accessCode),
				status: decision.status,
				declarant: input.declarant,
				language: input.language,
				nationality: input.person.nationality,
				document_index: docIndex,
				person_index: person,
				address_id: address?.id ?? null,
				unit_index: unit,
				stay_basis: input.stay.basis,
				visa_type: input.stay.visaType ?? null,
				entry_date: input.stay.entryDate ?? checkInDate,
				check_in: checkIn.toISOString(),
				check_in_date: checkInDate,
				check_out: input.accommodation.checkOut ?? null,
				stay_end: null,
				dedupe_key: dedupeKey,
				idempotency_key: idempotencyKey,
				idempotency_body: idempotencyBody,
				snapshot: encryptJson(keys, { input, secret: { accessCode } satisfies Secret }, snapshotAad(id)),
				photo_upload_id: input.document.photoUploadId,
				rule_set_version: RULE_SET_VERSION,
				rule_context: ruleContextRecord({ settings, context, address }),
				findings: JSON.stringify(decision.findings),
				receipt_token: decision.status === 'approved' ? receiptTokenFor(keys, reference, nowIso) : null,
				submitted_at: nowIso,
				decided_at: decision.status === 'approved' ? nowIso : null,
				decided_by: null,
				updated_at: nowIso
			}
		}
	};
}

/**
 * With an invalid body, the upload and address it names are still looked up, so a 422 lists every
 * invalid field at once (not the unknown upload only after the rest is put right).
 */
async function referenceErrors(db: Db, body: unknown, now: Date, already: SubmitFieldError[]): Promise<SubmitFieldError[]> {
	const b = body as { document?: { photoUploadId?: unknown }; accommodation?: { addressId?: unknown } } | null;
	const uploadId = b?.document?.photoUploadId;
	const addressId = b?.accommodation?.addressId;
	const flagged = (path: string) => already.some((e) => e.path === path);
	const errors: SubmitFieldError[] = [];
	if (typeof uploadId === 'string' && uploadId.length <= 64 && !flagged('document.photoUploadId')) {
		const found = await db.selectFrom('uploads').select('id').where('id', '=', uploadId).where('expires_at', '>', now.toISOString()).executeTakeFirst();
		if (!found) errors.push({ path: 'document.photoUploadId', code: 'unknown_upload' satisfies ServerValidationCode });
	}
	if (typeof addressId === 'string' && addressId.length <= 64 && !flagged('accommodation.addressId')) {
		const found = await db.selectFrom('addresses').select('id').where('id', '=', addressId).where('active', '=', 1).executeTakeFirst();
		if (!found) errors.push({ path: 'accommodation.addressId', code: 'unknown_address' satisfies ServerValidationCode });
	}
	return errors;
}

/** The writing half of submitDeclaration. */
async function storePrepared(db: Db, prepared: PreparedSubmission): Promise<SubmitResult> {
	const { keys } = db;
	if (prepared.kind === 'invalid') return { ok: false, errors: prepared.errors };
	if (prepared.kind === 'repeat') {
		// the row it reports may belong to a batch whose commit is not yet on disk
		await db.durable();
		return prepared.result;
	}
	const { row, accessCode, findings, supersede } = prepared.declaration;
	const postgres = db.kind === 'postgres';
	const redraw = (reference: string) => {
		row.reference = reference;
		row.access_code_hash = accessCodeHash(keys, row.reference, accessCode);
		if (row.receipt_token) row.receipt_token = receiptTokenFor(keys, row.reference, row.submitted_at);
	};
	try {
		return await db.write(async (trx) => {
			// one chance in 10^12: draw again, and sign again for the new reference (PostgreSQL: on the
			// unique key's refusal, below, which saves a round trip per submission)
			if (!postgres && (await referenceTaken(trx, row.reference))) redraw(await uniqueReference(trx));
			// the decision's grounds as an event too: the row's findings change if a correction is re-checked
			const submitted = eventRow({
				declarationId: row.id,
				type: 'submitted',
				fromStatus: null,
				toStatus: row.status,
				at: row.submitted_at,
				data: { findings: JSON.parse(row.findings), ruleSetVersion: row.rule_set_version }
			});
			if (postgres) {
				// One statement, one round trip: the three writes as data-modifying WITH clauses (each runs
				// exactly once), and as its result the approved declarations this one may supersede (read
				// in the statement's snapshot, which the new row is not part of).
				const declaration = trx.insertInto('declarations').values(row).returning('id');
				const event = trx.insertInto('declaration_events').values(submitted).returning('id');
				const upload = trx.updateTable('uploads').set({ used_at: row.submitted_at }).where('id', '=', row.photo_upload_id).returning('id');
				const result = supersede ? olderApproved(trx, supersede) : sql`select 1`;
				const { rows } = await sql<OlderApproved>`with declaration as (${declaration}), event as (${event}), upload as (${upload}) ${result}`.execute(trx);
				if (supersede) await supersedeOlder(trx, keys, supersede, rows);
			} else {
				await trx.insertInto('declarations').values(row).execute();
				await trx.insertInto('declaration_events').values(submitted).execute();
				await trx.updateTable('uploads').set({ used_at: row.submitted_at }).where('id', '=', row.photo_upload_id).execute();
				if (supersede) await supersedeOlder(trx, keys, supersede);
			}
			return { ok: true, created: true, reference: row.reference, accessCode, status: row.status, findings, receiptToken: row.receipt_token ?? null } as const;
		});
	} catch (error) {
		if (postgres && (error as { constraint?: string }).constraint === 'declarations_reference_key') {
			redraw(newReference('JB'));
			return storePrepared(db, prepared);
		}
		// Two identical submissions racing: the unique keys let exactly one in; the other answers as a repeat.
		const again = await findRepeat(db, row.idempotency_key ?? null, row.dedupe_key);
		if (!again) throw error;
		const answer = answerRepeat(db, again, row.idempotency_key ?? null, row.idempotency_body ?? null);
		if (answer.kind === 'invalid') return { ok: false, errors: answer.errors };
		await db.durable();
		return answer.result;
	}
}

/** What an idempotent repeat answers with (only these columns: reading whole rows costs a tenth of a submission). */
type RepeatRow = Pick<Declaration, 'id' | 'snapshot' | 'reference' | 'status' | 'findings' | 'receipt_token' | 'idempotency_key' | 'idempotency_body'>;

async function findRepeat(db: Db, idempotencyKey: string | null, dedupeKey: string): Promise<RepeatRow | undefined> {
	const rows = await db
		.selectFrom('declarations')
		.select(['id', 'snapshot', 'reference', 'status', 'findings', 'receipt_token', 'idempotency_key', 'idempotency_body'])
		.where((eb) => (idempotencyKey ? eb.or([eb('idempotency_key', '=', idempotencyKey), eb('dedupe_key', '=', dedupeKey)]) : eb('dedupe_key', '=', dedupeKey)))
		.limit(2)
		.execute();
	return rows.find((r) => idempotencyKey !== null && r.idempotency_key === idempotencyKey) ?? rows[0];
}

/** JSON with object keys sorted at every level, so the same body always hashes the same. */
function canonicalJson(value: unknown): string {
	return (
		JSON.stringify(value, (_, v: unknown) =>
			v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
		) ?? 'null'
	);
}

/**
 * A repeat answers with the original; the same Idempotency-Key with another body is refused
 * (rows from before the body was recorded cannot tell, and answer as before).
 */
function answerRepeat(db: Db, row: RepeatRow, idempotencyKey: string | null, idempotencyBody: string | null): Extract<PreparedSubmission, { kind: 'repeat' | 'invalid' }> {
	const sameKey = idempotencyKey !== null && row.idempotency_key === idempotencyKey;
	if (sameKey && row.idempotency_body !== null && row.idempotency_body !== idempotencyBody) return { kind: 'invalid', errors: [KEY_REUSED] };
	return { kind: 'repeat', result: repeatOf(db, row, sameKey) };
}

function repeatOf(db: Db, row: RepeatRow, sameKey: boolean): Extract<SubmitResult, { ok: true }> {
	const stored = decryptJson<{ secret: Secret }>(db.keys, row.snapshot, snapshotAad(row.id));
	return {
		ok: true,
		created: false,
		reference: row.reference,
		accessCode: sameKey ? stored.secret.accessCode : null,
		status: row.status,
		findings: visibleFindings(JSON.parse(row.findings) as Finding[]),
		receiptToken: row.receipt_token
	};
}

async function referenceTaken(db: Reader, reference: string): Promise<boolean> {
	return !!(await db.selectFrom('declarations').select('id').where('reference', '=', reference).executeTakeFirst());
}

async function uniqueReference(db: Reader): Promise<string> {
	for (;;) {
		const reference = newReference('JB');
		if (!(await referenceTaken(db, reference))) return reference;
	}
}

type Supersession = { id: string; docIndex: string; personIndex: string; nationality: string; addressId: string | null; unit: string; checkIn: string; checkInDate: string; at: string };
type OlderApproved = Pick<Declaration, 'id' | 'address_id' | 'unit_index' | 'person_index' | 'snapshot'>;

/** The approved declarations a newer one may supersede; supersedeOlder decides which it does. */
function olderApproved(db: Reader, d: Supersession) {
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

type EventInput = {
	declarationId: string;
	type: string;
	fromStatus: string | null;
	toStatus: string | null;
	actorId?: string | null;
	at: string;
	data?: Record<string, unknown> | null;
	encryptedData?: string | null;
};

function eventRow(e: EventInput): Insertable<DeclarationEventsTable> {
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

export interface ResidentView {
	reference: string;
	status: DeclarationStatus;
	findings: Finding[];
	questions: AskedQuestion[];
	/** The resident's own answers: their message and the answers they corrected (paths like `document.number`). */
	answers: { id: string; answeredAt: string; message: string; changed: string[]; attachments: number }[];
	/** Why an officer rejected it: a code of the reject-reason list (translated for the resident) and the officer's note. */
	rejection: { reason: string; note: string | null } | null;
	checkInDate: string;
	checkOut: string | null;
	stayEnd: string | null;
	submittedAt: string;
	decidedAt: string | null;
	receiptToken: string | null;
	language: string;
}

/** Reference + access code → the resident's view; undefined for any mismatch, never saying which part was wrong. */
export async function findForResident(db: Db, reference: string, accessCode: string): Promise<{ row: Declaration; view: ResidentView } | undefined> {
	const ref = normaliseReference(reference);
	const row = await db.selectFrom('declarations').selectAll().where('reference', '=', ref).executeTakeFirst();
	const expected = row?.access_code_hash ?? accessCodeHash(db.keys, 'JB-XXXX-XXXX', 'none');
	const given = accessCodeHash(db.keys, ref, accessCode);
	if (!row || !safeEqual(expected, given)) return undefined;
	const events = await db
		.selectFrom('declaration_events')
		.select(['id', 'type', 'data', 'created_at'])
		.where('declaration_id', '=', row.id)
		.where('type', 'in', ['information_requested', 'information_provided', 'rejected'])
		.orderBy('created_at')
		.execute();
	const decrypted = <T>(data: string | null) => (data ? decryptJson<T>(db.keys, data, `declaration_events:${row.id}`) : undefined);
	const questions = events
		.filter((e) => e.type === 'information_requested')
		.map((e): AskedQuestion => {
			const data = decrypted<{ question: string; language?: string | null; template?: AskedTemplate | null; note?: string }>(e.data);
			return { id: e.id, askedAt: e.created_at, text: data?.question ?? '', language: data?.language ?? null, template: data?.template ?? null, note: data?.note ?? null };
		});
	const answers = events
		.filter((e) => e.type === 'information_provided')
		.map((e) => {
			const data = decrypted<{ message: string; changed?: string[]; attachments?: string[] }>(e.data);
			return { id: e.id, answeredAt: e.created_at, message: data?.message ?? '', changed: data?.changed ?? [], attachments: data?.attachments?.length ?? 0 };
		});
	// the officer's reason (from the translated list) and note, for a rejected declaration
	const rejected = row.status === 'rejected' ? decrypted<{ reason: string; note?: string }>(events.filter((e) => e.type === 'rejected').at(-1)?.data ?? null) : undefined;
	return {
		row,
		view: {
			reference: row.reference,
			status: row.status,
			findings: visibleFindings(JSON.parse(row.findings) as Finding[]),
			questions,
			answers,
			rejection: rejected ? { reason: rejected.reason, note: rejected.note?.trim() || null } : null,
			checkInDate: row.check_in_date,
			checkOut: row.check_out,
			stayEnd: row.stay_end,
			submittedAt: row.submitted_at,
			decidedAt: row.decided_at,
			receiptToken: row.status === 'approved' ? row.receipt_token : null,
			language: row.language
		}
	};
}

/** An image a resident attached to an answer on this declaration, for an officer (who records the audit row). */
export async function isAttachmentOf(db: Db, declarationId: string, uploadId: string): Promise<boolean> {
	return !!(await db.selectFrom('declaration_attachments').select('upload_id').where('upload_id', '=', uploadId).where('declaration_id', '=', declarationId).executeTakeFirst());
}

/** The submitted answers, decrypted. Staff callers must record an audit row. */
export function readSnapshot(keys: Keys, row: Pick<Declaration, 'id' | 'snapshot'>): DeclarationInput {
	return decryptJson<{ input: DeclarationInput }>(keys, row.snapshot, snapshotAad(row.id)).input;
}

// --- follow-up by the resident ---------------------------------------------------------------

/** The answers a resident may correct when an officer asks; everything else needs a new declaration. */
export interface AmendableChanges {
	document?: { number?: string; expiryDate?: string };
	stay?: { permitNumber?: string; validUntil?: string; entryDate?: string };
	accommodation?: { unit?: string; checkOut?: string; addressId?: string; addressText?: string };
	contact?: { phone?: string; email?: string };
}
const AMENDABLE: { [S in keyof AmendableChanges]-?: readonly (keyof NonNullable<AmendableChanges[S]>)[] } = {
	document: ['number', 'expiryDate'],
	stay: ['permitNumber', 'validUntil', 'entryDate'],
	accommodation: ['unit', 'checkOut'],
	contact: ['phone', 'email']
};
export const MAX_ANSWER_LENGTH = 2000;

export type AnswerResult =
	| { ok: true; status: DeclarationStatus; findings: Finding[]; changed: string[] }
	| { ok: false; reason: 'not_found' | 'not_awaiting_information' }
	| { ok: false; reason: 'invalid'; errors: SubmitFieldError[] };

function eventAad(declarationId: string): string {
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
function ruleContextRecord(r: Pick<Awaited<ReturnType<typeof ruleContextFor>>, 'settings' | 'context' | 'address'>): string {
	return JSON.stringify({
		listsVersion: r.settings.lists_version,
		maxForeignOccupants: r.settings.max_foreign_occupants,
		routineCheckRate: r.settings.routine_check_rate,
		currentOccupants: r.context.currentOccupants,
		addressKind: r.address?.kind ?? null
	});
}

async function ruleContextFor(
	db: Db,
	input: DeclarationInput,
	at: { docIndex: string; person: string; unit: string; now: Date; excludeId?: string; photoUploadId?: string; routineCheck?: boolean }
): Promise<{
	context: RuleContext;
	settings: { max_foreign_occupants: number; lists_version: number; routine_check_rate: number };
	address: { id: string; kind: AddressKind } | null;
	uploadFound: boolean;
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
					.as('upload_found')
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

/**
 * The resident answers an officer's question (status needs_information). The answer is stored as an
 * encrypted 'information_provided' event. Changed answers never touch the submitted snapshot: the
 * whole amended declaration goes into an encrypted 'amended' event and the rules run again on it.
 * Either way the declaration returns to pending_review for the officer.
 */
export async function answerInformationRequest(
	db: Db,
	reference: string,
	accessCode: string,
	answer: { message: string; changes?: AmendableChanges; attachmentId?: string; newPhotoId?: string; newPhotoRead?: NewPassportRead },
	now = new Date()
): Promise<AnswerResult> {
	const found = await findForResident(db, reference, accessCode);
	if (!found) return { ok: false, reason: 'not_found' };
	const { row } = found;
	if (row.status !== 'needs_information') return { ok: false, reason: 'not_awaiting_information' };

	const message = answer.message.trim();
	const errors: SubmitFieldError[] = [];
	if (!message) errors.push({ path: 'message', code: 'required' });
	else if (message.length > MAX_ANSWER_LENGTH) errors.push({ path: 'message', code: 'too_long' });

	const current = await readCurrentAnswers(db, row);
	const amended = structuredClone(current) as DeclarationInput;
	const sections = amended as unknown as Record<string, Record<string, unknown>>;
	const changed: string[] = [];
	for (const [section, fields] of Object.entries(AMENDABLE) as [keyof AmendableChanges, readonly string[]][]) {
		const given = answer.changes?.[section] as Record<string, unknown> | undefined;
		for (const field of fields) {
			const value = given?.[field];
			if (typeof value !== 'string' || value.trim() === '') continue;
			const target = sections[section];
			if (target[field] === value.trim()) continue;
			target[field] = value.trim();
			changed.push(`${section}.${field}`);
		}
	}
	// another address: a registry entry, or free text (which goes to review as at submission)
	const newAddressId = answer.changes?.accommodation?.addressId?.trim();
	const newAddressText = answer.changes?.accommodation?.addressText?.trim();
	if (newAddressId && newAddressId !== current.accommodation.addressId) {
		amended.accommodation.addressId = newAddressId;
		delete amended.accommodation.addressText;
		changed.push('accommodation.address');
	} else if (!newAddressId && newAddressText && newAddressText !== current.accommodation.addressText) {
		delete amended.accommodation.addressId;
		amended.accommodation.addressText = newAddressText;
		changed.push('accommodation.address');
	}
	// a photo of the new passport's data page replaces the old one (which stays, for officers, as an attachment)
	if (answer.newPhotoId) {
		amended.document.photoUploadId = answer.newPhotoId;
		changed.push('document.photo');
	}
	// the machine-readable lines belong to the old passport once its number or expiry changes; the
	// new page's own lines, read with their check digits holding, take their place, so
	// MRZ_MISMATCH compares the new passport with the corrected answers
	if (changed.some((p) => p.startsWith('document.'))) delete amended.document.mrz;
	if (answer.newPhotoId && answer.newPhotoRead?.outcome === 'read' && answer.newPhotoRead.lines) amended.document.mrz = answer.newPhotoRead.lines.join('\n');

	// The declaration was valid when it was submitted; corrections are judged against that moment.
	const submittedAt = new Date(row.submitted_at);
	let input: DeclarationInput = current;
	if (changed.length) {
		const parsed = makeDeclarationSchema(submittedAt).safeParse(amended);
		if (!parsed.success) errors.push(...toFieldErrors(parsed.error).map((e) => ({ path: `changes.${e.path}`, code: e.code })));
		else input = parsed.data;
	}
	if (errors.length) return { ok: false, errors, reason: 'invalid' };

	const docIndex = documentIndex(db.keys, input.document.number, input.person.nationality);
	const person = personIndex(db.keys, input);
	let findings = JSON.parse(row.findings) as Finding[];
	let unit = row.unit_index;
	let ruleContext = row.rule_context;
	if (changed.length) {
		unit = unitIndex(db.keys, input.accommodation);
		const routineCheck = findings.some((f) => f.code === 'ROUTINE_CHECK');
		const recheck = await ruleContextFor(db, input, { docIndex, person, unit, now: submittedAt, excludeId: row.id, routineCheck });
		// a registry address that does not exist (or was retired) is refused, as at submission
		if (input.accommodation.addressId && !recheck.address) return { ok: false, reason: 'invalid', errors: [{ path: 'changes.accommodation.addressId', code: 'unknown_address' }] };
		// a new passport number does not take a declaration off the watch list
		if (findings.some((f) => f.code === 'WATCHLIST')) recheck.context.watchlistHit = true;
		findings = checkDeclaration(input, recheck.context).findings;
		// the findings now rest on today's lists and occupancy: record those, as at submission
		ruleContext = ruleContextRecord(recheck);
	}

	const at = now.toISOString();
	await db.write(async (trx) => {
		const eventId = await addEvent(trx, {
			declarationId: row.id,
			type: 'information_provided',
			fromStatus: row.status,
			toStatus: 'pending_review',
			at,
			encryptedData: encryptJson(
				db.keys,
				{
					message,
					changed,
					...(answer.attachmentId ? { attachments: [answer.attachmentId] } : {}),
					...(answer.newPhotoId && row.photo_upload_id ? { previousPhoto: row.photo_upload_id } : {})
				},
				eventAad(row.id)
			)
		});
		// an answer the officers do not read goes to the volunteer interpreters
		await translateAnswer(db, trx, { declarationId: row.id, eventId, residentLang: row.language, questionLang: found.view.questions.at(-1)?.language ?? null }, now);
		if (answer.newPhotoId) {
			await trx.updateTable('uploads').set({ used_at: at }).where('id', '=', answer.newPhotoId).execute();
			// the old page stays reachable for officers and goes with the declaration at retention
			if (row.photo_upload_id)
				await trx
					.insertInto('declaration_attachments')
					.values({ upload_id: row.photo_upload_id, declaration_id: row.id, created_at: at })
					.onConflict((oc) => oc.column('upload_id').doNothing())
					.execute();
		}
		if (answer.attachmentId) {
			// kept as long as the declaration (retention deletes it with it), not as an unused upload
			await trx.updateTable('uploads').set({ used_at: at, expires_at: '9999-12-31T00:00:00.000Z' }).where('id', '=', answer.attachmentId).execute();
			await trx.insertInto('declaration_attachments').values({ upload_id: answer.attachmentId, declaration_id: row.id, created_at: at }).execute();
		}
		if (changed.length) {
			await addEvent(trx, {
				declarationId: row.id,
				type: 'rechecked',
				fromStatus: null,
				toStatus: null,
				at,
				data: { findings, before: JSON.parse(row.findings), ruleSetVersion: RULE_SET_VERSION }
			});
			await addEvent(trx, {
				declarationId: row.id,
				type: 'amended',
				fromStatus: null,
				toStatus: null,
				at,
				// the old values too (diff): the officer's before/after, encrypted like the answers
				encryptedData: encryptJson(
					db.keys,
					{ input, changed, diff: changedFields(current, input), ...(answer.newPhotoId && answer.newPhotoRead ? { passportRead: answer.newPhotoRead } : {}), ruleSetVersion: RULE_SET_VERSION },
					eventAad(row.id)
				)
			});
			// a look-up by the old passport number still finds the declaration
			if (docIndex !== row.document_index) await recordFormerDocument(trx, { declarationId: row.id, documentIndex: row.document_index, nationality: row.nationality, at });
		}
		await trx
			.updateTable('declarations')
			.set((eb) => ({
				status: 'pending_review',
				findings: JSON.stringify(findings),
				document_index: docIndex,
				person_index: person,
				unit_index: unit,
				visa_type: input.stay.visaType ?? null,
				entry_date: input.stay.entryDate ?? row.check_in_date,
				check_out: input.accommodation.checkOut ?? null,
				address_id: input.accommodation.addressId ?? null,
				photo_upload_id: input.document.photoUploadId,
				rule_set_version: RULE_SET_VERSION,
				rule_context: ruleContext,
				updated_at: at,
				version: eb('version', '+', 1)
			}))
			.where('id', '=', row.id)
			.where('status', '=', 'needs_information')
			.execute();
	});
	return { ok: true, status: 'pending_review', findings: visibleFindings(findings), changed };
}
