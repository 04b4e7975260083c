import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimTask, escalateOverdue } from '../../src/lib/server/help-claims';
import { createHelpRequest, findHelpRequest } from '../../src/lib/server/help-requests';
import { changeHelpSettings, getHelpSettings } from '../../src/lib/server/settings';
import { createUser, type User } from '../../src/lib/server/users';
import { verifyAuditChain } from '../../src/lib/server/audit';
import { DATABASES, createTestApp, type TestApp } from './helpers';

// The admin settings for interpreter help: whole minutes within bounds, both or nothing, one
// audit row per value that changes, and the help desk uses the new values at once.

const MIN = 60_000;
const admin = { id: null, role: 'admin' as const, ip: '198.51.100.7' };

describe.each(DATABASES)('interpreter help settings on %s', (kind) => {
	let app: TestApp;
	let volunteer: User;
	const auditRows = () => app.db.selectFrom('audit_log').select(['action', 'target_type', 'target_id', 'actor_role', 'ip', 'details']).where('action', '=', 'settings.change').orderBy('seq').execute();

	beforeAll(async () => {
		app = await createTestApp(kind);
		volunteer = await app.db.write((tx) => createUser(tx, { email: 'v@example.org', name: 'V', role: 'volunteer', languages: [{ lang: 'en', level: 'native' }], availability: [] }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('starts from the defaults, 15 and 30 minutes', async () => {
		expect(await getHelpSettings(app.db)).toEqual({ help_sla_minutes: 15, claim_lease_minutes: 30 });
	});

	it.each([
		[{ help_sla_minutes: '0', claim_lease_minutes: '30' }, ['help_sla_minutes']],
		[{ help_sla_minutes: '241', claim_lease_minutes: '30' }, ['help_sla_minutes']],
		[{ help_sla_minutes: '12.5', claim_lease_minutes: '30' }, ['help_sla_minutes']],
		[{ help_sla_minutes: '', claim_lease_minutes: '30' }, ['help_sla_minutes']],
		[{ help_sla_minutes: '-5', claim_lease_minutes: '30' }, ['help_sla_minutes']],
		[{ help_sla_minutes: '20', claim_lease_minutes: '4' }, ['claim_lease_minutes']],
		[{ help_sla_minutes: '20', claim_lease_minutes: '241' }, ['claim_lease_minutes']],
		[{ help_sla_minutes: '20', claim_lease_minutes: 'half an hour' }, ['claim_lease_minutes']],
		[{ help_sla_minutes: 'x', claim_lease_minutes: '1e2' }, ['help_sla_minutes', 'claim_lease_minutes']]
	])('refuses %j and changes nothing', async (input, invalid) => {
		expect(await changeHelpSettings(app.db, input, admin)).toEqual({ ok: false, invalid });
		expect(await getHelpSettings(app.db)).toEqual({ help_sla_minutes: 15, claim_lease_minutes: 30 });
		expect(await auditRows()).toEqual([]);
	});

	it('accepts the bounds, writes one audit row per changed value, none when nothing changes', async () => {
		expect(await changeHelpSettings(app.db, { help_sla_minutes: ' 1 ', claim_lease_minutes: '240' }, admin)).toEqual({ ok: true, changed: ['help_sla_minutes', 'claim_lease_minutes'] });
		expect(await getHelpSettings(app.db)).toEqual({ help_sla_minutes: 1, claim_lease_minutes: 240 });
		expect(await changeHelpSettings(app.db, { help_sla_minutes: 240, claim_lease_minutes: 5 }, admin)).toEqual({ ok: true, changed: ['help_sla_minutes', 'claim_lease_minutes'] });
		expect(await changeHelpSettings(app.db, { help_sla_minutes: '240', claim_lease_minutes: '5' }, admin)).toEqual({ ok: true, changed: [] });
		expect(await changeHelpSettings(app.db, { help_sla_minutes: '240', claim_lease_minutes: '45' }, admin)).toEqual({ ok: true, changed: ['claim_lease_minutes'] });
		const rows = await auditRows();
		expect(rows.map((r) => [r.target_id, JSON.parse(r.details)])).toEqual([
			['help_sla_minutes', { from: 15, to: 1 }],
			['claim_lease_minutes', { from: 30, to: 240 }],
			['help_sla_minutes', { from: 1, to: 240 }],
			['claim_lease_minutes', { from: 240, to: 5 }],
			['claim_lease_minutes', { from: 5, to: 45 }]
		]);
		expect(rows.every((r) => r.target_type === 'setting' && r.actor_role === 'admin' && r.ip === '198.51.100.7')).toBe(true);
		expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true });
	});

	it('the help desk uses the new values at once: a claim gets the new lease, escalation the new limit', async () => {
		await changeHelpSettings(app.db, { help_sla_minutes: '5', claim_lease_minutes: '45' }, admin);
		const start = new Date('2026-12-08T02:00:00.000Z');
		const body = { language: 'en', topic: 'registration', channel: 'chat', contact: { email: 'r@example.org' } };
		const first = await createHelpRequest(app.db, body, start);
		const second = await createHelpRequest(app.db, body, start);
		if (!first.ok || !second.ok) throw new Error('create');
		expect(await claimTask(app.db, first.id, volunteer.id, start)).toEqual({ ok: true, leaseUntil: new Date(start.getTime() + 45 * MIN).toISOString() });
		await escalateOverdue(app.db, new Date(start.getTime() + 4 * MIN));
		expect((await findHelpRequest(app.db, second.id))!.escalated_at).toBeNull();
		await escalateOverdue(app.db, new Date(start.getTime() + 6 * MIN));
		expect((await findHelpRequest(app.db, second.id))!.escalated_at).toBe(new Date(start.getTime() + 6 * MIN).toISOString());
	});
});
