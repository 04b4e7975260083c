import { sql } from 'kysely';
import type { Db } from './db';
import { recordAuditAlone } from './audit';
import { forgetFormerDocuments } from './amendments';
import { purgeLoginFailures } from './auth';
import { purgeExpiredDrafts } from './drafts';
import { purgeExpired as purgeRateLimits } from './rate-limit';
import { purgeExpiredSessions } from './sessions';
import { getSettings } from './settings';
import { deleteUploadsNoLongerShown, purgeUnusedUploads } from './uploads';
import { TRANSLATION_TOPIC } from '../domain/translation';

// The retention job (DESIGN.md §8): what is past its time is deleted or anonymised, and each run
// leaves one audit row with its counts. The audit log itself is never touched (kept ≥ 3 years).
// Anonymised rows keep what statistics need (nationality, address id, dates, status, findings,
// rule-set version) and lose everything that could point at a person. Runs in batches, each in
// its own transaction, so a run never holds the database for long and can stop at any point.

const DAY_MS = 24 * 3600_000;
const BATCH = 200;

/** An anonymised declaration's snapshot: plain JSON, no key id, so it is never taken for ciphertext. */
export const ANONYMISED_SNAPSHOT = '{"anonymised":true}';

export function isAnonymised(snapshot: string): boolean {
	return !snapshot.startsWith('v1.');
}

export interface RetentionReport {
	drafts: number;
	uploads: number;
	sessions: number;
	rateLimits: number;
	loginFailures: number;
	declarationsAnonymised: number;
	helpRequestsAnonymised: number;
	helpMessages: number;
	outbox: number;
}

/** Sent mail, and mail the server refused for good, stays this long (to answer "did you send it?"), then goes. */
export const OUTBOX_KEEP_DAYS = 30;

/** One run at `now`. The caller makes sure only one process runs it at a time (jobs.ts). */
export async function runRetention(db: Db, now = new Date()): Promise<RetentionReport> {
	const settings = await getSettings(db, ['retention_declaration_days', 'retention_help_request_days']);
	const report: RetentionReport = {
		drafts: await purgeExpiredDrafts(db, now),
		sessions: await purgeExpiredSessions(db, now),
		rateLimits: await purgeRateLimits(db, now),
		loginFailures: await purgeLoginFailures(db, now),
		declarationsAnonymised: await anonymiseDeclarations(db, new Date(now.getTime() - settings.retention_declaration_days * DAY_MS), now),
		helpRequestsAnonymised: 0,
		helpMessages: 0,
		uploads: 0,
		outbox: await purgeOldMail(db, new Date(now.getTime() - OUTBOX_KEEP_DAYS * DAY_MS))
	};
	const help = await anonymiseHelpRequests(db, new Date(now.getTime() - settings.retention_help_request_days * DAY_MS), now);
	report.helpRequestsAnonymised = help.requests;
	report.helpMessages = help.messages;
	// last, so the uploads that anonymisation just let go of are among them
	report.uploads = await purgeUnusedUploads(db, now);
	await recordAuditAlone(db, { actorId: null, actorRole: 'system', action: 'retention.run', details: { ...report, settings }, at: now });
	return report;
}

/**
 * Declarations whose stay ended (check-out, or the end set when a newer one superseded it) before
 * the cut-off, and refused or withdrawn ones last changed before it. Open-ended stays are kept.
 */
async function anonymiseDeclarations(db: Db, cutoff: Date, now: Date): Promise<number> {
	const cutoffDate = cutoff.toISOString().slice(0, 10);
	const cutoffIso = cutoff.toISOString();
	let total = 0;
	for (;;) {
		const batch = await db
			.selectFrom('declarations')
			.select(['id', 'photo_upload_id'])
			.where('snapshot', 'like', 'v1.%')
			.where((eb) => eb.or([eb(eb.fn.coalesce('stay_end', 'check_out'), '<', cutoffDate), eb.and([eb('status', 'in', ['rejected', 'withdrawn']), eb('updated_at', '<', cutoffIso)])]))
			.limit(BATCH)
			.execute();
		if (batch.length === 0) return total;
		const ids = batch.map((d) => d.id);
		await db.write(async (trx) => {
			await trx
				.updateTable('declarations')
				.set({
					snapshot: ANONYMISED_SNAPSHOT,
					// unique and not-null columns get a value that points at nothing
					access_code_hash: 'anonymised',
					document_index: sql<string>`${'anonymised:'} || id`,
					dedupe_key: sql<string>`${'anonymised:'} || id`,
					unit_index: '',
					idempotency_key: null,
					idempotency_body: null,
					person_index: null,
					receipt_token: null,
					photo_upload_id: null,
					updated_at: now.toISOString()
				})
				.where('id', 'in', ids)
				.execute();
			// notes, questions, answers and their translations written about the person
			await trx.updateTable('declaration_events').set({ data: null }).where('declaration_id', 'in', ids).where('data', 'like', 'v1.%').execute();
			// nothing is left to translate: its tasks leave the volunteer board
			await trx
				.updateTable('help_requests')
				.set((eb) => ({ status: 'cancelled', lease_until: null, updated_at: now.toISOString(), version: eb('version', '+', 1) }))
				.where('declaration_id', 'in', ids)
				.where('topic', '=', TRANSLATION_TOPIC)
				.where('status', 'in', ['open', 'claimed', 'scheduled'])
				.execute();
			// images attached to answers (and replaced passport pages), unless a live declaration shows one as its photo
			const attachments = await trx.selectFrom('declaration_attachments').select('upload_id').where('declaration_id', 'in', ids).execute();
			await deleteUploadsNoLongerShown(
				trx,
				attachments.map((a) => a.upload_id)
			);
			await trx.deleteFrom('declaration_attachments').where('declaration_id', 'in', ids).execute();
			// the blind indexes of passports they named before a correction
			await forgetFormerDocuments(trx, ids);
			// their passport photos: unless another live declaration still shows the same upload
			const photos = batch.map((d) => d.photo_upload_id).filter((p): p is string => !!p);
			await deleteUploadsNoLongerShown(trx, photos);
		});
		total += batch.length;
	}
}

/** Finished help requests (completed or cancelled before the cut-off): conversation deleted, contact and notes blanked. */
async function anonymiseHelpRequests(db: Db, cutoff: Date, now: Date): Promise<{ requests: number; messages: number }> {
	const cutoffIso = cutoff.toISOString();
	let requests = 0;
	let messages = 0;
	for (;;) {
		const batch = await db
			.selectFrom('help_requests')
			.select('id')
			.where('status', 'in', ['completed', 'cancelled'])
			.where('updated_at', '<', cutoffIso)
			.where('contact', '!=', '')
			.limit(BATCH)
			.execute();
		if (batch.length === 0) return { requests, messages };
		const ids = batch.map((r) => r.id);
		await db.write(async (trx) => {
			const uploads = await trx.selectFrom('help_messages').select('upload_id').where('help_request_id', 'in', ids).where('upload_id', 'is not', null).execute();
			const deleted = await trx.deleteFrom('help_messages').where('help_request_id', 'in', ids).executeTakeFirst();
			messages += Number(deleted.numDeletedRows);
			await deleteUploadsNoLongerShown(
				trx,
				uploads.map((u) => u.upload_id).filter((u): u is string => !!u)
			);
			await trx
				.updateTable('help_requests')
				.set({ contact: '', note: null, schedule_details: null, completion_note: null, access_code_hash: 'anonymised', updated_at: now.toISOString() })
				.where('id', 'in', ids)
				.execute();
		});
		requests += batch.length;
	}
}

/** Outbox messages sent, or refused for good by the mail server, before the cut-off; unsent ones are never touched. */
async function purgeOldMail(db: Db, cutoff: Date): Promise<number> {
	const result = await db.write((tx) =>
		tx
			.deleteFrom('outbox')
			.where((eb) => eb.or([eb.and([eb('status', '=', 'sent'), eb('sent_at', '<', cutoff.toISOString())]), eb.and([eb('status', '=', 'failed'), eb('created_at', '<', cutoff.toISOString())])]))
			.executeTakeFirst()
	);
	return Number(result.numDeletedRows);
}
