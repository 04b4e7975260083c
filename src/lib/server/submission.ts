import { sql, type Insertable } from 'kysely';
import { markUploadUsed, markUploadUsedQuery } from './uploads';
import type { Db, Reader } from './db';
import type { DeclarationsTable } from './db/schema';
import { blindIndex, decryptJson, encryptJson, keyedHash } from './crypto';
import { newAccessCode, newId, newReference } from './ids';
import { observePrepared } from './metrics';
import { makeDeclarationSchema, toFieldErrors } from '$lib/domain/declaration';
import { checkDeclaration, RULE_SET_VERSION, visibleFindings, type Finding } from '$lib/domain/rules';
import { parseInstant, shanghaiDate } from '$lib/domain/dates';
import {
	type Declaration,
	KEY_REUSED,
	type OlderApproved,
	type Secret,
	type ServerValidationCode,
	type SubmitFieldError,
	type SubmitResult,
	type Supersession,
	accessCodeHash,
	documentIndex,
	eventRow,
	olderApproved,
	personIndex,
	receiptTokenFor,
	ruleContextFor,
	ruleContextRecord,
	sameSubmission,
	snapshotAad,
	supersedeOlder,
	unitIndex
} from './declarations';

// Submitting a declaration: validate, check against the rule set, store, answer. The preparation
// only reads (it runs on the intake workers, intake.ts); storing is one unit of db.write. A repeat
// (the same Idempotency-Key, or the same declaration again) gets the first answer.

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
	const { context, settings, address, uploadFound, repeatFound } = await ruleContextFor(db, input, {
		docIndex,
		person,
		unit,
		now,
		photoUploadId: input.document.photoUploadId,
		repeatOf: { idempotencyKey, dedupeKey }
	});
	// A repeat: the same Idempotency-Key (answered with the original access code), or the same
	// person, place and check-in (answered with the reference only). Whether there is one comes with
	// the rule context; only a repeat reads the stored row.
	const previous = repeatFound ? await findRepeat(db, idempotencyKey, dedupeKey) : undefined;
	if (previous) return answerRepeat(db, previous, idempotencyKey, idempotencyBody);
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
				const upload = markUploadUsedQuery(trx, row.photo_upload_id, row.submitted_at);
				const result = supersede ? olderApproved(trx, supersede) : sql`select 1`;
				const { rows } = await sql<OlderApproved>`with declaration as (${declaration}), event as (${event}), upload as (${upload}) ${result}`.execute(trx);
				if (supersede) await supersedeOlder(trx, keys, supersede, rows);
			} else {
				await trx.insertInto('declarations').values(row).execute();
				await trx.insertInto('declaration_events').values(submitted).execute();
				await markUploadUsed(trx, row.photo_upload_id, row.submitted_at);
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
		.where(sameSubmission({ idempotencyKey, dedupeKey }))
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
