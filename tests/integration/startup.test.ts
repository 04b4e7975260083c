import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index';
import { createApp, type AppEnv } from '../../src/lib/server/app';
import { loadKeys } from '../../src/lib/server/crypto';
import { openKysely, StartupError, type Reader } from '../../src/lib/server/db';
import { startJobs } from '../../src/lib/server/jobs';
import { enqueueMailAlone, type MailTransport } from '../../src/lib/server/mail/outbox';
import { createTestApp, DATABASES, type TestApp } from './helpers';

// Start-up refuses with one line an operator can act on, and a refusal leaves the database as it
// found it; stopping the jobs hands their locks over.

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-startup-'));
	cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** createApp's refusal: a StartupError whose message is one line. */
async function refusal(env: AppEnv): Promise<string> {
	const error = await createApp(env).then(
		(app) => {
			cleanups.push(() => app.db.destroy());
			return undefined;
		},
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(StartupError);
	const { message } = error as StartupError;
	expect(message).not.toContain('\n');
	return message;
}

/** An empty database: a fresh data dir, on PostgreSQL also a fresh empty schema. */
async function emptyDatabase(kind: 'sqlite' | 'postgres'): Promise<AppEnv> {
	const env: AppEnv = { ANJU_DATA_DIR: tempDir(), ANJU_DEMO: '0' };
	if (kind === 'postgres') {
		const schema = `st_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
		await admin(`create schema ${schema}`);
		cleanups.push(() => admin(`drop schema ${schema} cascade`));
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.searchParams.set('options', `-c search_path=${schema}`);
		env.DATABASE_URL = url.toString();
	}
	return env;
}

async function admin(statement: string): Promise<void> {
	const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
	await client.connect();
	try {
		await client.query(statement);
	} finally {
		await client.end();
	}
}

/** Tables and columns, applied migrations, settings and outbox: what a refused start-up must not change. */
async function snapshot(env: AppEnv): Promise<unknown> {
	const db = openKysely(env);
	try {
		const schema =
			env.DATABASE_URL === undefined
				? await sql`select type, name, sql from sqlite_master order by type, name`.execute(db)
				: await sql`select table_name, column_name, data_type from information_schema.columns where table_schema = current_schema() order by table_name, column_name`.execute(db);
		const tables = new Set(schema.rows.map((r) => (r as { name?: string; table_name?: string }).name ?? (r as { table_name: string }).table_name));
		const rows = async (table: string, order: string) => (tables.has(table) ? (await sql.raw(`select * from ${table} order by ${order}`).execute(db)).rows : null);
		return {
			schema: schema.rows,
			migrations: await rows('kysely_migration', 'name'),
			settings: await rows('settings', 'key'),
			outbox: await rows('outbox', 'id')
		};
	} finally {
		await db.destroy();
	}
}

const LAST_MIGRATION = Object.keys(migrations).at(-1)!;

/**
 * A database in use (keys recorded, an encrypted mail queued) whose newest migration is pending
 * again: a refused start-up must not run it.
 */
async function databaseWithData(kind: 'sqlite' | 'postgres'): Promise<{ t: TestApp; env: AppEnv; keyFile: string }> {
	const t = await createTestApp(kind);
	cleanups.push(() => t.cleanup());
	await enqueueMailAlone(t.db, { to: 'resident@example.org', subject: 'Your declaration', text: 'Reference K7Q4-M2XP' });
	await migrations[LAST_MIGRATION].down!(t.db as unknown as Kysely<unknown>);
	await sql`delete from kysely_migration where name = ${LAST_MIGRATION}`.execute(t.db);
	await t.db.destroy();
	return { t, env: t.env, keyFile: path.join(t.dataDir, 'keys.json') };
}

async function applied(env: AppEnv): Promise<string[]> {
	const db = openKysely(env);
	try {
		return (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
	} finally {
		await db.destroy();
	}
}

describe('start-up: unreachable PostgreSQL', () => {
	it('a refused connection stops start-up at once with one line', async () => {
		const started = Date.now();
		const message = await refusal({ ANJU_DATA_DIR: tempDir(), DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
		expect(Date.now() - started).toBeLessThan(3_000);
		expect(message).toMatch(/^Cannot reach PostgreSQL at DATABASE_URL \(.*ECONNREFUSED.*\): check that it is running and the URL is right\.$/);
	});

	it('a host that accepts the connection and never answers stops start-up after the 5 s connect timeout', async () => {
		const sockets = new Set<net.Socket>();
		const silent = net.createServer((socket) => void sockets.add(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => {
			for (const s of sockets) s.destroy();
			return new Promise((resolve) => silent.close(resolve));
		});
		const { port } = silent.address() as net.AddressInfo;
		const started = Date.now();
		const message = await refusal({ ANJU_DATA_DIR: tempDir(), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/x` });
		expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
		expect(Date.now() - started).toBeLessThan(8_000);
		expect(message).toBe('Cannot reach PostgreSQL at DATABASE_URL (no answer within 5 s): check that it is running and the URL is right.');
	}, 15_000);
});

describe.each(DATABASES)('start-up on %s', (kind) => {
	it('an unwritable data directory stops start-up with one line', async () => {
		let dataDir: string;
		if (process.getuid?.() === 0) {
			// root writes through 0500; under a regular file no directory can ever be made
			const file = path.join(tempDir(), 'not-a-directory');
			fs.writeFileSync(file, '');
			dataDir = path.join(file, 'data');
		} else {
			dataDir = tempDir();
			fs.chmodSync(dataDir, 0o500);
			cleanups.push(() => fs.chmodSync(dataDir, 0o700));
		}
		const env = kind === 'postgres' ? await emptyDatabase(kind) : {};
		const message = await refusal({ ...env, ANJU_DATA_DIR: dataDir });
		expect(message).toBe(`ANJU_DATA_DIR ${dataDir} cannot be created or written: create it and give this user write access, or point ANJU_DATA_DIR elsewhere.`);
	});

	it('ANJU_KEY_FILE naming a missing file stops a new database before it is migrated', async () => {
		const env = await emptyDatabase(kind);
		const keyFile = path.join(tempDir(), 'missing', 'keys.json');
		const message = await refusal({ ...env, ANJU_KEY_FILE: keyFile });
		expect(message).toBe(`ANJU_KEY_FILE ${keyFile} does not exist: restore the key file or unset ANJU_KEY_FILE to generate new keys in the data directory.`);
		expect(await snapshot(env)).toMatchObject({ migrations: null, settings: null });
		expect(fs.existsSync(keyFile)).toBe(false);
		expect(fs.existsSync(path.join(env.ANJU_DATA_DIR!, 'keys.json'))).toBe(false);
	});

	it('a new empty database still migrates, generates its keys and records them', async () => {
		const env = await emptyDatabase(kind);
		const app = await createApp(env);
		cleanups.push(() => app.db.destroy());
		expect(fs.existsSync(path.join(env.ANJU_DATA_DIR!, 'keys.json'))).toBe(true);
		await app.db.destroy();
		expect(await applied(env)).toEqual(Object.keys(migrations).sort());
		expect(((await snapshot(env)) as { settings: { key: string }[] }).settings.map((s) => s.key)).toContain('key_fingerprint');
	});

	it('a database with data whose keys.json is gone: refused before migrating or writing, and starts once the file is back', async () => {
		const { env, keyFile } = await databaseWithData(kind);
		const kept = `${keyFile}.kept`;
		fs.renameSync(keyFile, kept);
		const before = await snapshot(env);

		const message = await refusal(env);
		expect(message).toBe(
			`The key file ${keyFile} is missing, and the database holds data encrypted with it: restore keys.json from the backup (npm run restore brings both back), or set ANJU_KEY_FILE.`
		);
		expect(await snapshot(env)).toEqual(before);
		expect(await applied(env)).not.toContain(LAST_MIGRATION);
		expect(fs.existsSync(keyFile)).toBe(false);

		fs.renameSync(kept, keyFile);
		const app = await createApp(env);
		await app.db.destroy();
		expect(await applied(env)).toContain(LAST_MIGRATION);
	});

	it('a database with data and ANJU_KEY_FILE naming a missing file: refused, nothing changed', async () => {
		const { env } = await databaseWithData(kind);
		const before = await snapshot(env);
		const keyFile = path.join(tempDir(), 'keys.json');
		const message = await refusal({ ...env, ANJU_KEY_FILE: keyFile });
		expect(message).toMatch(/^ANJU_KEY_FILE .* does not exist: /);
		expect(await snapshot(env)).toEqual(before);
		expect(fs.existsSync(keyFile)).toBe(false);
	});

	it('a database with data and a key file of another install: refused, nothing changed', async () => {
		const { env, keyFile } = await databaseWithData(kind);
		const other = loadKeys({}, tempDir()).file;
		fs.copyFileSync(other, keyFile);
		const before = await snapshot(env);
		const message = await refusal(env);
		expect(message).toBe('The key file does not belong to this database: restore the keys.json (or ANJU_KEY_FILE) that was backed up with it.');
		expect(await snapshot(env)).toEqual(before);
	});
});

describe.each(DATABASES)('jobs on %s: stopping', (kind) => {
	async function ourLocks(db: Reader): Promise<string[]> {
		const rows = await db.selectFrom('job_locks').select(['name', 'holder']).orderBy('name').execute();
		return rows.filter((r) => r.holder.startsWith(`${process.pid}-`)).map((r) => r.name);
	}

	async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
		const deadline = Date.now() + ms;
		while (!(await check())) {
			if (Date.now() > deadline) throw new Error('timed out');
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	/** A transport whose send waits until the test lets it finish. */
	function heldTransport() {
		let release!: () => void;
		const released = new Promise<void>((r) => (release = r));
		let sending = false;
		const transport: MailTransport = {
			async send() {
				sending = true;
				await released;
			}
		};
		return { transport, release, sending: () => sending };
	}

	it("the SIGTERM hook (what scripts/server.js calls) waits for a delivery in progress, then releases this process's locks", async () => {
		const t = await createTestApp(kind);
		cleanups.push(() => t.cleanup());
		const id = await enqueueMailAlone(t.db, { to: 'resident@example.org', subject: 'Status', text: 'Accepted' });
		const held = heldTransport();
		cleanups.push(startJobs(t, { transport: held.transport }), held.release);
		await until(async () => held.sending());
		expect(await ourLocks(t.db)).toContain('outbox');

		const stopJobs = (globalThis as Record<symbol, unknown>)[Symbol.for('anju.stopJobs')] as () => Promise<void>;
		const stopped = stopJobs();
		setTimeout(held.release, 300);
		await stopped;
		const mail = await t.db.selectFrom('outbox').select('status').where('id', '=', id).executeTakeFirstOrThrow();
		expect(mail.status).toBe('sent');
		expect(await ourLocks(t.db)).toEqual([]);
	}, 20_000);

	it('a job still running when the wait is over keeps its lock (handing it over could send twice); the others are released', async () => {
		const t = await createTestApp(kind);
		cleanups.push(() => t.cleanup());
		await enqueueMailAlone(t.db, { to: 'resident@example.org', subject: 'Status', text: 'Accepted' });
		const held = heldTransport();
		const stop = startJobs(t, { transport: held.transport, stopWaitMs: 200 });
		cleanups.push(stop, held.release);
		await until(async () => held.sending() && (await ourLocks(t.db)).length === 3);

		const started = Date.now();
		await stop();
		expect(Date.now() - started).toBeLessThan(2_000);
		expect(await ourLocks(t.db)).toEqual(['outbox']);

		held.release();
		await until(async () => (await t.db.selectFrom('outbox').select('status').executeTakeFirstOrThrow()).status === 'sent');
	}, 20_000);
});
