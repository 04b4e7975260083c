import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from './db';
import { decryptBuffer, encrypt, keyIdOf, newKeyId, parseKeyFile, writeKeyFile, type KeyFile, type Keys } from './crypto';
import { log } from './log';

// Key rotation without downtime. `keys:rotate` adds a key to the key file (older keys stay, so
// everything stays readable) and makes it current; running processes notice the changed file
// within a reload period and encrypt new records with it. `keys:reencrypt` then moves every
// encrypted value to the current key in small batches, one transaction each, skipping what is
// already there, so it can be stopped and started again at any time while the app runs.

export const KEY_RELOAD_MS = 30_000;

/** Adds a new AES-256 key; makes it current unless `staged` (for several machines: stage, copy the file everywhere, then activate). */
export function rotateKeyFile(file: string, opts: { staged?: boolean } = {}): { id: string; current: string } {
	const keyFile = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
	const id = newKeyId();
	keyFile.encryption.push({ id, key: crypto.randomBytes(32).toString('base64'), createdAt: new Date().toISOString() });
	if (!opts.staged) keyFile.current = id;
	parseKeyFile(keyFile);
	writeKeyFile(file, keyFile);
	return { id, current: keyFile.current };
}

/** Makes the newest key current (the second step after `rotateKeyFile(file, { staged: true })`). */
export function activateNewestKey(file: string): string {
	const keyFile = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
	keyFile.current = keyFile.encryption[keyFile.encryption.length - 1].id;
	writeKeyFile(file, keyFile);
	return keyFile.current;
}

/**
 * Brings a running process's keys up to date with the file: new keys added, the current one
 * switched. Keys are never dropped from a running process, and a file with another blind-index
 * key (a different install) is ignored. True when something changed.
 */
export function reloadKeys(keys: Keys, file: string): boolean {
	let fresh: Keys;
	try {
		fresh = parseKeyFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile);
	} catch {
		return false; // half-copied or broken: keep what works
	}
	if (fresh.fingerprint !== keys.fingerprint) return false;
	let changed = false;
	for (const [id, key] of fresh.encryption) {
		if (!keys.encryption.has(id)) {
			keys.encryption.set(id, key);
			changed = true;
		}
	}
	if (keys.currentId !== fresh.currentId) {
		keys.currentId = fresh.currentId;
		changed = true;
	}
	return changed;
}

/** Re-reads the key file when it changes; the timer does not keep the process alive. */
export function watchKeyFile(keys: Keys, file: string, everyMs = KEY_RELOAD_MS): () => void {
	let seen = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
	// on demand too (an unknown key id met while decrypting), at most once a second
	let lastDemand = 0;
	keys.reload = () => {
		const now = Date.now();
		if (now - lastDemand < 1_000) return false;
		lastDemand = now;
		return reloadKeys(keys, file);
	};
	const timer = setInterval(() => {
		try {
			const mtime = fs.statSync(file).mtimeMs;
			if (mtime === seen) return;
			seen = mtime;
			if (reloadKeys(keys, file)) log.info({ current: keys.currentId, keys: keys.encryption.size }, 'key file reloaded');
		} catch {
			/* the file is being replaced: next time */
		}
	}, everyMs);
	timer.unref();
	return () => clearInterval(timer);
}

/** Every encrypted column, with the AAD its module binds it to (they must match those modules exactly). */
export const ENCRYPTED_COLUMNS = [
	{ table: 'declarations', column: 'snapshot', aad: (r: Row) => `declarations.snapshot:${r.id}` },
	{ table: 'declaration_events', column: 'data', extra: 'declaration_id', aad: (r: Row) => `declaration_events:${r.extra}` },
	{ table: 'uploads', column: 'data', aad: (r: Row) => `uploads:${r.id}` },
	{ table: 'drafts', column: 'data', aad: (r: Row) => `drafts:${r.id}` },
	{ table: 'help_requests', column: 'contact', aad: (r: Row) => `help_requests.contact:${r.id}` },
	{ table: 'help_requests', column: 'note', aad: (r: Row) => `help_requests.note:${r.id}` },
	{ table: 'help_requests', column: 'schedule_details', aad: (r: Row) => `help_requests.schedule:${r.id}` },
	{ table: 'help_messages', column: 'body', extra: 'help_request_id', aad: (r: Row) => `help_messages:${r.extra}` },
	{ table: 'outbox', column: 'recipient', aad: (r: Row) => `outbox:${r.id}:recipient` },
	{ table: 'outbox', column: 'subject', aad: (r: Row) => `outbox:${r.id}:subject` },
	{ table: 'outbox', column: 'body', aad: (r: Row) => `outbox:${r.id}:body` },
	{ table: 'watchlist', column: 'document', aad: (r: Row) => `watchlist:${r.id}` }
] as const;

interface Row {
	id: string;
	value: string;
	extra?: string;
}

export type ReencryptReport = Record<string, number>;

/**
 * Moves every value encrypted under another key id to the current key. Each batch is one
 * transaction, and each row is written only if its value is still the one read (a concurrent
 * change wins; the next run picks it up if needed). Values that are not ciphertext ('v1.'…),
 * such as anonymised snapshots and clear event data, are left alone.
 */
export async function reencryptAll(db: Db, opts: { batch?: number; onBatch?: (table: string, column: string, n: number) => void } = {}): Promise<ReencryptReport> {
	const { keys } = db;
	const batchSize = opts.batch ?? 200;
	const report: ReencryptReport = {};
	const current = `v1.${keys.currentId}.%`;
	for (const spec of ENCRYPTED_COLUMNS) {
		const name = `${spec.table}.${spec.column}`;
		report[name] = 0;
		const extra = 'extra' in spec ? spec.extra : null;
		let after = '';
		for (;;) {
			// keyset pagination by id: a row that cannot be moved (unknown key) is not met again
			const { rows } = await sql<Row>`
				select id, ${sql.ref(spec.column)} as value${extra ? sql`, ${sql.ref(extra)} as extra` : sql``}
				from ${sql.table(spec.table)}
				where ${sql.ref(spec.column)} like 'v1.%' and ${sql.ref(spec.column)} not like ${current} and id > ${after}
				order by id limit ${batchSize}`.execute(db);
			if (rows.length === 0) break;
			after = rows[rows.length - 1].id;
			const moved = await db.write(async (trx) => {
				let n = 0;
				for (const row of rows) {
					if (!keys.encryption.has(keyIdOf(row.value))) {
						log.warn({ table: spec.table, column: spec.column, id: row.id, keyId: keyIdOf(row.value) }, 'value under an unknown key left as it is');
						continue;
					}
					const aad = spec.aad(row);
					const value = encrypt(keys, decryptBuffer(keys, row.value, aad), aad);
					const result = await sql`update ${sql.table(spec.table)} set ${sql.ref(spec.column)} = ${value} where id = ${row.id} and ${sql.ref(spec.column)} = ${row.value}`.execute(trx);
					n += Number(result.numAffectedRows ?? 0);
				}
				return n;
			});
			report[name] += moved;
			opts.onBatch?.(spec.table, spec.column, moved);
		}
	}
	return report;
}

/** How many values each key id still encrypts, over every encrypted column. */
export async function keyUsage(db: Db): Promise<Record<string, number>> {
	const usage: Record<string, number> = {};
	for (const spec of ENCRYPTED_COLUMNS) {
		const { rows } = await sql<{ value: string }>`select substr(${sql.ref(spec.column)}, 1, 40) as value from ${sql.table(spec.table)} where ${sql.ref(spec.column)} like 'v1.%'`.execute(db);
		for (const r of rows) usage[keyIdOf(r.value)] = (usage[keyIdOf(r.value)] ?? 0) + 1;
	}
	return usage;
}
