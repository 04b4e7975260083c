import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
	CompiledQuery,
	Kysely,
	PostgresDialect,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type LogEvent,
	type SqliteDatabase,
	type SqliteDialectConfig
} from 'kysely';
import { noteQueryError } from '../disk-full';

import type { Database } from './schema';

// How Anju reaches its database: the dialect for SQLite (begun IMMEDIATE, prepared statements
// cached, the WAL synced by us) or PostgreSQL (a pool with a connect timeout). Only db/index.ts
// uses this; everything else gets the Db object it makes.

export interface DbEnv {
	DATABASE_URL?: string;
	ANJU_DATA_DIR?: string;
	/** Connections per PostgreSQL pool (default 10). */
	ANJU_PG_POOL?: string;
}

export type DbKind = 'sqlite' | 'postgres';

/** A start-up problem the operator can fix; its message is the one line printed. */
export class StartupError extends Error {}

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The database the environment names: PostgreSQL when DATABASE_URL is a postgres URL, else SQLite. */
export function kindOf(env: DbEnv): DbKind {
	return isPostgresUrl(env.DATABASE_URL) ? 'postgres' : 'sqlite';
}

/** The data directory, created when missing; a clear StartupError when it cannot be written. */
export function ensureDataDir(env: DbEnv): string {
	const dir = path.resolve(env.ANJU_DATA_DIR || './data');
	try {
		fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
		fs.accessSync(dir, fs.constants.W_OK);
	} catch {
		throw new StartupError(`ANJU_DATA_DIR ${dir} cannot be created or written: create it and give this user write access, or point ANJU_DATA_DIR elsewhere.`);
	}
	return dir;
}

export const PG_CONNECT_TIMEOUT_MS = 5_000;

/** Every failed query: a full disk is noted for /readyz (disk-full.ts). */
export function onQueryEvent(event: LogEvent): void {
	if (event.level === 'error') noteQueryError(event.error);
}

/** Connections per PostgreSQL pool: the main thread's and each intake worker's (ANJU_PG_POOL). */
export function pgPoolSize(env: { ANJU_PG_POOL?: string }): number {
	const n = Number(env.ANJU_PG_POOL);
	return Number.isInteger(n) && n > 0 ? n : 10;
}

export interface Connection {
	kind: DbKind;
	dialect: Dialect;
	/** SQLite only: the write-ahead log, synced by the group commit. */
	wal?: WalFile;
}

/** readOnly: sessions that refuse to write (the intake workers' connections). */
export function connect(env: DbEnv, opts: { readOnly?: boolean } = {}): Connection {
	if (kindOf(env) === 'postgres') {
		// Without a connect timeout a firewalled host (packets dropped, no refusal) stalls every
		// connection attempt, start-up included, for the operating system's TCP timeout: minutes.
		const pool = new pg.Pool({ connectionString: env.DATABASE_URL as string, max: pgPoolSize(env), connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS, Client: PreparingClient });
		// An idle client losing its connection must not take the process down.
		pool.on('error', () => {});
		// queued on the client before any query of the pool's user, so it runs first
		if (opts.readOnly) pool.on('connect', (client) => void client.query('set default_transaction_read_only = on').catch(() => {}));
		return { kind: 'postgres', dialect: new PostgresDialect({ pool }) };
	}
	const file = path.join(ensureDataDir(env), 'anju.sqlite');
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	// FULL: a commit acknowledged to a resident survives a power cut, not only a process crash.
	// (The group commit of db/commit.ts syncs the WAL itself, off the main thread: see WalFile.)
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const wal = new WalFile(`${file}-wal`);
	return { kind: 'sqlite', dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, () => wal.close()) }), wal };
}

const PREPARED_PER_CONNECTION = 200;

/**
 * A PostgreSQL connection that prepares each query it is given with parameters once, under a name
 * of its own, and then only binds and executes it: PostgreSQL parses and plans an unnamed query
 * afresh every time, and for a submission's queries that costs several times what running them
 * does. Kysely gives the same text for the same query, so the queries of the app's code paths are
 * a small set; past PREPARED_PER_CONNECTION distinct texts (e.g. IN lists of many lengths), new
 * ones run unnamed. Queries without parameters (DDL, migrations, `select 1`) always run unnamed,
 * and so does any text with a `*` (`select *`, `returning *`): a statement prepared before a
 * migration added a column would fail afterwards ("cached plan must not change result type") on
 * every connection that outlives the migration (another process in a rolling deploy), while a
 * query naming its columns keeps working.
 * (A pooler in front of PostgreSQL must support protocol-level prepared statements, as PgBouncer
 * does since 1.21 with max_prepared_statements set, or run in session mode.)
 */
class PreparingClient extends pg.Client {
	#names = new Map<string, string>();

	// pg's query() has many overloads; Kysely calls query(text, values) and query(cursor).
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards every overload of pg's query() unchanged
	override query(...args: any[]): any {
		const [text, values] = args as [unknown, unknown];
		if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length === 2 && !text.includes('*')) {
			let name = this.#names.get(text);
			if (!name && this.#names.size < PREPARED_PER_CONNECTION) {
				name = `anju_${this.#names.size + 1}`;
				this.#names.set(text, name);
			}
			if (name) return super.query({ name, text, values });
		}
		return (super.query as (...a: unknown[]) => unknown)(...args);
	}
}

/** A plain Kysely on the database, for start-up checks and migrations that need no keys. */
export function openKysely(env: DbEnv): Kysely<Database> {
	return new Kysely<Database>({ dialect: connect(env).dialect, log: onQueryEvent });
}

/**
 * Kysely's SQLite transactions, begun IMMEDIATE: the write lock is taken at BEGIN (waiting up to
 * busy_timeout for another connection, e.g. `keys:reencrypt` in another process). A deferred
 * transaction that reads first and then writes fails at once (SQLITE_BUSY_SNAPSHOT, no waiting)
 * if another connection committed in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class ImmediateSqliteDialect extends SqliteDialect {
	constructor(private readonly settings: SqliteDialectConfig) {
		super(settings);
	}
	override createDriver(): Driver {
		return new ImmediateSqliteDriver(this.settings);
	}
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing is a tenth of a submission's time. The same SQL
 * text gets the same prepared statement (better-sqlite3 re-prepares it by itself after a schema
 * change). Safe because every statement runs to completion synchronously (all/run); nothing here
 * streams with iterate(), which would hold a statement open across awaits.
 */
function withStatementCache(sqlite: SQLite.Database, onClose: () => void): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	return {
		prepare(text: string) {
			let statement = statements.get(text);
			if (!statement) {
				if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
				statement = sqlite.prepare(text);
				statements.set(text, statement);
			}
			return statement;
		},
		close() {
			statements.clear();
			onClose();
			sqlite.close();
		}
	};
}

/**
 * The SQLite write-ahead log, synced by us. A commit made with synchronous=NORMAL writes its
 * frames to the WAL without waiting for the disk; one fdatasync of the WAL afterwards makes them
 * as durable as synchronous=FULL would have, and it runs on libuv's thread pool, so the event
 * loop keeps serving while the disk works. Callers that ask while a sync is running share the
 * next one (whose start follows their commit), so a burst of commits costs two syncs, not one each.
 */
export class WalFile {
	#handle: Promise<fs.promises.FileHandle> | undefined;
	#running: Promise<void> | undefined;
	#queued: Promise<void> | undefined;
	constructor(readonly file: string) {}

	sync(): Promise<void> {
		if (this.#queued) return this.#queued;
		if (!this.#running) return this.#start();
		const queued = this.#running
			.catch(() => {})
			.then(() => {
				this.#queued = undefined;
				return this.#start();
			});
		this.#queued = queued;
		return queued;
	}

	#start(): Promise<void> {
		const opening = (this.#handle ??= fs.promises.open(this.file, 'r'));
		const running: Promise<void> = opening
			.then(
				(h) => h.datasync().catch(syncFailed),
				(error: unknown) => {
					// could not open the WAL (yet): try again on the next sync; this batch is not acknowledged
					if (this.#handle === opening) this.#handle = undefined;
					throw error;
				}
			)
			.finally(() => {
				if (this.#running === running) this.#running = undefined;
			});
		this.#running = running;
		return running;
	}

	close(): void {
		void this.#handle?.then((h) => h.close()).catch(() => {});
		this.#handle = undefined;
	}
}

/**
 * A failed fsync cannot be retried safely: the kernel may have dropped the dirty pages, and a
 * later fsync would succeed without them. As PostgreSQL does, stop the process; on restart
 * SQLite recovers from what is really on disk, and nothing unsynced was acknowledged.
 */
function syncFailed(error: unknown): never {
	console.error(`Anju: syncing the SQLite WAL failed (${error instanceof Error ? error.message : error}); stopping so that recovery starts from what is on disk.`);
	process.exit(70);
}
