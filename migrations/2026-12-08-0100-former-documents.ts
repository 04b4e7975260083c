import type { Kysely } from 'kysely';

// Frozen. The documents a declaration named before the resident corrected them (issue 16, point 4):
// the keyed blind index of each earlier document number + nationality, never the number itself,
// so an officer's look-up by an old passport number still finds the declaration. Retention deletes
// a declaration's rows when it anonymises the declaration.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('declaration_former_documents')
		.addColumn('declaration_id', 'text', (c) => c.notNull())
		.addColumn('document_index', 'text', (c) => c.notNull())
		.addColumn('nationality', 'text', (c) => c.notNull())
		.addColumn('replaced_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('declaration_former_documents_pkey', ['declaration_id', 'document_index'])
		.execute();
	await db.schema.createIndex('declaration_former_documents_document').on('declaration_former_documents').columns(['document_index', 'nationality']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('declaration_former_documents').execute();
}
