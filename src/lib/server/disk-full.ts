import { log } from './log';

// A database write that failed for lack of space: SQLite's SQLITE_FULL, the system's ENOSPC,
// PostgreSQL's 53100 (disk_full). Recorded here from every query's error (db/index.ts), so that
// /readyz answers 503 and the log says so plainly instead of each request failing on its own.

const NO_SPACE = new Set(['SQLITE_FULL', 'ENOSPC', '53100']);
/** How long readiness stays down after the last such failure. */
export const DISK_FULL_HOLD_MS = 60_000;
const LOG_EVERY_MS = 10_000;

let lastFull = 0;
/** When each kind of failure was last logged: one line per kind every 10 s at most. */
const lastLogged = new Map<string, number>();

export function noteQueryError(error: unknown): void {
	const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
	if (typeof code !== 'string' || !NO_SPACE.has(code)) return;
	const now = Date.now();
	lastFull = now;
	if (now - (lastLogged.get(code) ?? -Infinity) >= LOG_EVERY_MS) {
		lastLogged.set(code, now);
		log.error({ code }, 'disk full: a database write failed for lack of space; free space on the database volume (/readyz answers 503 until writes succeed again)');
	}
}

/** Whether a write failed for lack of space within the last minute. */
export function diskFull(now = Date.now()): boolean {
	return lastFull > 0 && now - lastFull < DISK_FULL_HOLD_MS;
}
