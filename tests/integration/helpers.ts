import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createApp, type AppContext, type AppEnv } from '../../src/lib/server/app';

/** The databases every integration test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DATABASES: ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestApp extends AppContext {
	kind: 'sqlite' | 'postgres';
	cleanup(): Promise<void>;
}

let counter = 0;

/**
 * A fresh app on a fresh database: a temp data dir for SQLite, a new schema in TEST_DATABASE_URL
 * for PostgreSQL. Demo data is off unless asked for (it hashes 40 passwords).
 */
export async function createTestApp(kind: 'sqlite' | 'postgres', env: Partial<AppEnv> = {}): Promise<TestApp> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-test-'));
	let databaseUrl: string | undefined;
	let schema: string | undefined;
	if (kind === 'postgres') {
		const base = process.env.TEST_DATABASE_URL!;
		schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
		const admin = new pg.Client({ connectionString: base });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		await admin.end();
		const url = new URL(base);
		url.searchParams.set('options', `-c search_path=${schema}`);
		databaseUrl = url.toString();
	}
	// no random routine checks: a declaration without findings is approved (tests that want them set a rate)
	const app = await createApp({ ANJU_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, ANJU_DEMO: '0', ANJU_ROUTINE_CHECK_RATE: '0', ...env });
	return {
		...app,
		kind,
		async cleanup() {
			await app.db.destroy();
			if (schema) {
				const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL! });
				await admin.connect();
				await admin.query(`drop schema ${schema} cascade`);
				await admin.end();
			}
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
