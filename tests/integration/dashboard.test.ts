import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { submitDeclaration } from '../../src/lib/server/submission';
import { decide } from '../../src/lib/server/review';
import { dashboardFigures, figuresCsv } from '../../src/lib/server/dashboard';
import { validDeclaration, type DeclarationOverrides } from '../../src/lib/domain/fixtures';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const officer = { id: null, role: 'officer' as const, ip: null };
const HOUR = 3_600_000;

describe.each(DATABASES)('dashboard figures on %s', (kind) => {
	let app: TestApp;

	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('match a known data set', async () => {
		const addressId = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园2幢', labelEn: 'Bldg 2, Jiabei Huayuan', kind: 'residential' }));
		const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#eee' } })
			.png()
			.toBuffer();
		const upload = await storeUpload(app.db, png, new Date('2026-11-10T00:00:00Z'));
		if (!upload.ok) throw new Error('upload');
		await app.db.updateTable('uploads').set({ expires_at: '2099-01-01T00:00:00.000Z' }).execute();
		let seed = 0;
		const submit = async (at: string, overrides: DeclarationOverrides = {}) => {
			const now = new Date(at);
			const d = validDeclaration(now, overrides, ++seed);
			d.document.photoUploadId = upload.id;
			d.accommodation.addressId = addressId;
			const r = await submitDeclaration(app.db, d, { now });
			if (!r.ok) throw new Error(JSON.stringify(r.errors));
			return app.db.selectFrom('declarations').select(['id', 'version']).where('reference', '=', r.reference).executeTakeFirstOrThrow();
		};
		// 2026-11-10 (Shanghai): 3 approved at once (FRA), 1 USA visa-free → review
		for (let i = 0; i < 3; i++) await submit('2026-11-10T02:00:00Z');
		const a = await submit('2026-11-10T03:00:00Z', { person: { nationality: 'USA' } });
		// 2026-11-11: 1 approved at once (DEU), 2 USA → review
		await submit('2026-11-11T02:00:00Z', { person: { nationality: 'DEU' } });
		const b = await submit('2026-11-11T04:00:00Z', { person: { nationality: 'USA' } });
		await submit('2026-11-11T05:00:00Z', { person: { nationality: 'USA' } });
		// outside the window (Shanghai 2026-11-12 00:30)
		await submit('2026-11-11T16:30:00Z');
		// decisions after 2 h and 10 h
		await decide(app.db, a.id, a.version, { kind: 'approve' }, officer, { now: new Date(Date.parse('2026-11-10T03:00:00Z') + 2 * HOUR) });
		await decide(app.db, b.id, b.version, { kind: 'reject', reason: 'other' }, officer, { now: new Date(Date.parse('2026-11-11T04:00:00Z') + 10 * HOUR) });

		const f = await dashboardFigures(app.db, { from: '2026-11-10', to: '2026-11-11' });
		expect(f.total).toBe(7);
		expect(f.approvedAutomatically).toBe(4);
		expect(f.automaticShare).toBeCloseTo(4 / 7, 6);
		expect(f.reviewed).toBe(2);
		expect(f.decisionHours).toEqual({ median: 2, p90: 10 });
		expect(f.perDay).toEqual([
			{ date: '2026-11-10', total: 4, automatic: 3 },
			{ date: '2026-11-11', total: 3, automatic: 1 }
		]);
		expect(f.byFinding).toEqual([{ code: 'VISA_FREE_NOT_ELIGIBLE', count: 3 }]);
		expect(f.byNationality).toEqual([
			{ nationality: 'FRA', count: 3 },
			{ nationality: 'USA', count: 3 },
			{ nationality: 'DEU', count: 1 }
		]);
		expect(f.queue.pending).toBe(1);
		const csv = figuresCsv(f);
		expect(csv).toContain('automatic_share,0.5714');
		expect(csv).toContain('2026-11-10,4,3');
	});
});
