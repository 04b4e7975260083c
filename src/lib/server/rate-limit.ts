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

export type LimitResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export async function consume(db: Db, limit: Limit, subject: string, now = new Date()): Promise<LimitResult> {
	const key = `${limit.name}:${subject}`;
	const nowIso = now.toISOString();
	const resetAt = new Date(now.getTime() + limit.windowSeconds * 1000).toISOString();
	const row = await db
		.insertInto('rate_limits')
		.values({ key, points: 1, reset_at: resetAt })
		.onConflict((oc) =>
			oc.column('key').doUpdateSet({
				points: sql<number>`case when rate_limits.reset_at <= ${nowIso} then 1 else rate_limits.points + 1 end`,
				reset_at: sql<string>`case when rate_limits.reset_at <= ${nowIso} then ${resetAt} else rate_limits.reset_at end`
			})
		)
		.returning(['points', 'reset_at'])
		.executeTakeFirstOrThrow();
	if (row.points > limit.points) {
		return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.reset_at) - now.getTime()) / 1000)) };
	}
	return { ok: true, remaining: limit.points - row.points };
}

/** Forget a subject's count (e.g. after a successful sign-in). */
export async function reset(db: Db, limit: Limit, subject: string): Promise<void> {
	await db.deleteFrom('rate_limits').where('key', '=', `${limit.name}:${subject}`).execute();
}

/** Drops expired windows; called by the housekeeping job. */
export async function purgeExpired(db: Db, now = new Date()): Promise<number> {
	const result = await db.deleteFrom('rate_limits').where('reset_at', '<=', now.toISOString()).executeTakeFirst();
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

/** True when the subject is already over the limit in the current window (does not count a hit). */
export async function isBlocked(db: Db, limit: Limit, subject: string, now = new Date()): Promise<boolean> {
	const row = await db.selectFrom('rate_limits').select(['points', 'reset_at']).where('key', '=', `${limit.name}:${subject}`).executeTakeFirst();
	return !!row && row.reset_at > now.toISOString() && row.points >= limit.points;
}
