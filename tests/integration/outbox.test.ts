import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox, enqueueMailAlone, type MailTransport } from '../../src/lib/server/mail/outbox';
import { createTestApp, DATABASES, type TestApp } from './helpers';

// Delivery's failure rules with a stand-in transport (the SMTP path itself is tested with a real
// SMTP server in help-requests.test.ts).

const HOUR = 3600_000;

describe.each(DATABASES)('outbox delivery on %s', (kind) => {
	let t: TestApp;
	beforeAll(async () => {
		t = await createTestApp(kind);
	});
	afterAll(() => t?.cleanup());

	const failing = (responseCode?: number, code?: string): MailTransport => ({
		async send() {
			throw Object.assign(new Error('refused'), { responseCode, code });
		}
	});
	const row = (id: string) => t.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

	it('keeps retrying temporary failures, every hour at most, for as long as it takes: nothing is given up', async () => {
		const start = new Date('2026-11-28T00:00:00Z');
		const id = await enqueueMailAlone(t.db, { to: 'resident@example.org', subject: 's', text: 'b' }, start);
		let clock = start;
		for (let attempt = 1; attempt <= 20; attempt++) {
			const transport = failing(attempt % 2 ? 451 : undefined, attempt % 2 ? undefined : 'ECONNREFUSED');
			const report = await deliverOutbox(t.db, transport, { now: () => clock });
			expect(report).toEqual({ sent: 0, retrying: 1, failed: 0 });
			const r = await row(id);
			expect(r).toMatchObject({ status: 'pending', attempts: attempt });
			expect(new Date(r.next_attempt_at).getTime() - clock.getTime()).toBeLessThanOrEqual(HOUR);
			clock = new Date(r.next_attempt_at);
		}
		const sent: string[] = [];
		expect(await deliverOutbox(t.db, { send: async (m) => void sent.push(m.to) }, { now: () => clock })).toEqual({ sent: 1, retrying: 0, failed: 0 });
		expect(sent).toEqual(['resident@example.org']);
		expect((await row(id)).status).toBe('sent');
	});

	it('marks mail the server refuses for good (SMTP 5xx) as failed, once, with only the code recorded', async () => {
		const now = new Date('2026-11-28T12:00:00Z');
		const id = await enqueueMailAlone(t.db, { to: 'nobody@example.org', subject: 's', text: 'b' }, now);
		expect(await deliverOutbox(t.db, failing(550), { now: () => now })).toEqual({ sent: 0, retrying: 0, failed: 1 });
		expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'smtp 550' });
		// not tried again
		expect(await deliverOutbox(t.db, failing(550), { now: () => new Date(now.getTime() + 10 * HOUR) })).toEqual({ sent: 0, retrying: 0, failed: 0 });
	});
});
