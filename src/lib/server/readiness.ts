import { sql } from 'kysely';
import { migrationsCurrent, type Db } from './db';
import { diskFull } from './disk-full';

export type Readiness = { ok: true } | { ok: false; reasons: string[] };

const TIMEOUT_MS = 2_000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

/** Database reachable, every migration applied, the current encryption key loaded, no write refused for lack of space in the last minute. Reasons name no secrets. */
export async function readiness(db: Db): Promise<Readiness> {
	const reasons: string[] = [];
	try {
		await within(sql`select 1`.execute(db), TIMEOUT_MS);
		try {
			if (!(await within(migrationsCurrent(db), TIMEOUT_MS))) reasons.push('migrations pending');
		} catch {
			reasons.push('migrations cannot be read');
		}
	} catch {
		reasons.push('database unreachable');
	}
	if (!db.keys.encryption.has(db.keys.currentId)) reasons.push('encryption keys not loaded');
	if (diskFull()) reasons.push('disk full: a write failed for lack of space');
	return reasons.length ? { ok: false, reasons } : { ok: true };
}
