import type { Selectable } from 'kysely';
import type { Db, Reader } from './db';
import type { AuditLogTable } from './db/schema';
import { normaliseReference } from './ids';
import { normaliseEmail } from './users';

// Read-only queries over the audit log for the admin view; nothing here writes. Rows hold ids and
// codes only (never an e-mail or a reference), so a search by e-mail or reference is first turned
// into the ids it stands for, the way sign-in finds an account and status look-up a declaration.

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditFilter {
	action?: string;
	actorId?: string;
	/** Rows done by this account or about it (`target_type` user). */
	personId?: string;
	/** Rows about any of these records. */
	targetIds?: string[];
	/** YYYY-MM-DD, inclusive, whole Asia/Shanghai days. */
	from?: string;
	to?: string;
	/** Rows with a smaller seq than this (the next page). */
	before?: number;
}

/** A Shanghai calendar day's first or last instant, in UTC ISO text as `at` is stored. */
function shanghaiBound(date: string, end: boolean): string {
	const ms = Date.parse(`${date}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00`);
	return new Date(ms).toISOString();
}

export async function searchAudit(db: Db, filter: AuditFilter, limit = 50): Promise<{ rows: AuditRow[]; next: number | null }> {
	let query = db
		.selectFrom('audit_log')
		.selectAll()
		.orderBy('seq', 'desc')
		.limit(limit + 1);
	if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`);
	if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
	if (filter.personId) {
		const id = filter.personId;
		query = query.where((eb) => eb.or([eb('actor_id', '=', id), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', id)])]));
	}
	if (filter.targetIds?.length) query = query.where('target_id', 'in', filter.targetIds);
	if (filter.from) query = query.where('at', '>=', shanghaiBound(filter.from, false));
	if (filter.to) query = query.where('at', '<=', shanghaiBound(filter.to, true));
	if (filter.before) query = query.where('seq', '<', filter.before);
	const rows = await query.execute();
	const more = rows.length > limit;
	const page = rows.slice(0, limit);
	return { rows: page, next: more ? page[page.length - 1].seq : null };
}

/** The distinct actions recorded so far, for the filter's choices. */
export async function auditActions(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
	return rows.map((r) => r.action);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
// the reference alphabet (no I, O, 0, 1) after normalisation: "jb 7kq4 m2xd" → JB-7KQ4-M2XD
const REFERENCE = /^(JB|HR)-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

export type PersonQuery = { ok: true; personId?: string; actorId?: string } | { ok: false; reason: 'unknown_email' | 'invalid' };

/**
 * The person filter: an e-mail address finds the account (rows it did or that are about it);
 * anything else must be an account id (the links in the table), matched as the actor.
 */
export async function auditPerson(db: Reader, text: string): Promise<PersonQuery> {
	const value = text.trim();
	if (!value) return { ok: true };
	if (value.includes('@')) {
		if (!EMAIL.test(value) || value.length > 254) return { ok: false, reason: 'invalid' };
		const user = await db.selectFrom('users').select('id').where('email', '=', normaliseEmail(value)).executeTakeFirst();
		return user ? { ok: true, personId: user.id } : { ok: false, reason: 'unknown_email' };
	}
	return ID.test(value) ? { ok: true, actorId: value } : { ok: false, reason: 'invalid' };
}

export type RecordQuery = { ok: true; targetIds?: string[] } | { ok: false; reason: 'reference_malformed' | 'reference_unknown' | 'invalid' };

/**
 * The record filter: a declaration reference (JB-…) finds the declaration's rows and those of the help
 * requests linked to it; a help-request reference (HR-…) that request's rows; anything else is a record
 * id. Ids are ULIDs, which never start with JB or HR, so text that does is a reference, and a malformed
 * one is told apart from an unknown one.
 */
export async function auditRecord(db: Reader, text: string): Promise<RecordQuery> {
	const value = text.trim();
	if (!value) return { ok: true };
	const reference = normaliseReference(value);
	if (/^(JB|HR)/.test(reference)) {
		if (!REFERENCE.test(reference)) return { ok: false, reason: 'reference_malformed' };
		if (reference.startsWith('JB')) {
			const declaration = await db.selectFrom('declarations').select('id').where('reference', '=', reference).executeTakeFirst();
			if (!declaration) return { ok: false, reason: 'reference_unknown' };
			const help = await db.selectFrom('help_requests').select('id').where('declaration_id', '=', declaration.id).execute();
			return { ok: true, targetIds: [declaration.id, ...help.map((h) => h.id)] };
		}
		const request = await db.selectFrom('help_requests').select('id').where('reference', '=', reference).executeTakeFirst();
		return request ? { ok: true, targetIds: [request.id] } : { ok: false, reason: 'reference_unknown' };
	}
	return ID.test(value) ? { ok: true, targetIds: [value] } : { ok: false, reason: 'invalid' };
}
