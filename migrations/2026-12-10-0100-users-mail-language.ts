import type { Kysely } from 'kysely';

// Frozen. The language of a staff member's e-mails (issue 16, point 8): volunteers are mailed about
// new tasks, and every account gets its password links, in English or Simplified Chinese. Existing
// accounts keep English, as before.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('users')
		.addColumn('mail_language', 'text', (c) => c.notNull().defaultTo('en'))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('users').dropColumn('mail_language').execute();
}
