import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';
import type { WalFile } from './connect';
import { insideWrite } from './guard';

// Group commit for SQLite. With synchronous=FULL every commit waits for an fsync (about 3 ms
// here) on the event loop's own thread, which would cap writes at ~300 a second. Instead, units
// of work that arrive while a batch runs are run together in the next transaction, each inside
// its own savepoint so one failing unit rolls back alone. The batch commits with
// synchronous=NORMAL (its WAL frames are written, not yet synced) and is acknowledged only after
// the WAL has been synced on the thread pool: nothing acknowledged is lost, even on a power
// cut, and the event loop keeps taking requests (the next batch) while the disk works.
// PostgreSQL runs concurrent transactions on its pool and groups WAL flushes itself.

interface Job<T> {
	work: (tx: Transaction<Database>) => Promise<T>;
	resolve: (value: T) => void;
	reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const MAX_BATCH = 64;

/** The SQLite write queue of one database (Db.write uses it; nothing else should). */
export class GroupCommit {
	#jobs: Job<unknown>[] = [];
	#draining = false;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly wal: WalFile,
		private readonly token: object
	) {}

	run<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#jobs.push({ work, resolve, reject } as Job<unknown>);
			if (!this.#draining) {
				this.#draining = true;
				setImmediate(() => void this.#drain());
			}
		});
	}

	/**
	 * Resolves when everything committed so far is on disk. A reader answering with data another
	 * request wrote (e.g. an idempotent repeat) waits for this, so it never acknowledges a row that
	 * its writer has not yet been allowed to acknowledge.
	 */
	durable(): Promise<void> {
		return this.wal.sync();
	}

	async #drain(): Promise<void> {
		this.#draining = true;
		try {
			while (this.#jobs.length > 0) {
				const batch = this.#jobs.splice(0, MAX_BATCH);
				const outcomes: Outcome[] = [];
				try {
					await this.#commit(batch, outcomes);
				} catch (error) {
					// the commit itself failed: nothing of this batch is stored
					for (const job of batch) job.reject(error);
					continue;
				}
				// Acknowledge once the WAL is on disk; the next batch does not wait for it.
				this.wal.sync().then(
					() => acknowledge(batch, outcomes),
					(error: unknown) => {
						for (const job of batch) job.reject(error);
					}
				);
			}
		} finally {
			this.#draining = false;
		}
	}

	async #commit(batch: Job<unknown>[], outcomes: Outcome[]): Promise<void> {
		// set when SQLite has rolled the whole transaction back itself: the reason the batch is lost
		let lost: { error: unknown } | undefined;
		// One connection throughout, so no other statement runs while synchronous is NORMAL.
		await this.db.connection().execute(async (conn) => {
			await sql`pragma synchronous = normal`.execute(conn);
			try {
				// BEGIN IMMEDIATE (see the dialect in db/connect.ts): the write lock is taken up front
				await conn
					.transaction()
					.execute(async (tx) => {
						for (const job of batch) {
							await sql`savepoint unit`.execute(tx);
							try {
								const value = await insideWrite.run(this.token, () => job.work(tx));
								await sql`release unit`.execute(tx);
								outcomes.push({ ok: true, value });
							} catch (error) {
								try {
									await sql`rollback to unit`.execute(tx);
									await sql`release unit`.execute(tx);
								} catch {
									// SQLite rolled the whole transaction back itself (it may on SQLITE_FULL or an I/O
									// error): the batch is lost, and this unit's error says why
									lost = { error };
									throw error;
								}
								outcomes.push({ ok: false, error });
							}
						}
					})
					.catch((error: unknown) => {
						// Kysely's own ROLLBACK of a transaction SQLite already ended fails too: report the cause
						throw lost ? lost.error : error;
					});
			} finally {
				await sql`pragma synchronous = full`.execute(conn);
			}
		});
	}
}

function acknowledge(batch: Job<unknown>[], outcomes: Outcome[]): void {
	batch.forEach((job, i) => {
		const outcome = outcomes[i];
		if (outcome.ok) job.resolve(outcome.value);
		else job.reject(outcome.error);
	});
}

/**
 * The PostgreSQL write queue of one database. Each transaction costs PostgreSQL a BEGIN, a COMMIT
 * and a WAL flush, and the app two round trips more, which outweigh a submission's one statement.
 * So units that arrive while earlier ones run are run together in one transaction (at most
 * `concurrency` such batches at once, each on its own pooled connection). There are no savepoints
 * (each would cost two round trips more): when a unit fails, its batch is rolled back and each of
 * its units runs again in a transaction of its own, so one unit's failure never fails another.
 * A unit may therefore run twice; its effects outside the database belong after Db.write. And a
 * unit must never catch a database error and go on: PostgreSQL has then aborted the shared
 * transaction, whose COMMIT becomes a ROLLBACK for every unit in it (SQLite's savepoints would
 * hide this).
 */
export class PgBatches {
	#jobs: Job<unknown>[] = [];
	#running = 0;
	#scheduled = false;

	constructor(
		private readonly db: Kysely<Database>,
		private readonly token: object,
		private readonly concurrency: number
	) {}

	run<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#jobs.push({ work, resolve, reject } as Job<unknown>);
			// units of the same turn of the event loop go together
			if (!this.#scheduled) {
				this.#scheduled = true;
				setImmediate(() => {
					this.#scheduled = false;
					this.#start();
				});
			}
		});
	}

	#start(): void {
		while (this.#running < this.concurrency && this.#jobs.length > 0) {
			const batch = this.#jobs.splice(0, MAX_BATCH);
			this.#running++;
			void this.#batch(batch).finally(() => {
				this.#running--;
				this.#start();
			});
		}
	}

	async #batch(batch: Job<unknown>[]): Promise<void> {
		if (batch.length === 1) return this.#alone(batch[0]);
		let unitFailed = false;
		let values: unknown[];
		try {
			values = await this.db.transaction().execute(async (tx) => {
				const out: unknown[] = [];
				for (const job of batch) {
					try {
						out.push(await insideWrite.run(this.token, () => job.work(tx)));
					} catch (error) {
						unitFailed = true;
						throw error;
					}
				}
				return out;
			});
		} catch (error) {
			// A unit failed: nothing of the batch is stored; each unit runs again on its own. The
			// commit itself failed: as for a unit alone, its outcome is this error.
			// One after another: all at once they would queue for the pool's few connections (and
			// the audit chain's lock) and could time out, failing units that did nothing wrong.
			if (unitFailed) for (const job of batch) await this.#alone(job);
			else for (const job of batch) job.reject(error);
			return;
		}
		batch.forEach((job, i) => job.resolve(values[i]));
	}

	async #alone(job: Job<unknown>): Promise<void> {
		try {
			job.resolve(await this.db.transaction().execute((tx) => insideWrite.run(this.token, () => job.work(tx))));
		} catch (error) {
			job.reject(error);
		}
	}
}
