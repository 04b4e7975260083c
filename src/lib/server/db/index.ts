import crypto from 'node:crypto';
import { Kysely, Migrator, sql, type MigrationProvider, type Transaction } from 'kysely';
import { migrations } from '../../../../migrations/index';
import type { Keys } from '../crypto';
import type { Database } from './schema';
import { GroupCommit, PgBatches } from './commit';
import { connect, isPostgresUrl, onQueryEvent, PG_CONNECT_TIMEOUT_MS, StartupError, type DbEnv, type DbKind } from './connect';
import { guardedDialect, insideWrite, WriteInsideWriteError } from './guard';

// The one database object. createDb makes it; start-up (app.ts) makes one per process and every
// server module takes it as its first argument. It owns the Kysely instance (Db is one: reads are
// `db.selectFrom(…)`), its kind, the keys for personal data, the audit chain's key, the clock and
// the one way to write: `db.write(async (tx) => …)`.
//
// How to write (see also src/lib/server/README.md):
// - Every change is a unit of `db.write`. Units that arrive together are run in one transaction
//   (db/commit.ts): on SQLite each in a savepoint, acknowledged once the WAL is on disk; on
//   PostgreSQL without savepoints, a failing unit's batch-mates running again on their own (so a
//   unit may run twice: its effects outside the database go after db.write).
// - Inside a unit use only its `tx`. A helper that writes takes a `Tx`, so passing the root Db is
//   a compile error; querying the root Db from inside a unit fails at once (db/guard.ts).
// - A read-only helper that may run inside or outside a unit takes a `Reader`.
// - Audit rows go in the unit that makes the change: `recordAudit(db, tx, entry)` (audit.ts).

export type { Database } from './schema';
export { ensureDataDir, isPostgresUrl, kindOf, openKysely, pgPoolSize, StartupError, type DbEnv, type DbKind } from './connect';

/** A unit's transaction. The root Db is not one (its isTransaction is not `true`). */
export type Tx = Transaction<Database>;
/** Anything that can run a query: the root Db or a unit's Tx. For helpers that only read. */
export type Reader = Kysely<Database>;

export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DbOptions {
	/** The keys for personal data at rest (crypto.ts); the audit chain's key is derived from them. */
	keys: Keys;
	/** Sessions that refuse to write (the intake workers' connections). */
	readOnly?: boolean;
	clock?: Clock;
}

/** PostgreSQL: how many batches of units may run at once, each on a pooled connection (db/commit.ts). */
const PG_WRITE_BATCHES = 4;

export class Db extends Kysely<Database> {
	readonly kind: DbKind;
	readonly keys: Keys;
	readonly clock: Clock;
	/**
	 * The audit chain's key, derived from the blind-index key (no new key material; that key never
	 * rotates, since the database's key fingerprint is taken from it). The label contains no NUL, so
	 * it cannot equal a blind-index input (`purpose\0value`).
	 */
	readonly auditKey: Buffer;
	readonly #token: object;
	readonly #commits: GroupCommit | PgBatches;

	constructor(env: DbEnv, opts: DbOptions) {
		const { kind, dialect, wal } = connect(env, opts);
		const token = {};
		super({ dialect: guardedDialect(dialect, token), log: onQueryEvent });
		this.kind = kind;
		this.keys = opts.keys;
		this.clock = opts.clock ?? systemClock;
		this.auditKey = crypto.createHmac('sha256', opts.keys.blindIndexKey).update('anju audit chain v1').digest();
		this.#token = token;
		this.#commits = wal ? new GroupCommit(this, wal, token) : new PgBatches(this, token, PG_WRITE_BATCHES);
	}

	/** The one way to write: `work` runs as one atomic unit with its own `tx` (see the top of this file). */
	write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
		if (insideWrite.getStore() === this.#token) return Promise.reject(new WriteInsideWriteError('Db.write was called'));
		return this.#commits.run(work);
	}

	/**
	 * Resolves when everything committed so far is on disk. A reader answering with data another
	 * request wrote (e.g. an idempotent repeat) waits for this. PostgreSQL shows a commit to others
	 * only after its WAL flush, so there is nothing to wait for.
	 */
	durable(): Promise<void> {
		return this.#commits instanceof GroupCommit ? this.#commits.durable() : Promise.resolve();
	}
}

export function createDb(env: DbEnv, opts: DbOptions): Db {
	return new Db(env, opts);
}

/** Fails with one clear line when the database cannot be reached. */
export async function assertReachable(db: Reader, env: DbEnv): Promise<void> {
	try {
		await sql`select 1`.execute(db);
	} catch (error) {
		const where = isPostgresUrl(env.DATABASE_URL) ? 'PostgreSQL at DATABASE_URL' : 'the SQLite database in ANJU_DATA_DIR';
		const reason = unreachableReason(error);
		throw new StartupError(`Cannot reach ${where} (${reason}): check that it is running and the URL is right.`);
	}
}

function unreachableReason(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	// pg's words for its own connect timeout; say what the operator sees instead
	if (/connection timeout|timeout exceeded when trying to connect/.test(error.message)) return `no answer within ${PG_CONNECT_TIMEOUT_MS / 1000} s`;
	// a refused dual-stack connect is an AggregateError with an empty message
	const first = error.message || (error instanceof AggregateError && error.errors[0] instanceof Error ? error.errors[0].message : '');
	return first.split('\n')[0] || (error as NodeJS.ErrnoException).code || error.name;
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The PostgreSQL schema in use (search_path), so several installs can share one database; undefined on SQLite. */
export async function currentSchema(db: Reader, kind: DbKind): Promise<string | undefined> {
	if (kind !== 'postgres') return undefined;
	const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
	return rows[0]?.schema;
}

async function migrator(db: Reader, kind: DbKind): Promise<Migrator> {
	return new Migrator({ db, provider, migrationTableSchema: await currentSchema(db, kind) });
}

export async function migrateToLatest(db: Reader, kind: DbKind): Promise<string[]> {
	const { error, results } = await (await migrator(db, kind)).migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (for /readyz). */
export async function migrationsCurrent(db: Db): Promise<boolean> {
	const list = await (await migrator(db, db.kind)).getMigrations();
	return list.every((m) => m.executedAt !== undefined);
}
