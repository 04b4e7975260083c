import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	SqliteDriver,
	sql,
	type DatabaseConnection,
	type Driver,
	type LogEvent,
	type MigrationProvider,
	type SqliteDatabase,
	type SqliteDialectConfig
} from 'kysely';
import { migrations } from '../../../../migrations/index';
import type { Database } from './schema';
import { noteQueryError } from '../disk-full';

export type { Database } from './schema';
export type Db = Kysely<Database>;

export interface DbEnv {
	DATABASE_URL?: string;
	ANJU_DATA_DIR?: string;
	/** Connections per PostgreSQL pool (default 10). */
	ANJU_PG_POOL?: string;
}

export type DbKind = 'sqlite' | 'postgres';

/** A start-up problem the operator can fix; its message is the one line printed. */
export class StartupError extends Error {}

const kinds = new WeakMap<Db, DbKind>();

export function dbKind(db: Db): DbKind {
	return kinds.get(db) ?? 'sqlite';
}

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
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

const PG_CONNECT_TIMEOUT_MS = 5_000;

/** Every failed query: a full disk is noted for /readyz (disk-full.ts). */
function onQueryEvent(event: LogEvent): void {
	if (event.level === 'error') noteQueryError(event.error);
}

/** Connections per PostgreSQL pool: the main thread's and each intake worker's (ANJU_PG_POOL). */
export function pgPoolSize(env: { ANJU_PG_POOL?: string }): number {
	const n = Number(env.ANJU_PG_POOL);
	return Number.isInteger(n) && n > 0 ? n : 10;
}

/** readOnly: sessions that refuse to write (the intake workers' connections). */
export function createDb(env: DbEnv, opts: { readOnly?: boolean } = {}): Db {
	if (isPostgresUrl(env.DATABASE_URL)) {
		// Without a connect timeout a firewalled host (packets dropped, no refusal) stalls every
		// connection attempt, start-up included, for the operating system's TCP timeout: minutes.
		const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: pgPoolSize(env), connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS });
		// An idle client losing its connection must not take the process down.
		pool.on('error', () => {});
		// queued on the client before any query of the pool's user, so it runs first
		if (opts.readOnly) pool.on('connect', (client) => void client.query('set default_transaction_read_only = on').catch(() => {}));
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: onQueryEvent });
		kinds.set(db, 'postgres');
		return db;
	}
	const file = path.join(ensureDataDir(env), 'anju.sqlite');
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	// FULL: a commit acknowledged to a resident survives a power cut, not only a process crash.
	// (The group commit of db/commit.ts syncs the WAL itself, off the main thread: see walSync.)
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const wal = new WalFile(`${file}-wal`);
	const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite, () => wal.close()) }), log: onQueryEvent });
	kinds.set(db, 'sqlite');
	wals.set(db, wal);
	return db;
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
class WalFile {
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

const wals = new WeakMap<Db, WalFile>();

/** Waits until every commit made so far on this SQLite database is on disk (see WalFile). */
export function walSync(db: Db): Promise<void> {
	const wal = wals.get(db);
	if (!wal) throw new Error('walSync: not an SQLite database made by createDb');
	return wal.sync();
}

/** Fails with one clear line when the database cannot be reached. */
export async function assertReachable(db: Db, env: DbEnv): Promise<void> {
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

/** The PostgreSQL schema in use (search_path), so several installs can share one database. */
export async function currentSchema(db: Db): Promise<string | undefined> {
	if (dbKind(db) !== 'postgres') return undefined;
	const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
	return rows[0]?.schema;
}

async function migrator(db: Db): Promise<Migrator> {
	return new Migrator({ db, provider, migrationTableSchema: await currentSchema(db) });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
	const { error, results } = await (await migrator(db)).migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (for /readyz). */
export async function migrationsCurrent(db: Db): Promise<boolean> {
	const list = await (await migrator(db)).getMigrations();
	return list.every((m) => m.executedAt !== undefined);
}
