import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type User } from '../../src/lib/server/users';
import { claimTask, escalateOverdue } from '../../src/lib/server/help-claims';
import { createHelpRequest, TASK_MAIL_VOLUNTEERS } from '../../src/lib/server/help-requests';
import { getSetting } from '../../src/lib/server/settings';
import { decrypt } from '../../src/lib/server/crypto';
import { DATABASES, createTestApp, type TestApp } from './helpers';

// Issue 14.11: a help request mails the best-matched few volunteers on duty for its language (by
// level, then the one who least recently held a request), not everyone on duty; escalation mails
// the next as many. Before, each request mailed every volunteer on duty (27 here).

const VOLUNTEERS = 27;
const LEVELS = ['native', 'fluent', 'working'] as const;
// Tuesday 2026-12-08 10:00 in Asia/Shanghai
const T0 = new Date('2026-12-08T02:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ALWAYS = Array.from({ length: 7 }, (_, day) => ({ day, from: '00:00', to: '23:59' }));

describe.each(DATABASES)('volunteer mail per help request on %s', (kind) => {
	let app: TestApp;
	const volunteers: User[] = [];
	const levelOf = new Map<string, string>();

	async function recipients(since: string[]): Promise<{ ids: string[]; emails: string[] }> {
		const rows = await app.db.selectFrom('outbox').select(['id', 'recipient']).execute();
		const fresh = rows.filter((r) => !since.includes(r.id));
		return { ids: rows.map((r) => r.id), emails: fresh.map((r) => decrypt(app.db.keys, r.recipient, `outbox:${r.id}:recipient`)) };
	}

	async function request(now: Date): Promise<string> {
		const result = await createHelpRequest(app.db, { language: 'en', topic: 'registration', channel: 'phone', contact: { phone: '13900003333' } }, now);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result.id;
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		for (let i = 0; i < VOLUNTEERS; i++) {
			const level = LEVELS[i % 3];
			const email = `mailbound-${String(i).padStart(2, '0')}@example.org`;
			volunteers.push(await app.db.write((tx) => createUser(tx, { email, name: `V${i}`, role: 'volunteer', languages: [{ lang: 'en', level }], availability: ALWAYS })));
			levelOf.set(email, level);
		}
	}, 120_000);
	afterAll(() => app?.cleanup());

	it(`one request mails ${TASK_MAIL_VOLUNTEERS} of the ${VOLUNTEERS} volunteers on duty, the best-matched; escalation mails the next ${TASK_MAIL_VOLUNTEERS}`, async () => {
		const before = (await recipients([])).ids;
		await request(T0);
		const first = await recipients(before);
		expect(first.emails).toHaveLength(TASK_MAIL_VOLUNTEERS);
		expect(new Set(first.emails).size).toBe(TASK_MAIL_VOLUNTEERS);
		expect(first.emails.every((e) => levelOf.get(e) === 'native')).toBe(true);

		const sla = await getSetting(app.db, 'help_sla_minutes');
		expect(await escalateOverdue(app.db, at(sla + 1))).toBe(1);
		const next = await recipients(first.ids);
		expect(next.emails).toHaveLength(TASK_MAIL_VOLUNTEERS);
		expect(next.emails.filter((e) => first.emails.includes(e))).toEqual([]);
		// the 9 native speakers come first, then fluent ones
		expect(next.emails.filter((e) => levelOf.get(e) === 'native')).toHaveLength(9 - TASK_MAIL_VOLUNTEERS);
		expect(next.emails.filter((e) => levelOf.get(e) === 'fluent')).toHaveLength(2 * TASK_MAIL_VOLUNTEERS - 9);
		// escalating again does nothing: the flag is set once
		expect(await escalateOverdue(app.db, at(sla + 2))).toBe(0);
		expect((await recipients(next.ids)).emails).toEqual([]);
	});

	it('a volunteer who just held a request comes after those who did not', async () => {
		const before = (await recipients([])).ids;
		const id = await request(at(100));
		const mailed = await recipients(before);
		const holder = volunteers.find((v) => v.email === mailed.emails[0])!;
		expect(await claimTask(app.db, id, holder.id, at(101))).toMatchObject({ ok: true });
		const after = (await recipients([])).ids;
		await request(at(102));
		const again = await recipients(after);
		expect(again.emails).toHaveLength(TASK_MAIL_VOLUNTEERS);
		expect(again.emails).not.toContain(holder.email);
	});
});
