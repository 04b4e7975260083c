import type { Kysely } from 'kysely';

// Frozen. person_index: a keyed blind index of the whole person (document number, nationality,
// surname, given names, sex, date of birth), so supersession and DOCUMENT_IN_USE compare people
// without decrypting; null on rows from before it (supersession then reads their snapshot).
// idempotency_body: a keyed hash of the body an Idempotency-Key first came with, so the same key
// with another body is refused instead of answered with the first person's reference.
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('declarations').addColumn('person_index', 'text').execute();
	await db.schema.alterTable('declarations').addColumn('idempotency_body', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('declarations').dropColumn('idempotency_body').execute();
	await db.schema.alterTable('declarations').dropColumn('person_index').execute();
}
