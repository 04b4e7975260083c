import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	backoffMs,
	BACKOFF_CAP_MS,
	completePasswordReset,
	emailFingerprint,
	FREE_ATTEMPTS,
	issuePasswordReset,
	LOGIN_FAILURES_KEEP_MS,
	loginAddress,
	purgeLoginFailures,
	signIn
} from '../../src/lib/server/auth';
import { ABSOLUTE_MS, createSession, deleteSession, IDLE_MS, validateSession } from '../../src/lib/server/sessions';
import { createAccount, createUser, setAccountActive, setPassword, updateAccount, type Actor, type User } from '../../src/lib/server/users';
import { enqueueMailAlone } from '../../src/lib/server/mail/outbox';
import { decrypt, sha256 } from '../../src/lib/server/crypto';
import { LIMITS } from '../../src/lib/server/rate-limit';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const PASSWORD = 'glass lantern orbit meadow';
const admin: Actor = { id: 'admin-1', role: 'admin', ip: '10.9.9.9' };

describe.each(DATABASES)('staff sign-in and sessions on %s', (kind) => {
	let app: TestApp;
	let n = 0;
	const newStaff = async (role: User['role'] = 'officer'): Promise<User> => app.db.write((tx) => createUser(tx, { email: `staff${++n}@example.org`, name: `Staff ${n}`, role, password: PASSWORD }));
	const audit = (action: string) => app.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('signs in with the right password: a 256-bit token, only its SHA-256 stored, an audit row', async () => {
		const user = await newStaff();
		const result = await signIn(app.db, { email: ` ${user.email.toUpperCase()} `, password: PASSWORD, ip: '10.0.0.1' });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(Buffer.from(result.session.token, 'base64url')).toHaveLength(32);
		const rows = await app.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
		expect(rows.map((r) => r.id)).toEqual([sha256(result.session.token)]);
		expect(JSON.stringify(rows)).not.toContain(result.session.token);
		const success = (await audit('login.success')).find((r) => r.actor_id === user.id);
		expect(success).toMatchObject({ actor_role: 'officer', ip: '10.0.0.1', target_id: user.id });
	});

	it('answers an unknown e-mail exactly like a wrong password, and logs neither the address nor the password', async () => {
		const user = await newStaff();
		const wrong = await signIn(app.db, { email: user.email, password: 'not the password at all', ip: '10.0.0.2' });
		const unknown = await signIn(app.db, { email: 'nobody@example.org', password: 'not the password at all', ip: '10.0.0.2' });
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual(wrong);
		const failures = await audit('login.failure');
		const text = JSON.stringify(failures);
		expect(text).not.toContain('nobody@example.org');
		expect(text).not.toContain('not the password');
		expect(failures.at(-1)!.details).toBe(JSON.stringify({ reason: 'unknown_email', emailSha256: emailFingerprint('nobody@example.org') }));
		expect(failures.at(-2)).toMatchObject({ actor_id: user.id, details: JSON.stringify({ reason: 'wrong_password' }) });
	});

	it('spends about the same time on an unknown e-mail as on a wrong password', async () => {
		const user = await newStaff();
		const time = async (email: string) => {
			const started = performance.now();
			await signIn(app.db, { email, password: 'wrong wrong wrong', ip: null });
			return performance.now() - started;
		};
		await time('warm-up@example.org');
		const unknown: number[] = [];
		const wrong: number[] = [];
		// interleaved and the median of seven, so that a busy machine's pauses fall on both sides
		for (let i = 0; i < 7; i++) {
			unknown.push(await time(`ghost${i}@example.org`));
			wrong.push(await time(user.email));
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[3];
		// Both run one Argon2id verification; without the dummy hash the unknown case would take ~0 ms.
		expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.3);
	});

	const WRONG = 'bad guess number x';
	const pairOf = (userId: string, address: string) => app.db.selectFrom('login_failures').selectAll().where('user_id', '=', userId).where('ip', '=', address).executeTakeFirst();
	const lastFailureReason = async () => JSON.parse((await audit('login.failure')).at(-1)!.details).reason as string;

	it('backs off one address exponentially after failed attempts, capped at minutes; a success from it resets the pair', async () => {
		const user = await newStaff();
		const a = '198.51.100.1';
		const t0 = new Date('2026-11-28T10:00:00Z');
		for (let i = 0; i < FREE_ATTEMPTS; i++) {
			expect(await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: t0 })).toEqual({ ok: false, reason: 'invalid' });
		}
		let pair = await pairOf(user.id, a);
		expect(pair!.failures).toBe(FREE_ATTEMPTS);
		expect(Date.parse(pair!.locked_until!) - t0.getTime()).toBe(backoffMs(FREE_ATTEMPTS));
		// the right password during the back-off gets the same generic answer, and does not count
		expect(await signIn(app.db, { email: user.email, password: PASSWORD, ip: a, now: new Date(t0.getTime() + 1000) })).toEqual({ ok: false, reason: 'invalid' });
		expect(await lastFailureReason()).toBe('locked');
		expect((await pairOf(user.id, a))!.failures).toBe(FREE_ATTEMPTS);

		// each failure just after the back-off ends doubles it, up to the cap
		const delays: number[] = [];
		let now = Date.parse(pair!.locked_until!) + 1;
		for (let i = 0; i < 8; i++) {
			await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: new Date(now) });
			pair = await pairOf(user.id, a);
			delays.push(Date.parse(pair!.locked_until!) - now);
			now = Date.parse(pair!.locked_until!) + 1;
		}
		expect(delays).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((k) => backoffMs(FREE_ATTEMPTS + k)));
		expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(delays.slice(4)).toEqual([BACKOFF_CAP_MS, BACKOFF_CAP_MS, BACKOFF_CAP_MS, BACKOFF_CAP_MS]);
		expect(BACKOFF_CAP_MS).toBeLessThanOrEqual(5 * 60_000);

		// after the back-off the right password works, and the pair starts again from nothing
		expect((await signIn(app.db, { email: user.email, password: PASSWORD, ip: a, now: new Date(now) })).ok).toBe(true);
		expect(await pairOf(user.id, a)).toBeUndefined();
		await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: new Date(now + 1000) });
		expect(await pairOf(user.id, a)).toMatchObject({ failures: 1, locked_until: null });
	});

	it('an attacker failing from one address every few minutes for an hour keeps that address backed off, while the owner signs in from another at once', async () => {
		const user = await newStaff();
		const attacker = '203.0.113.10';
		const owner = '192.0.2.200';
		const t0 = new Date('2026-11-28T12:00:00Z');
		for (let minute = 0; minute <= 60; minute += 3) {
			const now = new Date(t0.getTime() + minute * 60_000);
			expect(await signIn(app.db, { email: user.email, password: WRONG, ip: attacker, now })).toEqual({ ok: false, reason: 'invalid' });
			if (minute >= 15) {
				// the attacker's own address is held back, even with the right password
				expect(Date.parse((await pairOf(user.id, attacker))!.locked_until!)).toBeGreaterThan(now.getTime());
				expect(await signIn(app.db, { email: user.email, password: PASSWORD, ip: attacker, now: new Date(now.getTime() + 1) })).toEqual({ ok: false, reason: 'invalid' });
				expect(await lastFailureReason()).toBe('locked');
			}
			const signedIn = await signIn(app.db, { email: user.email, password: PASSWORD, ip: owner, now: new Date(now.getTime() + 2) });
			expect(signedIn.ok).toBe(true);
		}
		expect(await pairOf(user.id, owner)).toBeUndefined();
		expect((await pairOf(user.id, attacker))!.failures).toBeGreaterThan(FREE_ATTEMPTS);
	});

	it('forgets an address 24 hours after its last failure; sign-ins without an address count under one pseudo-address', async () => {
		const user = await newStaff();
		const a = '198.51.100.24';
		const t0 = new Date('2026-11-28T14:00:00Z');
		for (let i = 0; i < FREE_ATTEMPTS - 1; i++) await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: t0 });
		const dayLater = new Date(t0.getTime() + LOGIN_FAILURES_KEEP_MS + 1);
		await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: dayLater });
		expect(await pairOf(user.id, a)).toMatchObject({ failures: 1, locked_until: null });

		await signIn(app.db, { email: user.email, password: WRONG, ip: null, now: t0 });
		expect(await pairOf(user.id, 'unknown')).toMatchObject({ failures: 1 });
		expect(await purgeLoginFailures(app.db, new Date(t0.getTime() + LOGIN_FAILURES_KEEP_MS))).toBeGreaterThanOrEqual(1);
		expect(await pairOf(user.id, 'unknown')).toBeUndefined();
		expect(await pairOf(user.id, a)).toBeDefined();
	});

	it('counts an IPv6 client by its /64 network', async () => {
		expect(loginAddress(null)).toBe('unknown');
		expect(loginAddress('192.0.2.5')).toBe('192.0.2.5');
		expect(loginAddress('::ffff:192.0.2.5')).toBe('192.0.2.5');
		expect(loginAddress('2001:DB8:0001:2::a')).toBe('2001:db8:1:2::/64');
		expect(loginAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(loginAddress('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
		expect(loginAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');

		const user = await newStaff();
		const t0 = new Date('2026-11-28T15:00:00Z');
		for (let i = 0; i < FREE_ATTEMPTS; i++) {
			await signIn(app.db, { email: user.email, password: WRONG, ip: `2001:db8:7:7::${i + 1}`, now: t0 });
		}
		expect(await signIn(app.db, { email: user.email, password: PASSWORD, ip: '2001:db8:7:7:abcd::9', now: t0 })).toEqual({ ok: false, reason: 'invalid' });
		expect((await signIn(app.db, { email: user.email, password: PASSWORD, ip: '2001:db8:7:8::1', now: t0 })).ok).toBe(true);
	});

	it('a successful sign-in does not reset the per-IP limit', async () => {
		const user = await newStaff();
		const ip = '192.0.2.90';
		const t0 = new Date('2026-11-28T16:00:00Z');
		for (let i = 1; i <= LIMITS.loginIp.points; i++) {
			const result =
				i === 15 ? await signIn(app.db, { email: user.email, password: PASSWORD, ip, now: t0 }) : await signIn(app.db, { email: `guess${i}@example.org`, password: 'whatever it is', ip, now: t0 });
			expect(result.ok).toBe(i === 15);
		}
		// the 31st attempt in the window is refused, even with the right password
		expect(await signIn(app.db, { email: user.email, password: PASSWORD, ip, now: new Date(t0.getTime() + 60_000) })).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect((await signIn(app.db, { email: user.email, password: PASSWORD, ip, now: new Date(t0.getTime() + LIMITS.loginIp.windowSeconds * 1000) })).ok).toBe(true);
	});

	it('a new password ends the back-off of every address', async () => {
		const user = await newStaff();
		const a = '198.51.100.77';
		const t0 = new Date('2026-11-28T17:00:00Z');
		for (let i = 0; i < FREE_ATTEMPTS; i++) await signIn(app.db, { email: user.email, password: WRONG, ip: a, now: t0 });
		await setPassword(app.db, user.id, 'another long passphrase here', t0);
		expect((await signIn(app.db, { email: user.email, password: 'another long passphrase here', ip: a, now: t0 })).ok).toBe(true);
	});

	it('limits sign-in attempts per IP address, in the database', async () => {
		const t0 = new Date('2026-11-28T11:00:00Z');
		const results = [];
		for (let i = 0; i <= LIMITS.loginIp.points; i++) {
			results.push(await signIn(app.db, { email: `x${i}@example.org`, password: 'whatever it is', ip: '192.0.2.77', now: t0 }));
		}
		expect(results.at(-2)).toEqual({ ok: false, reason: 'invalid' });
		expect(results.at(-1)).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect(await app.db.selectFrom('rate_limits').select('points').where('key', '=', `${LIMITS.loginIp.name}:192.0.2.77`).executeTakeFirst()).toBeTruthy();
		// another address is not affected
		expect(await signIn(app.db, { email: 'y@example.org', password: 'whatever it is', ip: '192.0.2.78', now: t0 })).toEqual({ ok: false, reason: 'invalid' });
	});

	it('ends a session after 30 minutes idle, and keeps it alive while used', async () => {
		const user = await newStaff();
		const t0 = new Date('2026-11-28T08:00:00Z');
		const { token } = await createSession(app.db, user.id, t0);
		const at = (ms: number) => new Date(t0.getTime() + ms);
		expect((await validateSession(app.db, token, at(IDLE_MS - 1000))).ok).toBe(true);
		// used at 29:59, so still alive at 59:00
		expect((await validateSession(app.db, token, at(2 * IDLE_MS - 60_000))).ok).toBe(true);
		// the ended session still names its account once, so a draft kept for it goes back only to it
		expect(await validateSession(app.db, token, at(3 * IDLE_MS))).toEqual({ ok: false, endedFor: user.id });
		expect(await validateSession(app.db, token, at(3 * IDLE_MS))).toEqual({ ok: false });
		expect(await app.db.selectFrom('sessions').select('id').where('id', '=', sha256(token)).executeTakeFirst()).toBeUndefined();
	});

	it('ends a session 12 hours after sign-in however active it is', async () => {
		const user = await newStaff();
		const t0 = new Date('2026-11-28T00:00:00Z');
		const { token } = await createSession(app.db, user.id, t0);
		let now = t0.getTime();
		while (now + 20 * 60_000 < t0.getTime() + ABSOLUTE_MS) {
			now += 20 * 60_000;
			expect((await validateSession(app.db, token, new Date(now))).ok).toBe(true);
		}
		expect((await validateSession(app.db, token, new Date(t0.getTime() + ABSOLUTE_MS))).ok).toBe(false);
	});

	it('signs out on the server: the token no longer works', async () => {
		const user = await newStaff();
		const { token, sessionId } = await createSession(app.db, user.id);
		await deleteSession(app.db, sessionId);
		expect((await validateSession(app.db, token)).ok).toBe(false);
	});

	it('deactivation ends every session and blocks sign-in; reactivation allows it again', async () => {
		const user = await newStaff();
		const a = await createSession(app.db, user.id);
		const b = await createSession(app.db, user.id);
		await setAccountActive(app.db, admin, user.id, false);
		expect((await validateSession(app.db, a.token)).ok).toBe(false);
		expect((await validateSession(app.db, b.token)).ok).toBe(false);
		expect(await signIn(app.db, { email: user.email, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: 'invalid' });
		expect((await audit('user.deactivate')).at(-1)).toMatchObject({ actor_id: admin.id, target_id: user.id, details: JSON.stringify({ sessionsEnded: 2 }) });
		await setAccountActive(app.db, admin, user.id, true);
		expect((await signIn(app.db, { email: user.email, password: PASSWORD, ip: null })).ok).toBe(true);
	});

	it('a role change or a password change ends every session', async () => {
		const user = await newStaff('officer');
		const s1 = await createSession(app.db, user.id);
		const changed = await updateAccount(app.db, admin, user.id, { email: user.email, name: user.name, role: 'admin', organisationId: null });
		expect(changed.ok).toBe(true);
		expect((await validateSession(app.db, s1.token)).ok).toBe(false);
		expect((await audit('user.role_change')).at(-1)).toMatchObject({ target_id: user.id, details: JSON.stringify({ from: 'officer', to: 'admin', sessionsEnded: 1 }) });

		const s2 = await createSession(app.db, user.id);
		await setPassword(app.db, user.id, 'another long passphrase here');
		expect((await validateSession(app.db, s2.token)).ok).toBe(false);
		expect((await signIn(app.db, { email: user.email, password: PASSWORD, ip: null })).ok).toBe(false);
		expect((await signIn(app.db, { email: user.email, password: 'another long passphrase here', ip: null })).ok).toBe(true);
	});

	it('a partner account needs an organisation; e-mail addresses are unique', async () => {
		expect(await createAccount(app.db, admin, { email: 'p@example.org', name: 'P', role: 'partner', organisationId: null })).toEqual({ ok: false, reason: 'organisation_required' });
		const user = await newStaff();
		expect(await createAccount(app.db, admin, { email: user.email.toUpperCase(), name: 'Q', role: 'officer', organisationId: null })).toEqual({ ok: false, reason: 'email_taken' });
	});
});

describe.each(DATABASES)('password-reset links on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('a new account sets its password through a one-time link; the link cannot be reused', async () => {
		const created = await createAccount(app.db, admin, { email: 'new.volunteer@example.org', name: 'New', role: 'volunteer', organisationId: null });
		if (!created.ok) throw new Error(created.reason);
		expect(await signIn(app.db, { email: 'new.volunteer@example.org', password: 'anything long enough', ip: null })).toEqual({ ok: false, reason: 'invalid' });

		const { token } = await issuePasswordReset(app.db, admin, created.user.id);
		const stored = await app.db.selectFrom('password_resets').selectAll().execute();
		expect(stored.map((r) => r.id)).toEqual([sha256(token)]);

		const short = await completePasswordReset(app.db, token, 'too short', null);
		expect(short).toMatchObject({ ok: false, reason: 'weak_password', check: { reason: 'too_short' } });
		const common = await completePasswordReset(app.db, token, 'Password2026!!', null);
		expect(common).toMatchObject({ ok: false, reason: 'weak_password', check: { reason: 'common' } });

		expect((await completePasswordReset(app.db, token, 'velvet harbour quietly', '10.1.1.1')).ok).toBe(true);
		expect(await completePasswordReset(app.db, token, 'velvet harbour again', null)).toEqual({ ok: false, reason: 'invalid' });
		expect((await signIn(app.db, { email: 'new.volunteer@example.org', password: 'velvet harbour quietly', ip: null })).ok).toBe(true);
		const actions = (await app.db.selectFrom('audit_log').select('action').orderBy('seq').execute()).map((r) => r.action);
		expect(actions).toEqual(['user.create', 'login.failure', 'password_reset.issue', 'password_reset.use', 'login.success']);
		expect(JSON.stringify(await app.db.selectFrom('audit_log').selectAll().execute())).not.toContain(token);
	});

	it('issuing a link ends every session of the account at once', async () => {
		const user = await app.db.write((tx) => createUser(tx, { email: 'compromised@example.org', name: 'C', role: 'officer', password: PASSWORD }));
		const intruder = await createSession(app.db, user.id);
		const owner = await createSession(app.db, user.id);
		await issuePasswordReset(app.db, admin, user.id);
		expect((await validateSession(app.db, intruder.token)).ok).toBe(false);
		expect((await validateSession(app.db, owner.token)).ok).toBe(false);
		const issued = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'password_reset.issue').orderBy('seq', 'desc').executeTakeFirstOrThrow();
		expect(issued).toMatchObject({ actor_id: admin.id, target_id: user.id, details: JSON.stringify({ sessionsEnded: 2 }) });
	});

	it('refuses an expired link, an unknown link, a replaced link and a deactivated account', async () => {
		const user = await app.db.write((tx) => createUser(tx, { email: 'r@example.org', name: 'R', role: 'officer', password: PASSWORD }));
		const t0 = new Date('2026-11-28T09:00:00Z');
		const first = await issuePasswordReset(app.db, admin, user.id, t0);
		const expired = await completePasswordReset(app.db, first.token, 'granite window sparrow', null, new Date(first.expiresAt.getTime() + 1));
		expect(expired).toEqual({ ok: false, reason: 'invalid' });
		expect(await completePasswordReset(app.db, 'A'.repeat(43), 'granite window sparrow', null)).toEqual({ ok: false, reason: 'invalid' });
		expect(await completePasswordReset(app.db, 'not-even-a-token', 'granite window sparrow', null)).toEqual({ ok: false, reason: 'invalid' });

		const second = await issuePasswordReset(app.db, admin, user.id);
		const third = await issuePasswordReset(app.db, admin, user.id);
		expect(await completePasswordReset(app.db, second.token, 'granite window sparrow', null)).toEqual({ ok: false, reason: 'invalid' });
		await setAccountActive(app.db, admin, user.id, false);
		expect(await completePasswordReset(app.db, third.token, 'granite window sparrow', null)).toEqual({ ok: false, reason: 'invalid' });
	});

	it('queues mail encrypted in the outbox', async () => {
		const id = await enqueueMailAlone(app.db, { to: 'someone@example.org', subject: 'Set your password', text: 'https://x/reset/abc' });
		const row = await app.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.status).toBe('pending');
		expect(JSON.stringify(row)).not.toContain('someone@example.org');
		expect(decrypt(app.db.keys, row.recipient, `outbox:${id}:recipient`)).toBe('someone@example.org');
		expect(decrypt(app.db.keys, row.body, `outbox:${id}:body`)).toBe('https://x/reset/abc');
	});
});
