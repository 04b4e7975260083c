import { sql } from 'kysely';
import { dbKind, type Db } from './index';

// Group commit for SQLite. With synchronous=FULL every commit waits for an fsync (about 3 ms
// here), which would cap writes at ~300 a second. Units of work that arrive while one commit is
// in flight are run together in the next transaction, each inside its own savepoint so one
// failing unit rolls back alone, and all are acknowledged only after that single commit is on
// disk: nothing acknowledged is lost, and throughput no longer depends on fsync latency.
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
		if (!q.draining) void drain(db, q);
	});
}

async function drain(db: Db, queue: { jobs: Job<unknown>[]; draining: boolean }): Promise<void> {
	queue.draining = true;
	try {
		while (queue.jobs.length > 0) {
			const batch = queue.jobs.splice(0, MAX_BATCH);
			const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
			try {
				await db.transaction().execute(async (trx) => {
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
			} catch (error) {
				// the commit itself failed: nothing of this batch is stored
				for (const job of batch) job.reject(error);
				continue;
			}
			batch.forEach((job, i) => {
				const outcome = outcomes[i];
				if (outcome.ok) job.resolve(outcome.value);
				else job.reject(outcome.error);
			});
		}
	} finally {
		queue.draining = false;
	}
}
