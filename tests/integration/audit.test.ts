import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit, verifyAuditChain } from '../../src/lib/server/audit';
import { createTestApp, DATABASES, type TestApp } from './helpers';

describe.each(DATABASES)('audit log on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('chains rows written concurrently and detects an edited row', async () => {
		await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				recordAudit(app.db, { actorId: `u${i}`, actorRole: 'officer', action: 'declaration.view', targetType: 'declaration', targetId: `d${i}` })
			)
		);
		expect(await verifyAuditChain(app.db)).toEqual({ ok: true, rows: 20 });

		await app.db.updateTable('audit_log').set({ action: 'declaration.approve' }).where('seq', '=', 7).execute();
		const check = await verifyAuditChain(app.db);
		expect(check).toMatchObject({ ok: false, brokenAt: 7 });
	});

	it('detects a deleted row', async () => {
		const fresh = await createTestApp(kind);
		try {
			for (let i = 0; i < 5; i++) await recordAudit(fresh.db, { actorId: null, actorRole: null, action: 'login.failure' });
			await fresh.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
			expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: false, brokenAt: 3 });
		} finally {
			await fresh.cleanup();
		}
	});
});
