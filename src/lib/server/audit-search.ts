import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { AuditLogTable } from './db/schema';

// Read-only queries over the audit log for the admin view; nothing here writes.

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditFilter {
	action?: string;
	actorId?: string;
	targetId?: string;
	/** YYYY-MM-DD, inclusive, UTC. */
	from?: string;
	to?: string;
	/** Rows with a smaller seq than this (the next page). */
	before?: number;
}

export async function searchAudit(db: Db, filter: AuditFilter, limit = 50): Promise<{ rows: AuditRow[]; next: number | null }> {
	let query = db
		.selectFrom('audit_log')
		.selectAll()
		.orderBy('seq', 'desc')
		.limit(limit + 1);
	if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '')}%`);
	if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
	if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
	if (filter.from) query = query.where('at', '>=', `${filter.from}T00:00:00.000Z`);
	if (filter.to) query = query.where('at', '<=', `${filter.to}T23:59:59.999Z`);
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
