import type { Generated } from 'kysely';

// Hand-written to match ./migrations; tests/integration/schema.test.ts compares the two on
// both databases. Timestamps are ISO-8601 UTC text, dates YYYY-MM-DD, booleans 0/1.

export type Role = 'volunteer' | 'partner' | 'officer' | 'admin';
export type DeclarationStatus = 'approved' | 'pending_review' | 'needs_information' | 'rejected' | 'superseded' | 'withdrawn';
export type HelpRequestStatus = 'open' | 'claimed' | 'scheduled' | 'completed' | 'cancelled';
export type AddressKind = 'residential' | 'hotel' | 'dormitory' | 'office';
export type OrganisationKind = 'legal' | 'medical' | 'education' | 'other';

export interface SettingsTable {
	key: string;
	value: string;
	updated_at: string;
}

export interface AddressesTable {
	id: string;
	label: string;
	label_en: string;
	search_text: string;
	kind: AddressKind;
	active: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface NationalityListsTable {
	list: 'visa_free' | 'transit';
	nationality: string;
	added_at: string;
}

export interface WatchlistTable {
	id: string;
	document_index: string;
	nationality: string;
	reason: string;
	active: Generated<number>;
	created_by: string | null;
	created_at: string;
	/** The document number, encrypted (added 2026-11-28-0200). */
	document: string | null;
}

export interface OrganisationsTable {
	id: string;
	name: string;
	name_en: string;
	kind: OrganisationKind;
	languages: Generated<string>;
	active: Generated<number>;
	created_at: string;
}

export interface UsersTable {
	id: string;
	email: string;
	name: string;
	role: Role;
	organisation_id: string | null;
	password_hash: string | null;
	active: Generated<number>;
	languages: Generated<string>;
	availability: Generated<string>;
	paused: Generated<number>;
	/** Unused since 2026-11-28-0400 (login_failures); kept for processes of the previous release during a deploy. */
	failed_logins: Generated<number>;
	/** Unused since 2026-11-28-0400, like failed_logins. */
	locked_until: string | null;
	password_changed_at: string | null;
	created_at: string;
	updated_at: string;
	/** The language of this person's e-mails: 'en' or 'zh-hans' (added 2026-12-10-0100). */
	mail_language: Generated<string>;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	created_at: string;
	last_seen_at: string;
	expires_at: string;
}

export interface PasswordResetsTable {
	id: string;
	user_id: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface UploadsTable {
	id: string;
	mime: string;
	size: number;
	width: number;
	height: number;
	data: string;
	used_at: string | null;
	created_at: string;
	expires_at: string;
}

export interface DeclarationsTable {
	id: string;
	reference: string;
	access_code_hash: string;
	status: DeclarationStatus;
	declarant: string;
	language: string;
	nationality: string;
	document_index: string;
	address_id: string | null;
	unit_index: string;
	stay_basis: string;
	visa_type: string | null;
	entry_date: string;
	check_in: string;
	check_in_date: string;
	check_out: string | null;
	stay_end: string | null;
	dedupe_key: string;
	idempotency_key: string | null;
	/** Keyed hash of the canonical body the idempotency key first came with. */
	idempotency_body: string | null;
	/** Blind index of document + nationality + names + sex + birth date: "the same person"; null before 2026-12. */
	person_index: string | null;
	snapshot: string;
	photo_upload_id: string | null;
	rule_set_version: string;
	rule_context: Generated<string>;
	findings: string;
	receipt_token: string | null;
	superseded_by: string | null;
	version: Generated<number>;
	submitted_at: string;
	decided_at: string | null;
	decided_by: string | null;
	updated_at: string;
}

export interface DeclarationEventsTable {
	id: string;
	declaration_id: string;
	type: string;
	from_status: string | null;
	to_status: string | null;
	actor_id: string | null;
	data: string | null;
	created_at: string;
}

export interface DraftsTable {
	id: string;
	data: string;
	created_at: string;
	updated_at: string;
	expires_at: string;
}

/** A one-time "continue on your phone" token of a kiosk draft (only its SHA-256 is stored). */
export interface DraftHandoversTable {
	id: string;
	draft_id: string;
	created_at: string;
	expires_at: string;
}

export interface HelpRequestsTable {
	id: string;
	reference: string;
	access_code_hash: string;
	status: HelpRequestStatus;
	language: string;
	topic: string;
	channel: string;
	contact: string;
	note: string | null;
	declaration_id: string | null;
	claimed_by: string | null;
	lease_until: string | null;
	organisation_id: string | null;
	escalated_at: string | null;
	scheduled_for: string | null;
	schedule_details: string | null;
	completed_at: string | null;
	duration_minutes: number | null;
	completion_note: string | null;
	rating: number | null;
	version: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface HelpMessagesTable {
	id: string;
	help_request_id: string;
	author: 'resident' | 'staff';
	author_id: string | null;
	body: string;
	upload_id: string | null;
	created_at: string;
}

export interface OutboxTable {
	id: string;
	channel: string;
	recipient: string;
	subject: string;
	body: string;
	status: 'pending' | 'sending' | 'sent' | 'failed';
	attempts: Generated<number>;
	next_attempt_at: string;
	last_error: string | null;
	created_at: string;
	sent_at: string | null;
}

export interface AuditLogTable {
	seq: number;
	at: string;
	actor_id: string | null;
	actor_role: string | null;
	action: string;
	target_type: string | null;
	target_id: string | null;
	ip: string | null;
	details: Generated<string>;
	prev_hash: string;
	hash: string;
}

export interface RateLimitsTable {
	key: string;
	points: number;
	reset_at: string;
}

/** Failed sign-ins of one account from one client address (added 2026-11-28-0400). */
export interface LoginFailuresTable {
	user_id: string;
	/** The client address, an IPv6 address's /64 network, or 'unknown'. */
	ip: string;
	/** Failures in a row; starts again at 1 when the last one is more than 24 h old. */
	failures: number;
	locked_until: string | null;
	/** Time of the last failure. */
	updated_at: string;
}

export interface JobLocksTable {
	name: string;
	holder: string;
	expires_at: string;
}

export interface ListVersionsTable {
	version: number;
	visa_free: string;
	transit: string;
	max_foreign_occupants: number;
	created_by: string | null;
	created_at: string;
}

export interface QuestionTemplatesTable {
	id: string;
	/** Stable name of the question (e.g. `confirm_check_in`), unique. */
	key: string;
	/** JSON: [{ name, kind: 'date' | 'code' }], the fields an officer fills in. */
	fields: string;
	/** JSON: { lang: text } with {{field}} placeholders; en and zh-hans always present. */
	texts: string;
	active: Generated<number>;
	version: Generated<number>;
	created_by: string | null;
	created_at: string;
	updated_at: string;
}

export interface DeclarationAttachmentsTable {
	upload_id: string;
	declaration_id: string;
	created_at: string;
}

/** The blind index of a document a declaration named before the resident corrected it. */
export interface DeclarationFormerDocumentsTable {
	declaration_id: string;
	document_index: string;
	nationality: string;
	replaced_at: string;
}

/** An officer's free-text question or a resident's answer, linked to the task that translates it (issue 16). */
export interface DeclarationTranslationsTable {
	help_request_id: string;
	declaration_id: string;
	event_id: string;
	kind: 'question' | 'answer';
	source_lang: string;
	target_lang: string;
	translation_event_id: string | null;
	created_at: string;
	translated_at: string | null;
}

export interface Database {
	settings: SettingsTable;
	addresses: AddressesTable;
	nationality_lists: NationalityListsTable;
	watchlist: WatchlistTable;
	organisations: OrganisationsTable;
	users: UsersTable;
	sessions: SessionsTable;
	password_resets: PasswordResetsTable;
	uploads: UploadsTable;
	declarations: DeclarationsTable;
	declaration_events: DeclarationEventsTable;
	drafts: DraftsTable;
	draft_handovers: DraftHandoversTable;
	help_requests: HelpRequestsTable;
	help_messages: HelpMessagesTable;
	outbox: OutboxTable;
	audit_log: AuditLogTable;
	rate_limits: RateLimitsTable;
	login_failures: LoginFailuresTable;
	job_locks: JobLocksTable;
	list_versions: ListVersionsTable;
	question_templates: QuestionTemplatesTable;
	declaration_attachments: DeclarationAttachmentsTable;
	declaration_former_documents: DeclarationFormerDocumentsTable;
	declaration_translations: DeclarationTranslationsTable;
}
