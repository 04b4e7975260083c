import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { freePort } from '../free-port';

// The built server (scripts/server.js → build/handler.js) in a child process, on a fresh SQLite
// data dir or a fresh PostgreSQL schema: integration tests talk to it over real HTTP.

export interface TestServer {
	kind: 'sqlite' | 'postgres';
	url: string;
	dataDir: string;
	databaseUrl: string | undefined;
	schema: string | undefined;
	process: ChildProcess;
	output: () => string;
	/** Run SQL against the server's database from the test (settings, raw reads). */
	query<R = Record<string, unknown>>(sqlText: string, params?: unknown[]): Promise<R[]>;
	stop(signal?: NodeJS.Signals): Promise<void>;
	cleanup(): Promise<void>;
}

export const DEMO_PASSWORD = 'demo-integration-password-2026';

function ensureBuilt(): void {
	const result = spawnSync(process.execPath, ['scripts/start.js', '--build-only'], { stdio: 'inherit' });
	if (result.status !== 0) throw new Error('build failed');
}

let built = false;
let counter = 0;

export async function startServer(kind: 'sqlite' | 'postgres', env: Record<string, string | undefined> = {}, reuse?: { dataDir: string; databaseUrl?: string; schema?: string }): Promise<TestServer> {
	if (!built) {
		ensureBuilt();
		built = true;
	}
	const dataDir = reuse?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'anju-it-'));
	let databaseUrl = reuse?.databaseUrl;
	let schema = reuse?.schema;
	if (kind === 'postgres' && !reuse) {
		schema = `s_${process.pid}_${Date.now().toString(36)}_${counter++}`;
		const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		await admin.end();
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.searchParams.set('options', `-c search_path=${schema}`);
		databaseUrl = url.toString();
	}
	const port = await freePort();
	const childEnv: Record<string, string | undefined> = {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: `http://127.0.0.1:${port}`,
		ANJU_DATA_DIR: dataDir,
		ANJU_DEMO_PASSWORD: DEMO_PASSWORD,
		ANJU_RATE_LIMITS: 'off',
		// no random routine checks, so a declaration without findings is approved (tests that want them set a rate)
		ANJU_ROUTINE_CHECK_RATE: '0',
		BODY_SIZE_LIMIT: String(11 * 1024 * 1024),
		LOG_LEVEL: 'warn',
		...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
		...env
	};
	// a variable given as undefined is left out (e.g. `ORIGIN: undefined`: start as the README does)
	for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
	const child = spawn(process.execPath, ['scripts/server.js'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
		try {
			if ((await fetch(`${url}/healthz`)).ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}

	const query = async <R>(sqlText: string, params: unknown[] = []): Promise<R[]> => {
		if (kind === 'postgres') {
			const c = new pg.Client({ connectionString: databaseUrl });
			await c.connect();
			try {
				return (
					await c.query(
						sqlText.replace(
							/\?/g,
							(() => {
								let i = 0;
								return () => `$${++i}`;
							})()
						),
						params
					)
				).rows as R[];
			} finally {
				await c.end();
			}
		}
		const db = new Database(path.join(dataDir, 'anju.sqlite'));
		db.pragma('busy_timeout = 5000');
		try {
			const stmt = db.prepare(sqlText);
			return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as R[];
		} finally {
			db.close();
		}
	};

	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		await exited;
	};

	return {
		kind,
		url,
		dataDir,
		databaseUrl,
		schema,
		process: child,
		output: () => output,
		query,
		stop,
		async cleanup() {
			await stop();
			if (schema) {
				const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
				await admin.connect();
				await admin.query(`drop schema ${schema} cascade`);
				await admin.end();
			}
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
