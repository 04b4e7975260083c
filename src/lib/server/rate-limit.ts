import { sql } from 'kysely';
import type { Db } from './db';

// Fixed-window counters in the database, so every app process shares them (DESIGN.md §3).
// One upsert per hit: no read-modify-write race between processes.

export interface Limit {
	/** What is limited, e.g. 'login-ip' or 'declaration-post'. */
	name: string;
	points: number;
	windowSeconds: number;
}

/** `overBy`: how many hits past the limit this one is in its window (1 for the first refused). */
export type LimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number; overBy: number };

export async function consume(db: Db, limit: Limit, subject: string, now = new Date()): Promise<LimitResult> {
	const key = `${limit.name}:${subject}`;
	const nowIso = now.toISOString();
	const resetAt = new Date(now.getTime() + limit.windowSeconds * 1000).toISOString();
	const row = await db.write((tx) =>
		tx
			.insertInto('rate_limits')
			.values({ key, points: 1, reset_at: resetAt })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({
					points: sql<number>`case when rate_limits.reset_at <= ${nowIso} then 1 else rate_limits.points + 1 end`,
					reset_at: sql<string>`case when rate_limits.reset_at <= ${nowIso} then ${resetAt} else rate_limits.reset_at end`
				})
			)
			.returning(['points', 'reset_at'])
			.executeTakeFirstOrThrow()
	);
	if (row.points > limit.points) {
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.reset_at) - now.getTime()) / 1000)), overBy: row.points - limit.points };
	}
	return { ok: true, remaining: limit.points - row.points };
}

/**
 * A guarded attempt (a look-up by access code): the attempt counts as a failure *before* it is
 * tried, in the same atomic upsert as the check, and a success gives its point back. Checking first
 * and counting after the look-up let 60 concurrent guesses all pass the check before any of them
 * was counted; this way at most `limit.points` of them are ever tried in one window, on any number
 * of processes.
 */
export async function guardedAttempt<T>(
	db: Db,
	rateLimits: boolean,
	limit: Limit,
	subject: string,
	attempt: () => Promise<T | undefined>
): Promise<{ limited: true; retryAfterSeconds: number } | { limited: false; result: T | undefined }> {
	if (!rateLimits) return { limited: false, result: await attempt() };
	const counted = await consume(db, limit, subject);
	if (!counted.ok) return { limited: true, retryAfterSeconds: counted.retryAfterSeconds };
	const result = await attempt();
	if (result !== undefined) await giveBack(db, limit, subject);
	return { limited: false, result };
}

/** Takes back one hit counted in the current window (a guarded attempt that succeeded). */
async function giveBack(db: Db, limit: Limit, subject: string, now = new Date()): Promise<void> {
	await db.write((tx) =>
		tx
			.updateTable('rate_limits')
			.set({ points: sql<number>`points - 1` })
			.where('key', '=', `${limit.name}:${subject}`)
			.where('points', '>', 0)
			.where('reset_at', '>', now.toISOString())
			.execute()
	);
}

/** Forget a subject's count (e.g. after a successful sign-in). */
export async function reset(db: Db, limit: Limit, subject: string): Promise<void> {
	await db.write((tx) => tx.deleteFrom('rate_limits').where('key', '=', `${limit.name}:${subject}`).execute());
}

/** Drops expired windows; called by the housekeeping job. */
export async function purgeExpired(db: Db, now = new Date()): Promise<number> {
	const result = await db.write((tx) => tx.deleteFrom('rate_limits').where('reset_at', '<=', now.toISOString()).executeTakeFirst());
	return Number(result.numDeletedRows);
}

// The limits of public endpoints, per client IP.
export const LIMITS = {
	declarationPost: { name: 'declaration-post', points: 30, windowSeconds: 600 },
	uploadPost: { name: 'upload-post', points: 30, windowSeconds: 600 },
	lookup: { name: 'lookup', points: 20, windowSeconds: 600 },
	lookupFailure: { name: 'lookup-fail', points: 10, windowSeconds: 900 },
	helpPost: { name: 'help-post', points: 10, windowSeconds: 600 },
	addressSearch: { name: 'address-search', points: 300, windowSeconds: 60 },
	loginIp: { name: 'login-ip', points: 30, windowSeconds: 900 }
} satisfies Record<string, Limit>;
