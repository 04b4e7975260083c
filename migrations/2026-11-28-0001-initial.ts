import type { Kysely } from 'kysely';

// Frozen. Portable types only: text, integer, real. Timestamps are UTC ISO-8601 text,
// dates YYYY-MM-DD text, booleans 0/1 integers, ids random text. Encrypted values are
// base64 text ("<keyId>.<iv>.<ciphertext+tag>") so the same column type works on both databases.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('addresses')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('label_en', 'text', (c) => c.notNull())
		.addColumn('search_text', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('nationality_lists')
		.addColumn('list', 'text', (c) => c.notNull())
		.addColumn('nationality', 'text', (c) => c.notNull())
		.addColumn('added_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('nationality_lists_pk', ['list', 'nationality'])
		.execute();

	await db.schema
		.createTable('watchlist')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('document_index', 'text', (c) => c.notNull())
		.addColumn('nationality', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_by', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('watchlist_document').on('watchlist').columns(['document_index', 'nationality']).execute();

	await db.schema
		.createTable('organisations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
		.addColumn('password_hash', 'text')
		.addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('availability', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('locked_until', 'text')
		.addColumn('password_changed_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the token, never the token
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('password_resets')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the token
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	await db.schema
		.createTable('uploads')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('mime', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		.addColumn('data', 'text', (c) => c.notNull()) // encrypted image bytes
		.addColumn('used_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('declarations')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('reference', 'text', (c) => c.notNull().unique())
		.addColumn('access_code_hash', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('declarant', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('nationality', 'text', (c) => c.notNull())
		.addColumn('document_index', 'text', (c) => c.notNull()) // blind index: document number + nationality
		.addColumn('address_id', 'text', (c) => c.references('addresses.id'))
		.addColumn('unit_index', 'text', (c) => c.notNull()) // blind index of the normalised unit, for occupancy
		.addColumn('stay_basis', 'text', (c) => c.notNull())
		.addColumn('visa_type', 'text')
		.addColumn('entry_date', 'text', (c) => c.notNull())
		.addColumn('check_in', 'text', (c) => c.notNull())
		.addColumn('check_in_date', 'text', (c) => c.notNull())
		.addColumn('check_out', 'text')
		.addColumn('stay_end', 'text')
		.addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
		.addColumn('idempotency_key', 'text', (c) => c.unique())
		.addColumn('snapshot', 'text', (c) => c.notNull()) // encrypted, immutable submitted answers
		.addColumn('photo_upload_id', 'text', (c) => c.references('uploads.id'))
		.addColumn('rule_set_version', 'text', (c) => c.notNull())
		.addColumn('rule_context', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('findings', 'text', (c) => c.notNull())
		.addColumn('receipt_token', 'text')
		.addColumn('superseded_by', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('submitted_at', 'text', (c) => c.notNull())
		.addColumn('decided_at', 'text')
		.addColumn('decided_by', 'text')
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('declarations_status_submitted').on('declarations').columns(['status', 'submitted_at', 'id']).execute();
	await db.schema.createIndex('declarations_document').on('declarations').columns(['document_index', 'nationality']).execute();
	await db.schema.createIndex('declarations_unit').on('declarations').columns(['address_id', 'unit_index', 'status']).execute();

	await db.schema
		.createTable('declaration_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('declaration_id', 'text', (c) => c.notNull().references('declarations.id'))
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text')
		.addColumn('actor_id', 'text')
		.addColumn('data', 'text') // encrypted when it can hold personal data (notes, answers)
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('declaration_events_declaration').on('declaration_events').columns(['declaration_id', 'created_at']).execute();

	await db.schema
		.createTable('drafts')
		.addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the draft cookie token
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('help_requests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('reference', 'text', (c) => c.notNull().unique())
		.addColumn('access_code_hash', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('language', 'text', (c) => c.notNull())
		.addColumn('topic', 'text', (c) => c.notNull())
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('contact', 'text', (c) => c.notNull()) // encrypted
		.addColumn('note', 'text') // encrypted
		.addColumn('declaration_id', 'text', (c) => c.references('declarations.id'))
		.addColumn('claimed_by', 'text', (c) => c.references('users.id'))
		.addColumn('lease_until', 'text')
		.addColumn('organisation_id', 'text', (c) => c.references('organisations.id'))
		.addColumn('escalated_at', 'text')
		.addColumn('scheduled_for', 'text')
		.addColumn('schedule_details', 'text') // encrypted
		.addColumn('completed_at', 'text')
		.addColumn('duration_minutes', 'integer')
		.addColumn('completion_note', 'text')
		.addColumn('rating', 'integer')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('help_requests_status_language').on('help_requests').columns(['status', 'language', 'created_at']).execute();

	await db.schema
		.createTable('help_messages')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('help_request_id', 'text', (c) => c.notNull().references('help_requests.id'))
		.addColumn('author', 'text', (c) => c.notNull()) // resident | staff
		.addColumn('author_id', 'text')
		.addColumn('body', 'text', (c) => c.notNull()) // encrypted
		.addColumn('upload_id', 'text', (c) => c.references('uploads.id'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('help_messages_request').on('help_messages').columns(['help_request_id', 'created_at']).execute();

	await db.schema
		.createTable('outbox')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('channel', 'text', (c) => c.notNull()) // email
		.addColumn('recipient', 'text', (c) => c.notNull()) // encrypted
		.addColumn('subject', 'text', (c) => c.notNull()) // encrypted
		.addColumn('body', 'text', (c) => c.notNull()) // encrypted
		.addColumn('status', 'text', (c) => c.notNull()) // pending | sending | sent | failed
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text', (c) => c.notNull())
		.addColumn('last_error', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text')
		.execute();
	await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('seq', 'integer', (c) => c.primaryKey()) // assigned in a serialised transaction, gap-free
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_role', 'text')
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target_type', 'text')
		.addColumn('target_id', 'text')
		.addColumn('ip', 'text')
		.addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('prev_hash', 'text', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id']).execute();
	await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'at']).execute();

	await db.schema
		.createTable('rate_limits')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('points', 'integer', (c) => c.notNull())
		.addColumn('reset_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('job_locks')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('holder', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'job_locks', 'rate_limits', 'audit_log', 'outbox', 'help_messages', 'help_requests', 'drafts',
		'declaration_events', 'declarations', 'uploads', 'password_resets', 'sessions', 'users',
		'organisations', 'watchlist', 'nationality_lists', 'addresses', 'settings'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
