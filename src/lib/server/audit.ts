import crypto from 'node:crypto';
import { sql } from 'kysely';
import { dbKind, type Db } from './db';

// Append-only, hash-chained audit log: each row carries the SHA-256 of the previous row's hash
// and its own content, so editing or deleting any row breaks the chain (`npm run audit:verify`).
// Nothing in the code base updates or deletes audit rows.

export interface AuditEntry {
	actorId: string | null;
	actorRole: string | null;
	action: string;
	targetType?: string | null;
	targetId?: string | null;
	ip?: string | null;
	/** Ids, codes and counts only: never personal data. */
	details?: Record<string, unknown>;
	at?: Date;
}

const GENESIS = '0'.repeat(64);

interface ChainRow {
	seq: number;
	at: string;
	actor_id: string | null;
	actor_role: string | null;
	action: string;
	target_type: string | null;
	target_id: string | null;
	ip: string | null;
	details: string;
	prev_hash: string;
}

export function rowHash(row: ChainRow): string {
	const canonical = JSON.stringify([
		row.seq, row.at, row.actor_id, row.actor_role, row.action, row.target_type, row.target_id, row.ip, row.details, row.prev_hash
	]);
	return crypto.createHash('sha256').update(canonical).digest('hex');
}

/** Appends one row. Pass the caller's transaction so the audit row commits with the change it records. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
	const write = async (trx: Db) => {
		if (dbKind(db) === 'postgres') await sql`select pg_advisory_xact_lock(7262837)`.execute(trx);
		const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
		const row: ChainRow = {
			seq: (last?.seq ?? 0) + 1,
			at: (entry.at ?? new Date()).toISOString(),
			actor_id: entry.actorId,
			actor_role: entry.actorRole,
			action: entry.action,
			target_type: entry.targetType ?? null,
			target_id: entry.targetId ?? null,
			ip: entry.ip ?? null,
			details: JSON.stringify(entry.details ?? {}),
			prev_hash: last?.hash ?? GENESIS
		};
		await trx.insertInto('audit_log').values({ ...row, hash: rowHash(row) }).execute();
	};
	if (db.isTransaction) await write(db);
	else await db.transaction().execute(write);
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string };

/** Walks the chain in order and names the first row whose hash or link does not hold. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
	let prev = GENESIS;
	let expectedSeq = 1;
	let rows = 0;
	const pageSize = 5000;
	for (;;) {
		const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
		for (const row of page) {
			rows++;
			if (row.seq !== expectedSeq) return { ok: false, rows, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing` };
			if (row.prev_hash !== prev) return { ok: false, rows, brokenAt: row.seq, reason: 'does not link to the previous row' };
			if (rowHash(row) !== row.hash) return { ok: false, rows, brokenAt: row.seq, reason: 'its content was changed' };
			prev = row.hash;
			expectedSeq++;
		}
		if (page.length < pageSize) return { ok: true, rows };
	}
}
