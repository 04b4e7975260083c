import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type User } from '../../src/lib/server/users';
import { cancelHelpRequest, createHelpRequest } from '../../src/lib/server/help-requests';
import { claimTask, countEscalated, escalateOverdue, listEscalated } from '../../src/lib/server/help-claims';
import { DATABASES, createTestApp, type TestApp } from './helpers';

// The officers' dashboard list of escalated interpreter requests: open ones only, oldest first,
// at most 20, and nothing personal (no contact, no note).

const MIN = 60_000;
const START = new Date('2026-12-07T01:00:00.000Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * MIN);

describe.each(DATABASES)('escalated requests for the dashboard on %s', (kind) => {
	let app: TestApp;
	let volunteer: User;

	async function create(language: string, topic: string, minutes: number) {
		const body = { language, topic, channel: 'phone', contact: { email: 'private.resident@example.org', phone: '+8613800000000' }, note: 'My landlord’s name is Li' };
		const result = await createHelpRequest(app.db, body, at(minutes));
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result;
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		volunteer = await app.db.write((tx) => createUser(tx, { email: 'v@example.org', name: 'V', role: 'volunteer', languages: [{ lang: 'ko', level: 'native' }], availability: [] }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('lists open escalated requests oldest first with how long each has waited, and no personal data', async () => {
		const newest = await create('fr', 'medical', 10);
		const oldest = await create('ar', 'registration', 0);
		const cancelled = await create('en', 'other', 2);
		const claimed = await create('ko', 'education', 3);
		const middle = await create('ko', 'legal', 5);
		const recent = await create('ja', 'other', 50);
		expect(await escalateOverdue(app.db, at(30))).toBe(5);
		expect(await cancelHelpRequest(app.db, cancelled.id, at(31))).toEqual({ ok: true });
		expect(await claimTask(app.db, claimed.id, volunteer.id, at(31))).toMatchObject({ ok: true });

		const list = await listEscalated(app.db, at(95));
		expect(list).toEqual([
			{ reference: oldest.reference, language: 'ar', topic: 'registration', createdAt: at(0).toISOString(), waitingMinutes: 95 },
			{ reference: middle.reference, language: 'ko', topic: 'legal', createdAt: at(5).toISOString(), waitingMinutes: 90 },
			{ reference: newest.reference, language: 'fr', topic: 'medical', createdAt: at(10).toISOString(), waitingMinutes: 85 }
		]);
		expect(list.map((r) => r.reference)).not.toContain(recent.reference);
		expect(await countEscalated(app.db)).toBe(3);
		const text = JSON.stringify(list);
		for (const secret of ['private.resident', '13800000000', 'landlord']) expect(text).not.toContain(secret);
	});

	it('shows at most 20, the ones that have waited longest', async () => {
		const created: string[] = [];
		for (let i = 0; i < 22; i++) created.push((await create('en', 'registration', 100 + i)).reference);
		await escalateOverdue(app.db, at(200));
		expect(await countEscalated(app.db)).toBe(26);
		const list = await listEscalated(app.db, at(200));
		expect(list).toHaveLength(20);
		// the four still open from the first test (the recent one is overdue by now) are older than these
		expect(list.slice(4).map((r) => r.reference)).toEqual(created.slice(0, 16));
		expect(list.map((r) => r.createdAt)).toEqual([...list.map((r) => r.createdAt)].sort());
		expect(await listEscalated(app.db, at(200), 5)).toEqual(list.slice(0, 5));
	});
});
