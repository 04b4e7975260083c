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
