import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, createTestApp, type TestApp } from './helpers';
import { createDraft, createHandover, deleteDraft, handoverIsLive, HANDOVER_TTL_MS, loadDraft, purgeExpiredDrafts, takeHandover } from '../../src/lib/server/drafts';

// "Continue on your phone": a kiosk draft moves to a phone with a one-time, 10-minute token.

describe.each(DATABASES)('kiosk hand-over on %s', (kind) => {
	let app: TestApp;

	beforeAll(async () => {
		app = await createTestApp(kind);
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('moves the draft to a new token once, and the kiosk copy is gone at that moment', async () => {
		const now = new Date();
		const kiosk = await createDraft(app.db, { consent: true, values: { person: { surname: 'DUPONT' } } }, now);
		const { token } = await createHandover(app.db, kiosk.draft.id, now);
		const stored = await app.db.selectFrom('draft_handovers').selectAll().execute();
		expect(stored.some((r) => r.id === token)).toBe(false); // only the hash is stored
		expect(await handoverIsLive(app.db, token, now)).toBe(true);

		const taken = await takeHandover<{ values: unknown }>(app.db, token, now);
		expect(taken.ok).toBe(true);
		if (!taken.ok) return;
		expect(taken.token).not.toBe(kiosk.token);
		expect((await loadDraft(app.db, taken.token, now))?.data).toEqual({ consent: true, values: { person: { surname: 'DUPONT' } } });
		expect(await loadDraft(app.db, kiosk.token, now)).toBeUndefined();

		// single use
		expect((await takeHandover(app.db, token, now)).ok).toBe(false);
		expect(await handoverIsLive(app.db, token, now)).toBe(false);
	});

	it('gives the draft to exactly one of two phones presenting the token at once', async () => {
		const now = new Date();
		const kiosk = await createDraft(app.db, { consent: true, values: {} }, now);
		const { token } = await createHandover(app.db, kiosk.draft.id, now);
		const results = await Promise.all([takeHandover(app.db, token, now), takeHandover(app.db, token, now)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await app.db.selectFrom('drafts').select('id').where('id', '=', kiosk.draft.id).executeTakeFirst()).toBeUndefined();
	});

	it('expires after 10 minutes, and a new code replaces the earlier one', async () => {
		const t0 = new Date('2026-11-28T08:00:00Z');
		const kiosk = await createDraft(app.db, { consent: true, values: {} }, t0);
		const first = await createHandover(app.db, kiosk.draft.id, t0);
		const second = await createHandover(app.db, kiosk.draft.id, t0);
		expect((await takeHandover(app.db, first.token, t0)).ok).toBe(false);

		const late = new Date(t0.getTime() + HANDOVER_TTL_MS);
		expect(await handoverIsLive(app.db, second.token, late)).toBe(false);
		expect((await takeHandover(app.db, second.token, late)).ok).toBe(false);
		// still valid one second before the end
		expect(await handoverIsLive(app.db, second.token, new Date(late.getTime() - 1000))).toBe(true);
		await purgeExpiredDrafts(app.db, late);
		expect(await app.db.selectFrom('draft_handovers').select('id').where('draft_id', '=', kiosk.draft.id).execute()).toHaveLength(0);
	});

	it('takes nothing when the kiosk visit was wiped first', async () => {
		const now = new Date();
		const kiosk = await createDraft(app.db, { consent: true, values: {} }, now);
		const { token } = await createHandover(app.db, kiosk.draft.id, now);
		await app.db.write((tx) => deleteDraft(tx, kiosk.draft.id));
		expect((await takeHandover(app.db, token, now)).ok).toBe(false);
	});
});
