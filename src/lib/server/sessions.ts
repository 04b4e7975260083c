import type { Db, Tx } from './db';
import { randomToken, sha256 } from './crypto';
import type { User } from './users';

// Staff sessions (DESIGN.md §8): a 256-bit random token in the cookie, only its SHA-256 in the
// database, 30 minutes idle and 12 hours absolute. Every function takes `now` so tests drive the clock.

export const SESSION_COOKIE = 'anju_session';
export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
// last_seen_at is written at most once a minute, so reading pages does not write on every request.
const TOUCH_MS = 60 * 1000;

export interface NewSession {
	token: string;
	sessionId: string;
	expiresAt: Date;
}

/** When a known session has run out, `endedFor` names its account (a draft kept for it goes back only to it). */
export type SessionCheck = { ok: true; user: User; sessionId: string; idleExpiresAt: Date } | { ok: false; endedFor?: string };

export async function createSession(db: Db, userId: string, now = new Date()): Promise<NewSession> {
	const token = randomToken(32);
	const sessionId = sha256(token);
	const expiresAt = new Date(now.getTime() + ABSOLUTE_MS);
	await db.write((tx) =>
		tx.insertInto('sessions').values({ id: sessionId, user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt.toISOString() }).execute()
	);
	return { token, sessionId, expiresAt };
}

/** The session's user when the token is known, not expired (idle or absolute) and the account active. */
export async function validateSession(db: Db, token: string, now = new Date()): Promise<SessionCheck> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false };
	const sessionId = sha256(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.selectAll('users')
		.select(['sessions.last_seen_at as session_last_seen_at', 'sessions.expires_at as session_expires_at'])
		.where('sessions.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return { ok: false };
	const { session_last_seen_at: lastSeenAt, session_expires_at: expiresAt, ...user } = row;
	const lastSeen = Date.parse(lastSeenAt);
	if (now.getTime() >= Date.parse(expiresAt) || now.getTime() - lastSeen >= IDLE_MS || user.active !== 1) {
		await deleteSession(db, sessionId);
		return { ok: false, endedFor: user.id };
	}
	let seen = lastSeen;
	if (now.getTime() - lastSeen >= TOUCH_MS) {
		await db.write((tx) => tx.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', sessionId).execute());
		seen = now.getTime();
	}
	return { ok: true, user, sessionId, idleExpiresAt: new Date(Math.min(seen + IDLE_MS, Date.parse(expiresAt))) };
}

/**
 * Whether a session still stands (not signed out, not expired, account active; a role or password
 * change deletes it), without touching it: for live streams, which are not activity.
 */
export async function sessionAlive(db: Db, sessionId: string, now = new Date()): Promise<boolean> {
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['sessions.last_seen_at', 'sessions.expires_at', 'users.active'])
		.where('sessions.id', '=', sessionId)
		.executeTakeFirst();
	return !!row && row.active === 1 && now.getTime() < Date.parse(row.expires_at) && now.getTime() - Date.parse(row.last_seen_at) < IDLE_MS;
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
	await db.write((tx) => tx.deleteFrom('sessions').where('id', '=', sessionId).execute());
}

/** Ends every session of a user: password change, role change, deactivation. */
export async function deleteUserSessions(db: Tx, userId: string): Promise<number> {
	const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows);
}

/** Drops sessions past their idle or absolute limit; for the housekeeping job. */
export async function purgeExpiredSessions(db: Db, now = new Date()): Promise<number> {
	const idleCutoff = new Date(now.getTime() - IDLE_MS).toISOString();
	const result = await db.write((tx) =>
		tx
			.deleteFrom('sessions')
			.where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleCutoff)]))
			.executeTakeFirst()
	);
	return Number(result.numDeletedRows);
}
