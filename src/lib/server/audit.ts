import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from './db';
import type { AuditLogTable } from './db/schema';

// Append-only, hash-chained audit log: each row carries an HMAC-SHA-256, under a key derived from
// the key file, of the previous row's hash and its own content, so editing or deleting any row
// breaks the chain (`npm run audit:verify`). The key is not in the database: whoever can write to
// the database but lacks the key file cannot recompute the hashes after a row they changed.
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

/** The columns the chain's hash covers: every column but the hash itself. */
type ChainRow = Omit<Selectable<AuditLogTable>, 'hash'>;

function canonical(row: ChainRow): string {
	return JSON.stringify([row.seq, row.at, row.actor_id, row.actor_role, row.action, row.target_type, row.target_id, row.ip, row.details, row.prev_hash]);
}

function rowHash(key: Buffer, row: ChainRow): string {
	return crypto.createHmac('sha256', key).update(canonical(row)).digest('hex');
}

/**
 * Appends one row in the caller's unit of work, so the row commits with the change it records.
 * The chain's key is the database's (Db.auditKey).
 */
export async function recordAudit(db: Db, tx: Tx, entry: AuditEntry): Promise<void> {
	// serialises writers across transactions and processes; on SQLite the write lock already does
	if (db.kind === 'postgres') await sql`select pg_advisory_xact_lock(7262837)`.execute(tx);
	const last = await tx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
	const row: ChainRow = {
		seq: (last?.seq ?? 0) + 1,
		at: (entry.at ?? db.clock.now()).toISOString(),
		actor_id: entry.actorId,
		actor_role: entry.actorRole,
		action: entry.action,
		target_type: entry.targetType ?? null,
		target_id: entry.targetId ?? null,
		ip: entry.ip ?? null,
		details: JSON.stringify(entry.details ?? {}),
		prev_hash: last?.hash ?? GENESIS
	};
	await tx
		.insertInto('audit_log')
		.values({ ...row, hash: rowHash(db.auditKey, row) })
		.execute();
}

/** Appends one row in a write of its own: for what changes nothing else (a staff view, a sign-in). */
export function recordAuditAlone(db: Db, entry: AuditEntry): Promise<void> {
	return db.write((tx) => recordAudit(db, tx, entry));
}

/** The newest row of a chain that verified; an operator keeps it outside the database (see README). */
export interface ChainHead {
	seq: number;
	hash: string;
}

export type ChainCheck = { ok: true; rows: number; last: ChainHead | null } | { ok: false; rows: number; brokenAt: number; reason: string };

/**
 * Walks the chain in order and names the first row whose hash or link does not hold. With `kept`
 * (a head recorded earlier), also fails when that row is gone or differs: the only way to notice
 * rows cut off the end of the log, which leaves a shorter chain that is intact in itself.
 */
export async function verifyAuditChain(db: Db, kept?: ChainHead): Promise<ChainCheck> {
	const key = db.auditKey;
	let prev = GENESIS;
	let expectedSeq = 1;
	let rows = 0;
	let last: ChainHead | null = null;
	let keptSeen = false;
	const pageSize = 5000;
	for (;;) {
		const page = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute();
		for (const row of page) {
			rows++;
			if (row.seq !== expectedSeq) return { ok: false, rows, brokenAt: expectedSeq, reason: `row ${expectedSeq} is missing` };
			if (row.prev_hash !== prev) return { ok: false, rows, brokenAt: row.seq, reason: 'does not link to the previous row' };
			if (rowHash(key, row) !== row.hash) return { ok: false, rows, brokenAt: row.seq, reason: mismatch(row) };
			if (kept && row.seq === kept.seq) {
				if (row.hash !== kept.hash) return { ok: false, rows, brokenAt: row.seq, reason: `its hash is not the one kept outside the database (${kept.hash})` };
				keptSeen = true;
			}
			prev = row.hash;
			last = { seq: row.seq, hash: row.hash };
			expectedSeq++;
		}
		if (page.length < pageSize) break;
	}
	if (kept && !keptSeen) return { ok: false, rows, brokenAt: kept.seq, reason: `the log ends at row ${last?.seq ?? 0}: rows up to ${kept.seq}, kept outside the database, were cut off` };
	return { ok: true, rows, last };
}

function mismatch(row: ChainRow & { hash: string }): string {
	const unkeyed = crypto.createHash('sha256').update(canonical(row)).digest('hex') === row.hash;
	return unkeyed
		? 'its hash was computed without the audit key (rewritten by someone without the key file, or written before the chain was keyed)'
		: 'its content was changed, or it was hashed with another key file';
}
