import type { Db } from './db';
import type { Role, UsersTable } from './db/schema';
import type { Selectable } from 'kysely';
import { newId } from './ids';
import { hashPassword } from './password';

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
}

export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
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
		locked_until: null,
		created_at: now,
		updated_at: now
	};
	await db.insertInto('users').values(row).execute();
	return (await findUserById(db, row.id))!;
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function countUsers(db: Db): Promise<number> {
	const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(row.n);
}
