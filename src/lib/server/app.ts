import { sql } from 'kysely';
import { assertReachable, createDb, ensureDataDir, kindOf, migrateToLatest, openKysely, StartupError, type Db, type DbEnv, type DbKind, type Reader } from './db';
import { loadKeys } from './crypto';
import { getRaw, routineCheckRateFromEnv, seedRoutineCheckRate, setRaw } from './settings';
import { seedBase, seedDemo, type DemoLogins } from './seed';
import { log } from './log';
import { watchKeyFile } from './key-rotation';
import { intakeWorkerCount, startIntake } from './intake';
import type { Intake } from './submission';

export interface AppEnv extends DbEnv {
	ANJU_DEMO?: string;
	ANJU_KEY_FILE?: string;
	ANJU_DEMO_PASSWORD?: string;
	ANJU_RATE_LIMITS?: string;
	ANJU_INTAKE_WORKERS?: string;
	/** Percent of would-be approvals drawn for a routine check, seeded into the settings (default 2). */
	ANJU_ROUTINE_CHECK_RATE?: string;
	SMTP_URL?: string;
}

export interface AppContext {
	/** The one database object (db/index.ts): Kysely, kind, keys, audit chain, clock, the write path. */
	db: Db;
	dataDir: string;
	env: AppEnv;
	demo: DemoLogins | null;
	rateLimits: boolean;
	/** Worker threads preparing submissions (built server on SQLite); absent: inline. */
	intake?: Intake;
}

function routineCheckRate(env: AppEnv): number | undefined {
	try {
		return routineCheckRateFromEnv(env);
	} catch (error) {
		throw new StartupError((error as Error).message);
	}
}

/**
 * Everything start-up needs, in order: data dir, database reachable, keys that match the
 * database, migrations, base data, demo data on a new database. Throws StartupError with one
 * line an operator can act on.
 */
export async function createApp(env: AppEnv): Promise<AppContext> {
	const routineCheck = routineCheckRate(env);
	const dataDir = ensureDataDir(env);
	// The keys are checked before the first migration or write: a database left by a refused
	// start-up is exactly as it was, ready for the right key file.
	const probe = openKysely(env);
	let known: string | undefined;
	try {
		await assertReachable(probe, env);
		known = await recordedKeyFingerprint(probe, kindOf(env));
	} finally {
		await probe.destroy().catch(() => {});
	}
	const { keys, created, file: keyFile } = loadKeys(env, dataDir, { mayCreate: !known });
	if (known && known !== JSON.stringify(keys.fingerprint)) {
		throw new StartupError('The key file does not belong to this database: restore the keys.json (or ANJU_KEY_FILE) that was backed up with it.');
	}
	const db = createDb(env, { keys });
	try {
		await migrateToLatest(db, db.kind);
		if (!known) {
			if (!created && (await hasPersonalData(db))) {
				log.warn('database has data but no key fingerprint; recording the current key');
			}
			await db.write((tx) => setRaw(tx, 'key_fingerprint', JSON.stringify(keys.fingerprint)));
		}

		// `npm run keys:rotate` takes effect in running processes without a restart
		watchKeyFile(keys, keyFile);

		const isNew = await seedBase(db);
		await seedRoutineCheckRate(db, routineCheck, isNew);
		const demoOn = env.ANJU_DEMO !== '0';
		const demo = demoOn ? await seedDemo(db, { isNew, dataDir, password: env.ANJU_DEMO_PASSWORD }) : null;
		const intake = await startIntake(db, { dataDir, databaseUrl: env.DATABASE_URL, keyFile, workers: intakeWorkerCount(env) });
		return { db, dataDir, env, demo, rateLimits: env.ANJU_RATE_LIMITS !== 'off', intake };
	} catch (error) {
		await db.destroy().catch(() => {});
		throw error;
	}
}

/**
 * The key fingerprint the database was stamped with, read before migrating: undefined for a new
 * database (no settings table yet) or one from before fingerprints were recorded.
 */
async function recordedKeyFingerprint(db: Reader, kind: DbKind): Promise<string | undefined> {
	const settingsTable =
		kind === 'postgres'
			? sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'settings'`
			: sql`select 1 from sqlite_master where type = 'table' and name = 'settings'`;
	const { rows } = await settingsTable.execute(db);
	return rows.length ? getRaw(db, 'key_fingerprint') : undefined;
}

async function hasPersonalData(db: Db): Promise<boolean> {
	return !!(await db.selectFrom('declarations').select('id').limit(1).executeTakeFirst());
}
