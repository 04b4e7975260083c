import type { Db, Reader, Tx } from './db';
import type { Role, UsersTable } from './db/schema';
import type { Selectable } from 'kysely';
import { newId } from './ids';
import { hashPassword } from './password';
import { recordAudit } from './audit';
import { deleteUserSessions } from './sessions';
import type { StaffMailLanguage } from '$lib/i18n';

export type User = Selectable<UsersTable>;

export interface NewUser {
	email: string;
	name: string;
	role: Role;
	organisationId?: string | null;
	password?: string;
	passwordHash?: string;
	languages?: { lang: string; level: string }[];
	availability?: { day: number; from: string; to: string }[];
	/** The language of their e-mails, 'en' (default) or 'zh-hans'. */
	mailLanguage?: StaffMailLanguage;
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function createUser(db: Tx, input: NewUser): Promise<User> {
	const now = new Date().toISOString();
	const passwordHash = input.passwordHash ?? (input.password ? await hashPassword(input.password) : null);
	const row = {
		id: newId(),
		email: normaliseEmail(input.email),
		name: input.name,
		role: input.role,
		organisation_id: input.organisationId ?? null,
		password_hash: passwordHash,
		languages: JSON.stringify(input.languages ?? []),
		availability: JSON.stringify(input.availability ?? []),
		password_changed_at: passwordHash ? now : null,
		mail_language: input.mailLanguage ?? 'en',
		created_at: now,
		updated_at: now
	};
	await db.insertInto('users').values(row).execute();
	return (await findUserById(db, row.id))!;
}

export async function findUserById(db: Reader, id: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

// ---- Accounts, as the admin area and sign-in change them ----

/** Who is acting, for the audit row: the signed-in staff member (or null for the CLI) and where from. */
export interface Actor {
	id: string | null;
	role: Role | null;
	ip: string | null;
}

export const ROLES: readonly Role[] = ['volunteer', 'partner', 'officer', 'admin'];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface UserFilter {
	role?: Role;
	active?: boolean;
	organisationId?: string;
	/** Part of the e-mail address or name. */
	q?: string;
}

export async function listUsers(db: Db, filter: UserFilter = {}, limit = 200): Promise<User[]> {
	let query = db.selectFrom('users').selectAll().orderBy('role').orderBy('email').limit(limit);
	if (filter.role) query = query.where('role', '=', filter.role);
	if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
	if (filter.organisationId) query = query.where('organisation_id', '=', filter.organisationId);
	if (filter.q) {
		const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
		query = query.where((eb) => eb.or([eb('email', 'like', like), eb(eb.fn('lower', ['name']), 'like', like)]));
	}
	return query.execute();
}

export type AccountResult = { ok: true; user: User } | { ok: false; reason: 'not_found' | 'email_taken' | 'organisation_required' };

export interface AccountInput {
	email: string;
	name: string;
	role: Role;
	organisationId: string | null;
	/** Unchanged (or English for a new account) when left out. */
	mailLanguage?: StaffMailLanguage;
}

async function emailTaken(db: Reader, email: string, exceptId?: string): Promise<boolean> {
	let query = db.selectFrom('users').select('id').where('email', '=', normaliseEmail(email));
	if (exceptId) query = query.where('id', '!=', exceptId);
	return !!(await query.executeTakeFirst());
}

/** A new account without a password: its owner sets one through a reset link. */
export async function createAccount(db: Db, actor: Actor, input: AccountInput): Promise<AccountResult> {
	if (input.role === 'partner' && !input.organisationId) return { ok: false, reason: 'organisation_required' };
	return db.write(async (trx) => {
		if (await emailTaken(trx, input.email)) return { ok: false, reason: 'email_taken' } as const;
		const user = await createUser(trx, {
			email: input.email,
			name: input.name,
			role: input.role,
			organisationId: input.role === 'partner' ? input.organisationId : null,
			mailLanguage: input.mailLanguage
		});
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: 'user.create',
			targetType: 'user',
			targetId: user.id,
			details: { role: user.role, organisationId: user.organisation_id }
		});
		return { ok: true, user } as const;
	});
}

/** Edits an account; a role change ends the account's sessions so the new role applies at once. */
export async function updateAccount(db: Db, actor: Actor, id: string, input: AccountInput): Promise<AccountResult> {
	if (input.role === 'partner' && !input.organisationId) return { ok: false, reason: 'organisation_required' };
	return db.write(async (trx) => {
		const before = await findUserById(trx, id);
		if (!before) return { ok: false, reason: 'not_found' } as const;
		if (await emailTaken(trx, input.email, id)) return { ok: false, reason: 'email_taken' } as const;
		const organisationId = input.role === 'partner' ? input.organisationId : null;
		const email = normaliseEmail(input.email);
		await trx
			.updateTable('users')
			.set({ email, name: input.name, role: input.role, organisation_id: organisationId, mail_language: input.mailLanguage ?? before.mail_language, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		const changed = [
			email !== before.email && 'email',
			input.name !== before.name && 'name',
			organisationId !== before.organisation_id && 'organisation',
			input.mailLanguage !== undefined && input.mailLanguage !== before.mail_language && 'mailLanguage'
		].filter(Boolean);
		const audit = { actorId: actor.id, actorRole: actor.role, ip: actor.ip, targetType: 'user', targetId: id };
		if (changed.length) await recordAudit(db, trx, { ...audit, action: 'user.update', details: { fields: changed } });
		if (before.role !== input.role || organisationId !== before.organisation_id) {
			const ended = await deleteUserSessions(trx, id);
			if (before.role !== input.role) {
				await recordAudit(db, trx, { ...audit, action: 'user.role_change', details: { from: before.role, to: input.role, sessionsEnded: ended } });
			}
		}
		return { ok: true, user: (await findUserById(trx, id))! } as const;
	});
}

/** Deactivation ends every session at once; a deactivated account cannot sign in or use a reset link. */
export async function setAccountActive(db: Db, actor: Actor, id: string, active: boolean): Promise<AccountResult> {
	return db.write(async (trx) => {
		const before = await findUserById(trx, id);
		if (!before) return { ok: false, reason: 'not_found' } as const;
		await trx
			.updateTable('users')
			.set({ active: active ? 1 : 0, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		const ended = active ? 0 : await deleteUserSessions(trx, id);
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: active ? 'user.reactivate' : 'user.deactivate',
			targetType: 'user',
			targetId: id,
			details: active ? {} : { sessionsEnded: ended }
		});
		return { ok: true, user: (await findUserById(trx, id))! } as const;
	});
}

/** Sets a new password (already checked against the policy) and ends every session of the account. */
export async function setPassword(db: Db, userId: string, password: string, now = new Date()): Promise<void> {
	const passwordHash = await hashPassword(password);
	await db.write((tx) => storePasswordHash(tx, userId, passwordHash, now));
}

/** A new password (already hashed: Argon2 runs before the unit, not inside it), in the caller's unit: every session of the account ends. */
export async function storePasswordHash(tx: Tx, userId: string, passwordHash: string, now: Date): Promise<void> {
	await tx.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', userId).execute();
	await deleteUserSessions(tx, userId);
	// failures were guesses at the old password: the new one starts without back-off
	await tx.deleteFrom('login_failures').where('user_id', '=', userId).execute();
}

export async function findUsersByIds(db: Db, ids: string[]): Promise<Pick<User, 'id' | 'email' | 'role'>[]> {
	if (!ids.length) return [];
	return db.selectFrom('users').select(['id', 'email', 'role']).where('id', 'in', ids).execute();
}
