import type { Kysely } from 'kysely';

// Frozen. Failed sign-ins counted per account and client address (a network for IPv6), so a
// stranger's wrong guesses hold back only their own address, never the account's owner signing
// in from elsewhere. A pair is forgotten 24 hours after its last failure. users.failed_logins
// and users.locked_until are no longer used but stay, so processes of the previous release keep
// working while a deploy switches traffic (README: migrate before switching).
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('login_failures')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('ip', 'text', (c) => c.notNull())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('locked_until', 'text')
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('login_failures_pk', ['user_id', 'ip'])
		.execute();
	await db.schema.createIndex('login_failures_updated').on('login_failures').column('updated_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('login_failures').execute();
}
