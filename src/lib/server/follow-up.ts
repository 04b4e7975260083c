import type { Db } from './db';
import { keepUpload, markUploadUsed } from './uploads';
import type { DeclarationStatus } from './db/schema';
import { decryptJson, encryptJson, safeEqual } from './crypto';
import { normaliseReference } from './ids';
import { makeDeclarationSchema, toFieldErrors, type DeclarationInput } from '$lib/domain/declaration';
import { checkDeclaration, RULE_SET_VERSION, visibleFindings, type Finding } from '$lib/domain/rules';
import type { AskedQuestion, AskedTemplate } from '$lib/domain/question-template';
import { changedFields } from '$lib/domain/amendment';
import { recordFormerDocument, type NewPassportRead } from './amendments';
import { translateAnswer } from './translations';
import {
	type Declaration,
	type SubmitFieldError,
	accessCodeHash,
	addEvent,
	documentIndex,
	eventAad,
	personIndex,
	readCurrentAnswers,
	ruleContextFor,
	ruleContextRecord,
	unitIndex
} from './declarations';

// The resident's side of a declaration after submitting: reading it with the reference and access
// code, and answering an officer's question (a message, an attachment, corrections; the rules run again).

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
			await markUploadUsed(trx, answer.newPhotoId, at);
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
			await keepUpload(trx, answer.attachmentId, at);
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
