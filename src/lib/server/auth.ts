import type { Db } from './db';
import { randomToken, sha256 } from './crypto';
import { recordAudit } from './audit';
import { consume, LIMITS, reset as resetLimit } from './rate-limit';
import { dummyHash, verifyPassword } from './password';
import { createSession, type NewSession } from './sessions';
import { findUserByEmail, findUserById, setPassword, type Actor, type User } from './users';
import { checkPassword, type PasswordCheck } from './password-policy';

// Sign-in and password resets. Every failure looks the same from outside (one message, one
// Argon2 verification), so the answer never tells whether an account exists.

/** Attempts allowed before the back-off starts; then 15 s, 30 s, 1 min … doubling, capped at 5 min. */
export const FREE_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 15_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export function backoffMs(failedLogins: number): number {
	if (failedLogins < FREE_ATTEMPTS) return 0;
	return Math.min(BACKOFF_BASE_MS * 2 ** (failedLogins - FREE_ATTEMPTS), BACKOFF_CAP_MS);
}

export interface SignInInput {
	email: string;
	password: string;
	ip: string | null;
	/** Per-IP limit on; off only with ANJU_RATE_LIMITS=off. */
	limitIp?: boolean;
	now?: Date;
}

export type SignInResult =
	| { ok: true; user: User; session: NewSession }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

type FailureCode = 'unknown_email' | 'inactive' | 'no_password' | 'locked' | 'wrong_password';

/** A short, unsalted SHA-256 prefix: lets an admin see repeated tries of one address without the address in clear. */
export function emailFingerprint(email: string): string {
	return sha256(email.trim().toLowerCase()).slice(0, 12);
}

export async function signIn(db: Db, input: SignInInput): Promise<SignInResult> {
	const now = input.now ?? new Date();
	if (input.limitIp !== false && input.ip) {
		const limit = await consume(db, LIMITS.loginIp, input.ip, now);
		if (!limit.ok) {
			await recordAudit(db, { actorId: null, actorRole: null, action: 'login.failure', ip: input.ip, at: now, details: { reason: 'ip_limited' } });
			return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
		}
	}
	const user = await findUserByEmail(db, input.email);
	const fail = async (code: FailureCode): Promise<SignInResult> => {
		await recordAudit(db, {
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

	const locked = !!user?.locked_until && Date.parse(user.locked_until) > now.getTime();
	const usable = user && user.active === 1 && user.password_hash && !locked;
	// The same Argon2 work on every path, so timing does not tell an unknown e-mail from a wrong password.
	const valid = await verifyPassword(usable ? user.password_hash! : await dummyHash(), input.password);
	if (!user) return fail('unknown_email');
	if (user.active !== 1) return fail('inactive');
	if (!user.password_hash) return fail('no_password');
	if (locked) return fail('locked');
	if (!valid) {
		const row = await db
			.updateTable('users')
			.set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
			.where('id', '=', user.id)
			.returning('failed_logins')
			.executeTakeFirstOrThrow();
		const delay = backoffMs(row.failed_logins);
		if (delay > 0) {
			await db.updateTable('users').set({ locked_until: new Date(now.getTime() + delay).toISOString() }).where('id', '=', user.id).execute();
		}
		return fail('wrong_password');
	}

	await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
	if (input.ip) await resetLimit(db, LIMITS.loginIp, input.ip);
	const session = await createSession(db, user.id, now);
	await recordAudit(db, { actorId: user.id, actorRole: user.role, action: 'login.success', targetType: 'user', targetId: user.id, ip: input.ip, at: now });
	return { ok: true, user, session };
}

export async function recordSignOut(db: Db, actor: Actor): Promise<void> {
	await recordAudit(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'logout', targetType: 'user', targetId: actor.id });
}

// ---- One-time password-reset links ----

export interface IssuedReset {
	token: string;
	expiresAt: Date;
}

/** A new one-time link for `userId`; earlier unused links of the account stop working. Only the token's SHA-256 is stored. */
export async function issuePasswordReset(db: Db, actor: Actor, userId: string, now = new Date()): Promise<IssuedReset> {
	const token = randomToken(32);
	const expiresAt = new Date(now.getTime() + RESET_TTL_MS);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
		await trx
			.insertInto('password_resets')
			.values({ id: sha256(token), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null })
			.execute();
		await recordAudit(trx, {
			actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'password_reset.issue', targetType: 'user', targetId: userId, at: now
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
	// Claim the link first: of two concurrent uses only one updates the row.
	const claimed = await db
		.updateTable('password_resets')
		.set({ used_at: now.toISOString() })
		.where('id', '=', found.resetId)
		.where('used_at', 'is', null)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'invalid' };
	await setPassword(db, found.user.id, password, now);
	await recordAudit(db, {
		actorId: found.user.id, actorRole: found.user.role, ip, action: 'password_reset.use', targetType: 'user', targetId: found.user.id, at: now
	});
	return { ok: true, user: found.user };
}
