import { afterAll, describe, expect, it } from 'vitest';
import { changeRoutineCheckRate, getSetting } from '../../src/lib/server/settings';
import { createApp } from '../../src/lib/server/app';
import { DATABASES, createTestApp, type TestApp } from './helpers';

// The routine-check rate: an admin setting (percent, 0–100, two decimals at most), audited,
// seeded from ANJU_ROUTINE_CHECK_RATE, and what submissions draw against.

const admin = { id: null, role: 'admin' as const, ip: '198.51.100.9' };

describe.each(DATABASES)('routine-check rate on %s', (kind) => {
	const apps: TestApp[] = [];
	afterAll(async () => {
		for (const app of apps) await app.cleanup();
	});

	it('defaults to 2 %, takes ANJU_ROUTINE_CHECK_RATE on a new database, and refuses a bad value at start-up', async () => {
		const plain = await createTestApp(kind, { ANJU_ROUTINE_CHECK_RATE: undefined });
		apps.push(plain);
		expect(await getSetting(plain.db, 'routine_check_rate')).toBe(2);
		const seeded = await createTestApp(kind, { ANJU_ROUTINE_CHECK_RATE: '0.5' });
		apps.push(seeded);
		expect(await getSetting(seeded.db, 'routine_check_rate')).toBe(0.5);
		await expect(createApp({ ...seeded.env, ANJU_ROUTINE_CHECK_RATE: 'lots' })).rejects.toThrow(/ANJU_ROUTINE_CHECK_RATE must be a percentage/);
	});

	it('refuses values out of bounds or malformed, changes nothing; a change is one audit row', async () => {
		const app = await createTestApp(kind);
		apps.push(app);
		for (const bad of ['-1', '100.5', '101', '2.345', 'two', '', '1e1', 'NaN']) expect(await changeRoutineCheckRate(app.db, bad, admin), bad).toEqual({ ok: false });
		expect(await getSetting(app.db, 'routine_check_rate')).toBe(0);
		expect(await changeRoutineCheckRate(app.db, '2.5 %', admin)).toEqual({ ok: true, changed: true });
		expect(await changeRoutineCheckRate(app.db, '2.5', admin)).toEqual({ ok: true, changed: false });
		expect(await getSetting(app.db, 'routine_check_rate')).toBe(2.5);
		const audit = await app.db.selectFrom('audit_log').select(['target_id', 'details']).where('action', '=', 'settings.change').execute();
		expect(audit.map((a) => [a.target_id, JSON.parse(a.details)])).toEqual([['routine_check_rate', { from: 0, to: 2.5 }]]);
	});
});
