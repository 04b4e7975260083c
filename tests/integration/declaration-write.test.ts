import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { createAddress } from '../../src/lib/server/addresses';
import { findForResident } from '../../src/lib/server/follow-up';
import { submitDeclaration } from '../../src/lib/server/submission';
import { verifyReceipt } from '../../src/lib/server/declarations';
import * as ids from '../../src/lib/server/ids';
import { storeUpload } from '../../src/lib/server/uploads';
import { createTestApp, DATABASES, type TestApp } from './helpers';

// The writing half of a submission: the declaration, its event and the upload's use land together
// (on PostgreSQL in one statement), and a reference drawn twice gets a new one, signed anew.

vi.mock('../../src/lib/server/ids', async (original) => {
	const real = await original<typeof import('../../src/lib/server/ids')>();
	return { ...real, newReference: vi.fn(real.newReference) };
});

describe.each(DATABASES)('storing a submission on %s', (kind) => {
	let t: TestApp;
	let addressId: string;
	let seed = 9700;

	beforeAll(async () => {
		t = await createTestApp(kind);
		addressId = await t.db.write((tx) => createAddress(tx, { label: '嘉北花园9幢', labelEn: 'Bldg 9, Jiabei Huayuan', kind: 'residential' }));
	});
	afterAll(() => t?.cleanup());

	async function body() {
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#557799' } })
			.png()
			.toBuffer();
		const upload = await storeUpload(t.db, png);
		if (!upload.ok) throw new Error(upload.reason);
		const d = validDeclaration(new Date(), {}, seed++);
		d.document.photoUploadId = upload.id;
		d.accommodation.addressId = addressId;
		return d;
	}

	it('stores the declaration, its submitted event and the upload as used, together', async () => {
		const d = await body();
		const r = await submitDeclaration(t.db, d);
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		const row = await t.db.selectFrom('declarations').select(['id', 'submitted_at', 'photo_upload_id']).where('reference', '=', r.reference).executeTakeFirstOrThrow();
		expect(row.photo_upload_id).toBe(d.document.photoUploadId);
		const events = await t.db.selectFrom('declaration_events').select(['type', 'to_status', 'data']).where('declaration_id', '=', row.id).execute();
		expect(events).toEqual([{ type: 'submitted', to_status: 'approved', data: expect.stringContaining('"ruleSetVersion"') }]);
		const upload = await t.db.selectFrom('uploads').select('used_at').where('id', '=', d.document.photoUploadId).executeTakeFirstOrThrow();
		expect(upload.used_at).toBe(row.submitted_at);
	});

	it('a reference already taken is drawn again: both stored, the second followable and its receipt signed for its own reference', async () => {
		const first = await submitDeclaration(t.db, await body());
		if (!first.ok) throw new Error(JSON.stringify(first.errors));
		// the next draw repeats the first declaration's reference
		vi.mocked(ids.newReference).mockReturnValueOnce(first.reference);
		const d = await body();
		const second = await submitDeclaration(t.db, d);
		if (!second.ok) throw new Error(JSON.stringify(second.errors));
		expect(second.created).toBe(true);
		expect(second.reference).not.toBe(first.reference);
		expect(second.reference).toMatch(/^JB-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		// the first is untouched, the second is whole under its new reference
		expect((await findForResident(t.db, first.reference, first.accessCode!))?.row.document_index).toBeDefined();
		const found = await findForResident(t.db, second.reference, second.accessCode!);
		expect(found?.row.photo_upload_id).toBe(d.document.photoUploadId);
		expect(await verifyReceipt(t.db, second.receiptToken!)).toMatchObject({ genuine: true, reference: second.reference });
		const stored = await t.db.selectFrom('declarations').select('id').where('photo_upload_id', '=', d.document.photoUploadId).execute();
		expect(stored).toHaveLength(1);
	});
});
