import type { Db } from './db';
import { randomToken, sha256 } from './crypto';
import { recordAudit, recordAuditAlone } from './audit';
import { sql } from 'kysely';
import { consume, LIMITS } from './rate-limit';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { createSession, deleteUserSessions, type NewSession } from './sessions';
import { findUserByEmail, findUserById, storePasswordHash, type Actor, type User } from './users';
import { checkPassword, type PasswordCheck } from './password-policy';

// Sign-in and password resets. Every failure looks the same from outside (one message, one
// Argon2 verification), so the answer never tells whether an account exists.
//
// The back-off counts failures per account *and* client address (login_failures): someone
// guessing a colleague's password from one address holds back only that address, so the
// colleague signing in from anywhere else is never locked out by it. The per-IP limit caps
// everyone's attempts, whichever accounts they try, and a success does not reset it.

/** Attempts allowed before the back-off starts; then 15 s, 30 s, 1 min … doubling, capped at 5 min. */
export const FREE_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 15_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** An (account, address) pair is forgotten this long after its last failure. */
export const LOGIN_FAILURES_KEEP_MS = 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;
/** What sign-ins with no known client address count under. */
export const UNKNOWN_ADDRESS = 'unknown';

export function backoffMs(failedLogins: number): number {
	if (failedLogins < FREE_ATTEMPTS) return 0;
	return Math.min(BACKOFF_BASE_MS * 2 ** (failedLogins - FREE_ATTEMPTS), BACKOFF_CAP_MS);
}

/**
 * The address failures and the per-IP limit count under: IPv4 as it is, IPv6 by its /64 network,
 * because one subscriber usually holds a whole /64 and could otherwise try from a fresh address
 * every time.
 */
export function loginAddress(ip: string | null): string {
	if (!ip) return UNKNOWN_ADDRESS;
	const address = ip.replace(/%.*$/, '').toLowerCase();
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
	if (mapped) return mapped[1];
	if (!address.includes(':')) return address;
	const [head, tail] = address.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}

export interface SignInInput {
	email: string;
	password: string;
	ip: string | null;
	/** Per-IP limit on; off only with ANJU_RATE_LIMITS=off. */
	limitIp?: boolean;
	now?: Date;
}

export type SignInResult = { ok: true; user: User; session: NewSession } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

type FailureCode = 'unknown_email' | 'inactive' | 'no_password' | 'locked' | 'wrong_password';

/** A short, unsalted SHA-256 prefix: lets an admin see repeated tries of one address without the address in clear. */
export function emailFingerprint(email: string): string {
	return sha256(email.trim().toLowerCase()).slice(0, 12);
}

export async function signIn(db: Db, input: SignInInput): Promise<SignInResult> {
	const now = input.now ?? new Date();
	const address = loginAddress(input.ip);
	if (input.limitIp !== false && input.ip) {
		const limit = await consume(db, LIMITS.loginIp, address, now);
		if (!limit.ok) {
			// one audit row per address and window: a burst of refused attempts must not queue up
			// behind the audit chain's lock (nor fill the log)
			if (limit.overBy === 1) await recordAuditAlone(db, { actorId: null, actorRole: null, action: 'login.failure', ip: input.ip, at: now, details: { reason: 'ip_limited' } });
			return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
		}
	}
	const user = await findUserByEmail(db, input.email);
	const fail = async (code: FailureCode): Promise<SignInResult> => {
		await recordAuditAlone(db, {
			actorId: user?.id ?? null,
			actorRole: user?.role ?? null,
			action: 'login.failure',
			targetType: user ? 'user' : null,
			targetId: user?.id ?? null,
			ip: input.ip,
			at: now,
			details: user ? { reason: code } : { reason: code, emailSha256: emailFingerprint(input.email) }
		});
		return { ok: false, reason: 'invalid' };
	};

	// The attempt counts as a failure before the password is verified, in the same statement that
	// checks the back-off, so concurrent guesses cannot all pass the check before any is counted.
	const locked = user && user.active === 1 && user.password_hash ? !(await countAttempt(db, user.id, address, now)) : false;
	const usable = user && user.active === 1 && user.password_hash && !locked;
	// The same Argon2 work on every path, so timing does not tell an unknown e-mail from a wrong password.
	const valid = await verifyPassword(usable ? user.password_hash! : await dummyHash(), input.password);
	if (!user) return fail('unknown_email');
	if (user.active !== 1) return fail('inactive');
	if (!user.password_hash) return fail('no_password');
	if (locked) return fail('locked');
	if (!valid) return fail('wrong_password');

	await db.write((tx) => tx.deleteFrom('login_failures').where('user_id', '=', user.id).where('ip', '=', address).execute());
	const session = await createSession(db, user.id, now);
	await recordAuditAlone(db, { actorId: user.id, actorRole: user.role, action: 'login.success', targetType: 'user', targetId: user.id, ip: input.ip, at: now });
	return { ok: true, user, session };
}

/**
 * Counts one attempt of the pair as a failure and sets its back-off, unless the pair is backed off
 * now: one conditional upsert, so of concurrent attempts on any number of processes only those
 * before the back-off are counted and tried. False when backed off. A success deletes the pair.
 */
async function countAttempt(db: Db, userId: string, address: string, now: Date): Promise<boolean> {
	const nowIso = now.toISOString();
	const forgotten = new Date(now.getTime() - LOGIN_FAILURES_KEEP_MS).toISOString();
	const until = (failures: number) => {
		const delay = backoffMs(failures);
		return delay > 0 ? new Date(now.getTime() + delay).toISOString() : null;
	};
	// the back-off of the new count, as SQL: one branch per doubling up to the cap
	const next = sql<number>`login_failures.failures + 1`;
	let lockedUntil = sql<string | null>`${until(Number.MAX_SAFE_INTEGER)}`;
	for (let n = FREE_ATTEMPTS; backoffMs(n) < BACKOFF_CAP_MS; n++) lockedUntil = sql<string | null>`case when ${next} = ${n} then ${until(n)} else ${lockedUntil} end`;
	lockedUntil = sql<string | null>`case when ${next} < ${FREE_ATTEMPTS} then null else ${lockedUntil} end`;
	const row = await db.write((tx) =>
		tx
			.insertInto('login_failures')
			.values({ user_id: userId, ip: address, failures: 1, locked_until: until(1), updated_at: nowIso })
			.onConflict((oc) =>
				oc
					.columns(['user_id', 'ip'])
					.doUpdateSet({
						failures: sql<number>`case when login_failures.updated_at <= ${forgotten} then 1 else ${next} end`,
						locked_until: sql<string | null>`case when login_failures.updated_at <= ${forgotten} then ${until(1)} else ${lockedUntil} end`,
						updated_at: nowIso
					})
					.where((eb) => eb.or([eb('login_failures.locked_until', 'is', null), eb('login_failures.locked_until', '<=', nowIso)]))
			)
			.returning('failures')
			.executeTakeFirst()
	);
	return !!row;
}

/** Drops pairs with no failure for LOGIN_FAILURES_KEEP_MS; for the retention job. */
export async function purgeLoginFailures(db: Db, now = new Date()): Promise<number> {
	const result = await db.write((tx) =>
		tx
			.deleteFrom('login_failures')
			.where('updated_at', '<=', new Date(now.getTime() - LOGIN_FAILURES_KEEP_MS).toISOString())
			.executeTakeFirst()
	);
	return Number(result.numDeletedRows);
}

export async function recordSignOut(db: Db, actor: Actor): Promise<void> {
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'logout', targetType: 'user', targetId: actor.id });
}

// ---- One-time password-reset links ----

export interface IssuedReset {
	token: string;
	expiresAt: Date;
}

/**
 * A new one-time link for `userId`; earlier unused links of the account stop working and every
 * session of the account ends (a link is what an admin sends after a compromise, and the
 * intruder's sessions must not outlive it). Only the token's SHA-256 is stored.
 */
export async function issuePasswordReset(db: Db, actor: Actor, userId: string, now = new Date()): Promise<IssuedReset> {
	const token = randomToken(32);
	const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
	await db.write(async (trx) => {
		await trx.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
		await trx
			.insertInto('password_resets')
			.values({ id: sha256(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null })
			.execute();
		const sessionsEnded = await deleteUserSessions(trx, userId);
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: 'password_reset.issue',
			targetType: 'user',
			targetId: userId,
			at: now,
			details: { sessionsEnded }
		});
	});
	return { token, expiresAt };
}

export type ResetLookup = { ok: true; user: User } | { ok: false; reason: 'invalid' };

/** Whether a link can still be used; one answer for unknown, used, expired and deactivated. */
export async function findPasswordReset(db: Db, token: string, now = new Date()): Promise<ResetLookup & { resetId?: string }> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'invalid' };
	const id = sha256(token);
	const row = await db.selectFrom('password_resets').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row || row.used_at || Date.parse(row.expires_at) <= now.getTime()) return { ok: false, reason: 'invalid' };
	const user = await findUserById(db, row.user_id);
	if (!user || user.active !== 1) return { ok: false, reason: 'invalid' };
	return { ok: true, user, resetId: id };
}

export type ResetResult = { ok: true; user: User } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'weak_password'; check: Exclude<PasswordCheck, { ok: true }> };

/** Uses a link once: sets the password, ends every session of the account. A second use of the same link fails. */
export async function completePasswordReset(db: Db, token: string, password: string, ip: string | null, now = new Date()): Promise<ResetResult> {
	const found = await findPasswordReset(db, token, now);
	if (!found.ok || !found.resetId) return { ok: false, reason: 'invalid' };
	const check = checkPassword(password, { email: found.user.email });
	if (!check.ok) return { ok: false, reason: 'weak_password', check };
	const resetId = found.resetId;
	const user = found.user;
	const passwordHash = await hashPassword(password);
	// One unit: claim the link (of two concurrent uses only one updates the row), set the password, audit.
	const claimed = await db.write(async (tx) => {
		const claim = await tx.updateTable('password_resets').set({ used_at: now.toISOString() }).where('id', '=', resetId).where('used_at', 'is', null).executeTakeFirst();
		if (Number(claim.numUpdatedRows) !== 1) return false;
		await storePasswordHash(tx, user.id, passwordHash, now);
		await recordAudit(db, tx, { actorId: user.id, actorRole: user.role, ip, action: 'password_reset.use', targetType: 'user', targetId: user.id, at: now });
		return true;
	});
	if (!claimed) return { ok: false, reason: 'invalid' };
	return { ok: true, user: found.user };
}
