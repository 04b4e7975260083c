import type { Kysely } from 'kysely';

// Frozen. A kiosk's "continue on your phone" QR code: the SHA-256 of a one-time token that moves
// one draft to another browser. A row is deleted when it is used (or by the housekeeping job once
// expired), so at most a few short-lived rows exist at any time.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('draft_handovers')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('draft_id', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('draft_handovers_draft').on('draft_handovers').column('draft_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('draft_handovers').execute();
}
