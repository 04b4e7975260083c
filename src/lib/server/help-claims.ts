import { sql } from 'kysely';
import type { Db, Tx } from './db';
import type { HelpRequestStatus } from './db/schema';
import { recordAudit } from './audit';
import { getSetting } from './settings';
import { MAX_COMPLETION_NOTE, MAX_DURATION_MINUTES } from '../domain/help-request';
import { TRANSLATION_TOPIC } from '../domain/translation';
import { ACTIVE, type ChangeResult, type HelpRequest, TASK_MAIL_VOLUNTEERS, findHelpRequest, iso, mailVolunteers, minutesAfter, notifyResident } from './help-requests';

// The volunteers' side of interpreter requests: the board, claims with a lease (one conditional
// UPDATE, so of many concurrent claims exactly one wins), renewal, release, lapsed leases,
// escalation after the time limit, and completion by whoever holds the task.

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
	const result = await db.write((tx) =>
		tx
			.updateTable('help_requests')
			.set((eb) => ({ lease_until: iso(minutesAfter(now, leaseMinutes)), updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', taskId)
			.where('claimed_by', '=', userId)
			.where('lease_until', '>=', iso(now))
			.where('status', 'in', ACTIVE)
			.executeTakeFirst()
	);
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/** The UPDATE that hands an active task back: no holder, no lease; open again unless an organisation holds it. */
function handBack(tx: Tx, now: Date) {
	return tx
		.updateTable('help_requests')
		.set((eb) => ({
			claimed_by: null,
			lease_until: null,
			status: sql<HelpRequestStatus>`case when organisation_id is null then 'open' else status end`,
			updated_at: iso(now),
			version: eb('version', '+', 1)
		}))
		.where('status', 'in', ACTIVE);
}

/** Back to the board (or, when an organisation holds it, back to needing an interpreter). */
export async function releaseTask(db: Db, taskId: string, userId: string, now = new Date()): Promise<ChangeResult> {
	const result = await db.write((tx) => handBack(tx, now).where('id', '=', taskId).where('claimed_by', '=', userId).executeTakeFirst());
	return Number(result.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/** Lapsed leases return their tasks to the board; run by the job, and harmless to run anywhere. */
export async function expireLeases(db: Db, now = new Date()): Promise<number> {
	const result = await db.write((tx) => handBack(tx, now).where('claimed_by', 'is not', null).where('lease_until', '<', iso(now)).executeTakeFirst());
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

export function summary(row: HelpRequest, userId: string | null, now: Date): TaskSummary {
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
 * What completing did, for the confirmation the person who completed it is shown: the request is
 * completed and the resident was e-mailed, or completed with no e-mail address to tell them at (their
 * request page says so), or a volunteer's interpreting part is recorded and the partner holds the request.
 */
export type CompletionOutcome = 'resident_emailed' | 'resident_not_emailed' | 'interpreting_recorded';
export type CompleteResult = { ok: true; outcome: CompletionOutcome } | { ok: false; reason: 'not_allowed' };

/**
 * `by` is the volunteer (must hold a running lease) or the organisation (must have accepted). A
 * translation task is completed only with its translation (translations.ts), never here.
 */
export async function completeHelpRequest(db: Db, taskId: string, by: TaskHolder, completion: Completion, now = new Date()): Promise<CompleteResult> {
	return db.write(async (trx) => {
		const task = await findHelpRequest(trx, taskId);
		if (task?.topic === TRANSLATION_TOPIC) return { ok: false, reason: 'not_allowed' } as const;
		if ('userId' in by && task?.organisation_id) {
			const done = await finishInterpreting(db, trx, taskId, by.userId, completion, now);
			return done.ok ? ({ ok: true, outcome: 'interpreting_recorded' } as const) : ({ ok: false, reason: 'not_allowed' } as const);
		}
		if (!(await closeHeldTask(trx, taskId, by, completion, now))) return { ok: false, reason: 'not_allowed' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		const mailed = await notifyResident(db, trx, row, 'completed', now);
		return { ok: true, outcome: mailed ? 'resident_emailed' : 'resident_not_emailed' } as const;
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
