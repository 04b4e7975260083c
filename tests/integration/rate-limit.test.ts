import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume } from '../../src/lib/server/rate-limit';
import { createTestApp, DATABASES, type TestApp } from './helpers';

describe.each(DATABASES)('rate limits on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('allows the limit, refuses the next hit, and opens again after the window', async () => {
		const limit = { name: 'test', points: 3, windowSeconds: 60 };
		const t0 = new Date('2026-11-28T10:00:00Z');
		const hits = await Promise.all([1, 2, 3, 4].map(() => consume(app.db, limit, '10.0.0.1', t0)));
		expect(hits.filter((h) => h.ok)).toHaveLength(3);
		expect(hits.find((h) => !h.ok)).toMatchObject({ ok: false, retryAfterSeconds: 60 });
		expect((await consume(app.db, limit, '10.0.0.2', t0)).ok).toBe(true);
		expect((await consume(app.db, limit, '10.0.0.1', new Date(t0.getTime() + 61_000))).ok).toBe(true);
	});
});
