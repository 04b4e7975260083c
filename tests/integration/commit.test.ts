import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteInsideWriteError } from '../../src/lib/server/db/guard';
import type { Reader, Tx } from '../../src/lib/server/db';
import { createTestApp, DATABASES, type TestApp } from './helpers';

describe.each(DATABASES)('write transactions on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('commits concurrent units together; a failing unit rolls back alone and is the only one rejected', async () => {
		const results = await Promise.allSettled(
			Array.from({ length: 50 }, (_, i) =>
				app.db.write(async (trx) => {
					await trx
						.insertInto('settings')
						.values({ key: `unit-${i}`, value: String(i), updated_at: 'now' })
						.execute();
					if (i % 7 === 3) throw new Error(`unit ${i} fails after writing`);
					await trx
						.insertInto('settings')
						.values({ key: `unit-${i}-b`, value: String(i), updated_at: 'now' })
						.execute();
					return i;
				})
			)
		);
		const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
		expect(failed).toEqual([3, 10, 17, 24, 31, 38, 45]);
		const keys = new Set((await app.db.selectFrom('settings').select('key').where('key', 'like', 'unit-%').execute()).map((r) => r.key));
		for (let i = 0; i < 50; i++) {
			expect(keys.has(`unit-${i}`)).toBe(!failed.includes(i));
			expect(keys.has(`unit-${i}-b`)).toBe(!failed.includes(i));
		}
	});

	it('fails at once, and rolls the unit back, when a unit uses the root Db instead of its tx (it would hang SQLite)', async () => {
		const started = performance.now();
		const misuse = app.db.write(async (trx) => {
			await trx.insertInto('settings').values({ key: 'misuse-1', value: '1', updated_at: 'now' }).execute();
			// the closure still sees the root Db: the guard refuses it instead of waiting for the unit's own connection
			return app.db.selectFrom('settings').select('key').execute();
		});
		await expect(misuse).rejects.toBeInstanceOf(WriteInsideWriteError);
		const nested = app.db.write(() => app.db.write(async () => 'inner'));
		await expect(nested).rejects.toBeInstanceOf(WriteInsideWriteError);
		expect(performance.now() - started).toBeLessThan(2_000);
		// nothing of the failed unit is stored, and the database goes on serving writes and reads
		expect(await app.db.selectFrom('settings').select('key').where('key', '=', 'misuse-1').executeTakeFirst()).toBeUndefined();
		await app.db.write((trx) => trx.insertInto('settings').values({ key: 'after-misuse', value: '1', updated_at: 'now' }).execute());
		expect(await app.db.selectFrom('settings').select('key').where('key', '=', 'after-misuse').executeTakeFirst()).toEqual({ key: 'after-misuse' });
	});

	it('gives a unit a Tx that the root Db is not (passing the root Db where a Tx is expected does not compile)', async () => {
		const insertSetting = (tx: Tx, key: string) => tx.insertInto('settings').values({ key, value: '1', updated_at: 'now' }).execute();
		await app.db.write((tx) => insertSetting(tx, 'typed-unit'));
		// @ts-expect-error the root Db is not a Tx: svelte-check (npm run check) fails if this line ever compiles
		const rootAsTx: Tx = app.db;
		expect(rootAsTx.isTransaction).toBe(false);
	});

	it.runIf(kind === 'sqlite')('commits a batch with synchronous=NORMAL (the WAL is synced before the answer) and leaves the connection at FULL', async () => {
		const level = async (db: Reader) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0].synchronous;
		const inside = await Promise.all(Array.from({ length: 5 }, () => app.db.write((trx) => level(trx))));
		expect(inside).toEqual([1, 1, 1, 1, 1]);
		expect(await level(app.db)).toBe(2);
		// many waiters at once share the syncs and all resolve
		await Promise.all(Array.from({ length: 20 }, () => app.db.durable()));
	});

	it.runIf(kind === 'sqlite')('takes the write lock when the batch begins, so another connection cannot write between its reads and writes', async () => {
		const other = new Database(path.join(app.dataDir, 'anju.sqlite'), { timeout: 0 });
		try {
			const attempt = () => {
				try {
					other.prepare("insert into settings (key, value, updated_at) values ('other-writer', '1', 'now')").run();
					return 'wrote';
				} catch (error) {
					return (error as { code?: string }).code;
				}
			};
			// the unit has only read so far; a deferred transaction would not hold the lock yet
			const during = await app.db.write(async (trx) => {
				await trx.selectFrom('settings').select('key').limit(1).execute();
				return attempt();
			});
			expect(during).toBe('SQLITE_BUSY');
			expect(attempt()).toBe('wrote');
		} finally {
			other.close();
		}
	});

	it.runIf(kind === 'postgres')('runs units that arrive together in one transaction, and runs them again alone when one of them fails', async () => {
		const txid = (trx: Tx) => sql<{ id: string }>`select txid_current()::text as id`.execute(trx).then((r) => r.rows[0].id);
		const together = await Promise.all(Array.from({ length: 40 }, () => app.db.write((trx) => txid(trx))));
		// at most a few batches (PG_WRITE_BATCHES run at once), not one transaction per unit
		expect(new Set(together).size).toBeLessThan(10);
		let runs = 0;
		const results = await Promise.allSettled(
			Array.from({ length: 10 }, (_, i) =>
				app.db.write(async (trx) => {
					runs++;
					await trx
						.insertInto('settings')
						.values({ key: `batch-${i}`, value: String(i), updated_at: 'now' })
						.execute();
					if (i === 4) throw new Error('unit 4 fails');
					return txid(trx);
				})
			)
		);
		expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')));
		// the batch that held unit 4 was rolled back and its units ran again, each in a transaction of its own
		expect(runs).toBeGreaterThan(10);
		const alone = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		expect(new Set(alone).size).toBeGreaterThan(1);
		const keys = (await app.db.selectFrom('settings').select('key').where('key', 'like', 'batch-%').orderBy('key').execute()).map((r) => r.key);
		expect(keys).toEqual(['batch-0', 'batch-1', 'batch-2', 'batch-3', 'batch-5', 'batch-6', 'batch-7', 'batch-8', 'batch-9']);
	});

	it.runIf(kind === 'postgres')('prepares a query with parameters once per connection and then only executes it', async () => {
		const prepared = await app.db.write(async (trx) => {
			for (let i = 0; i < 3; i++) await trx.selectFrom('settings').select('value').where('key', '=', `prepared-${i}`).execute();
			// `select *` stays unnamed: prepared, it would fail once a migration added a column
			await trx.selectFrom('settings').selectAll().where('key', '=', 'prepared-all').execute();
			return (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx)).rows.map((r) => r.statement);
		});
		expect(prepared.filter((text) => text === 'select "value" from "settings" where "key" = $1')).toHaveLength(1);
		expect(prepared.filter((text) => text.includes('*'))).toEqual([]);
	});
});
