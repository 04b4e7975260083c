import type { Kysely } from 'kysely';

// Frozen. Free text that crosses the language wall (issue 16, point 2): an officer's free-text
// question, or a resident's answer, in a language the other side does not read. Each row links one
// question or answer (a declaration event) to the interpreter task (a help request) that translates
// it, and, once done, to the event holding the translation. No text here: the original and the
// translation are encrypted declaration events, so retention and key rotation treat them as such.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('declaration_translations')
		.addColumn('help_request_id', 'text', (c) => c.primaryKey().references('help_requests.id'))
		.addColumn('declaration_id', 'text', (c) => c.notNull().references('declarations.id'))
		// the question (information_requested) or answer (information_provided) event
		.addColumn('event_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull()) // question | answer
		.addColumn('source_lang', 'text', (c) => c.notNull())
		.addColumn('target_lang', 'text', (c) => c.notNull())
		// the 'translated' event, set once by the holder of the task
		.addColumn('translation_event_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('translated_at', 'text')
		.execute();
	await db.schema.createIndex('declaration_translations_declaration').on('declaration_translations').column('declaration_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('declaration_translations').execute();
}
