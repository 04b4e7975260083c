import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTransaction } from '../../src/lib/server/db/commit';
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
				writeTransaction(app.db, async (trx) => {
					await trx.insertInto('settings').values({ key: `unit-${i}`, value: String(i), updated_at: 'now' }).execute();
					if (i % 7 === 3) throw new Error(`unit ${i} fails after writing`);
					await trx.insertInto('settings').values({ key: `unit-${i}-b`, value: String(i), updated_at: 'now' }).execute();
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
});
