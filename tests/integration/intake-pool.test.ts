import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakePool } from '../../src/lib/server/intake';
import type { PreparedSubmission } from '../../src/lib/server/submission';
import { createTestApp, type TestApp } from './helpers';

// The pool that hands submissions to intake worker threads, driven with a stand-in worker (the
// real one runs the built server's own chunk; tests/integration/server.ts covers it end to end).

const STAND_IN = new URL('./fixtures/stand-in-intake-worker.mjs', import.meta.url);
const now = new Date('2026-11-28T08:00:00.000Z');

function errorsOf(p: PreparedSubmission) {
	return p.kind === 'invalid' ? p.errors : [];
}

describe('intake pool', () => {
	let t: TestApp;
	let pool: IntakePool | undefined;
	beforeAll(async () => {
		t = await createTestApp('sqlite');
	});
	afterAll(async () => {
		await pool?.close();
		await t?.cleanup();
	});

	it('sends work to a ready worker, falls back to inline while none is, and replaces a worker that exits', async () => {
		let spawned = 0;
		pool = new IntakePool(t.db, () => new Worker(STAND_IN, { workerData: { name: `w${++spawned}` } }), 1);
		await pool.started;

		// on the worker: its marker comes back, with the clock the caller gave
		expect(errorsOf(await pool.prepare({}, { now }))).toEqual([{ path: 'worker', code: `w1:${now.toISOString()}` }]);

		// the worker dies holding a job: that job fails, nothing else does
		await expect(pool.prepare({ exit: true }, { now })).rejects.toThrow(/intake worker exited/);

		// no worker ready: the same work is done inline (real validation errors, not the marker)
		const inline = errorsOf(await pool.prepare({}, { now }));
		expect(inline.length).toBeGreaterThan(0);
		expect(inline.some((e) => e.path === 'worker')).toBe(false);

		// a replacement starts after a second and takes over
		await new Promise((r) => setTimeout(r, 1_500));
		expect(spawned).toBe(2);
		expect(errorsOf(await pool.prepare({}, { now }))).toEqual([{ path: 'worker', code: `w2:${now.toISOString()}` }]);
	});

	it('spreads jobs over the ready workers', async () => {
		await pool?.close();
		let spawned = 0;
		pool = new IntakePool(t.db, () => new Worker(STAND_IN, { workerData: { name: `p${++spawned}` } }), 2);
		await pool.started;
		const answers = await Promise.all(Array.from({ length: 10 }, () => pool!.prepare({}, { now })));
		const byWorker = new Set(answers.map((a) => errorsOf(a)[0].code.split(':')[0]));
		expect(byWorker).toEqual(new Set(['p1', 'p2']));
	});
});
