import type { Kysely } from 'kysely';

// Frozen. Every change of the visa-free/transit lists or of max_foreign_occupants writes a full
// snapshot here, so a past decision's rule_context.listsVersion names exactly what it was made with.
// Watch-list entries also keep their document number encrypted, so admins can see what they manage.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('list_versions')
		.addColumn('version', 'integer', (c) => c.primaryKey())
		.addColumn('visa_free', 'text', (c) => c.notNull())
		.addColumn('transit', 'text', (c) => c.notNull())
		.addColumn('max_foreign_occupants', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.alterTable('watchlist').addColumn('document', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('watchlist').dropColumn('document').execute();
	await db.schema.dropTable('list_versions').execute();
}
