import { sql } from 'kysely';
import { dbKind, walSync, type Db } from './index';

// Group commit for SQLite. With synchronous=FULL every commit waits for an fsync (about 3 ms
// here) on the event loop's own thread, which would cap writes at ~300 a second. Instead, units
// of work that arrive while a batch runs are run together in the next transaction, each inside
// its own savepoint so one failing unit rolls back alone. The batch commits with
// synchronous=NORMAL (its WAL frames are written, not yet synced) and is acknowledged only after
// walSync has synced the WAL on the thread pool: nothing acknowledged is lost, even on a power
// cut, and the event loop keeps taking requests (the next batch) while the disk works.
// PostgreSQL runs concurrent transactions on its pool and groups WAL flushes itself.

interface Job<T> {
	work: (trx: Db) => Promise<T>;
	resolve: (value: T) => void;
	reject: (error: unknown) => void;
}

const MAX_BATCH = 64;
const queues = new WeakMap<Db, { jobs: Job<unknown>[]; draining: boolean }>();

export function writeTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
	if (dbKind(db) !== 'sqlite') return db.transaction().execute(work);
	let queue = queues.get(db);
	if (!queue) {
		queue = { jobs: [], draining: false };
		queues.set(db, queue);
	}
	const q = queue;
	return new Promise<T>((resolve, reject) => {
		q.jobs.push({ work, resolve, reject } as Job<unknown>);
		if (!q.draining) {
			q.draining = true;
			setImmediate(() => void drain(db, q));
		}
	});
}

/**
 * Resolves when everything committed so far is on disk. A reader answering with data another
 * request wrote (e.g. an idempotent repeat) waits for this, so it never acknowledges a row that
 * its writer has not yet been allowed to acknowledge. PostgreSQL shows a commit to others only
 * after its WAL flush, so there is nothing to wait for.
 */
export function durable(db: Db): Promise<void> {
	return dbKind(db) === 'sqlite' ? walSync(db) : Promise.resolve();
}

async function drain(db: Db, queue: { jobs: Job<unknown>[]; draining: boolean }): Promise<void> {
	queue.draining = true;
	try {
		while (queue.jobs.length > 0) {
			const batch = queue.jobs.splice(0, MAX_BATCH);
			const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
			try {
				// One connection throughout, so no other statement runs while synchronous is NORMAL.
				await db.connection().execute(async (conn) => {
					await sql`pragma synchronous = normal`.execute(conn);
					try {
						// BEGIN IMMEDIATE (see the dialect in db/index.ts): the write lock is taken up front
						await conn.transaction().execute(async (trx) => {
							for (const job of batch) {
								await sql`savepoint unit`.execute(trx);
								try {
									const value = await job.work(trx);
									await sql`release unit`.execute(trx);
									outcomes.push({ ok: true, value });
								} catch (error) {
									await sql`rollback to unit`.execute(trx);
									await sql`release unit`.execute(trx);
									outcomes.push({ ok: false, error });
								}
							}
						});
					} finally {
						await sql`pragma synchronous = full`.execute(conn);
					}
				});
			} catch (error) {
				// the commit itself failed: nothing of this batch is stored
				for (const job of batch) job.reject(error);
				continue;
			}
			// Acknowledge once the WAL is on disk; the next batch does not wait for it.
			walSync(db).then(
				() => acknowledge(batch, outcomes),
				(error: unknown) => {
					for (const job of batch) job.reject(error);
				}
			);
		}
	} finally {
		queue.draining = false;
	}
}

function acknowledge(batch: Job<unknown>[], outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[]): void {
	batch.forEach((job, i) => {
		const outcome = outcomes[i];
		if (outcome.ok) job.resolve(outcome.value);
		else job.reject(outcome.error);
	});
}
