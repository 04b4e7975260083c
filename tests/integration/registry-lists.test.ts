import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAddress, getAddress, importAddresses, previewAddressCsv, searchAddresses, updateAddress } from '../../src/lib/server/addresses';
import { addToWatchlist, changeLists, getLists, listWatchlist } from '../../src/lib/server/lists';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const admin = { id: null, role: 'admin' as const, ip: null };
const utf8 = (s: string) => new TextEncoder().encode(s);

describe.each(DATABASES)('registry and rule lists on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	it('previews a CSV with per-line errors and imports nothing until every line is right', async () => {
		const bad = await previewAddressCsv(app.db, utf8('label,label_en,kind\n嘉北公寓1幢,"Bldg 1, Jiabei Gongyu",residential\n,No label,hotel\n嘉北酒店,Jiabei Hotel,castle\n'));
		expect(bad.ok).toBe(true);
		if (!bad.ok) return;
		expect(bad.rows.map((r) => [r.line, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
			[2, []],
			[3, ['label:required']],
			[4, ['kind:invalid_choice']]
		]);
		expect(await importAddresses(app.db, bad, admin)).toBe(0);
		expect(await searchAddresses(app.db, 'Gongyu')).toEqual([]);

		const good = await previewAddressCsv(app.db, utf8('\uFEFFlabel,label_en,kind\r\n嘉北公寓1幢,"Bldg 1, Jiabei Gongyu",residential\r\n嘉北公寓2幢,"Bldg 2, Jiabei Gongyu",dormitory\r\n'));
		if (!good.ok) throw new Error('preview');
		expect(await importAddresses(app.db, good, admin)).toBe(2);
		expect((await searchAddresses(app.db, 'jiabeigongyu')).map((a) => a.label).sort()).toEqual(['嘉北公寓1幢', '嘉北公寓2幢']);
		const again = await previewAddressCsv(app.db, utf8('label,label_en,kind\n嘉北公寓1幢,x,residential\n'));
		expect(again.ok && again.rows[0].duplicate).toBe(true);
	});

	it('names the line each record starts on, past blank lines and quoted line breaks, and flags a wrong number of values', async () => {
		const file = [
			'label,label_en,kind', // 1
			'', // 2
			'嘉南公寓3幢,"Bldg 3,\nJiannan Gongyu",residential', // 3–4
			'嘉南公寓4幢,Bldg 4 Jiannan Gongyu,dormitory', // 5
			'', // 6
			',No label,hotel', // 7
			'嘉南公寓5幢,Bldg 5 Jiannan Gongyu', // 8: two values
			'嘉南公寓6幢,Bldg 6 Jiannan Gongyu,office,extra', // 9: four values
			'嘉南公寓7幢,"Bldg 7\r\n""Jiannan""",hotel', // 10–11
			'嘉南公寓8幢,Bldg 8,castle' // 12
		].join('\n');
		const preview = await previewAddressCsv(app.db, utf8(file + '\n'));
		if (!preview.ok) throw new Error(preview.error);
		expect(preview.rows.map((r) => [r.line, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
			[3, []],
			[5, []],
			[7, ['label:required']],
			[8, ['fieldCount:invalid_format']],
			[9, ['fieldCount:invalid_format']],
			[10, []],
			[12, ['kind:invalid_choice']]
		]);
		expect(preview.rows[0].labelEn).toBe('Bldg 3,\nJiannan Gongyu');
		expect(preview.rows[3].errors[0]).toMatchObject({ expected: 3, found: 2 });
		expect(preview.rows[4].errors[0]).toMatchObject({ expected: 3, found: 4 });
		expect(preview.rows[5].labelEn).toBe('Bldg 7\r\n"Jiannan"');
		expect([preview.valid, preview.invalid]).toEqual([3, 4]);

		// all or nothing: the four good lines are not imported either
		expect(await importAddresses(app.db, preview, admin)).toBe(0);
		expect(await app.db.selectFrom('addresses').select('label').where('label', 'like', '嘉南%').execute()).toEqual([]);

		// the same with CRLF line ends, and the expected number of values follows the header row
		const crlf = await previewAddressCsv(app.db, utf8('label,label_en,kind,note\r\n\r\n嘉南公寓9幢,"Bldg 9\r\nJiannan",hotel,\r\n嘉南公寓10幢,Bldg 10,hotel\r\n'));
		if (!crlf.ok) throw new Error(crlf.error);
		expect(crlf.rows.map((r) => [r.line, r.errors.map((e) => e.field)])).toEqual([
			[3, []],
			[5, ['fieldCount']]
		]);
		expect(await importAddresses(app.db, crlf, admin)).toBe(0);
		expect(await app.db.selectFrom('addresses').select('label').where('label', 'like', '嘉南%').execute()).toEqual([]);
	});

	it('reads CRLF, LF and CR mixed in one file, and refuses a quoted value never closed, naming the line its record starts on', async () => {
		const mixed = await previewAddressCsv(app.db, utf8('label,label_en,kind\r\n嘉西公寓1幢,"Bldg 1\nJiaxi",hotel\n\r嘉西公寓2幢,Bldg 2,castle\r'));
		if (!mixed.ok) throw new Error(mixed.error);
		expect(mixed.rows.map((r) => [r.line, r.labelEn, r.errors.map((e) => `${e.field}:${e.code}`)])).toEqual([
			[2, 'Bldg 1\nJiaxi', []],
			[5, 'Bldg 2', ['kind:invalid_choice']]
		]);
		const unclosed = utf8('label,label_en,kind\n\n嘉西公寓3幢,"Bldg 3,hotel\n嘉西公寓4幢,Bldg 4,hotel\n');
		expect(await previewAddressCsv(app.db, unclosed)).toEqual({ ok: false, error: 'unclosed_quote', line: 3 });
		expect(await app.db.selectFrom('addresses').select('label').where('label', 'like', '嘉西%').execute()).toEqual([]);
	});

	it('refuses a label another address has when an admin adds or edits one, changing nothing', async () => {
		const count = async () => (await app.db.selectFrom('addresses').select('id').execute()).length;
		const auditCount = async () => (await app.db.selectFrom('audit_log').select('seq').where('action', 'in', ['address.create', 'address.update', 'address.retire']).execute()).length;
		const first = await addAddress(app.db, { label: '嘉东花园7幢', labelEn: 'Bldg 7, Jiadong Huayuan', kind: 'residential' }, admin);
		const second = await addAddress(app.db, { label: '嘉东花园8幢', labelEn: 'Bldg 8, Jiadong Huayuan', kind: 'residential' }, admin);
		if (!first.ok || !second.ok) throw new Error('add');
		const [addresses, audits] = [await count(), await auditCount()];

		expect(await addAddress(app.db, { label: '嘉东花园7幢', labelEn: 'Another', kind: 'hotel' }, admin)).toEqual({ ok: false, reason: 'duplicate' });
		expect(await updateAddress(app.db, second.id, { label: '嘉东花园7幢', labelEn: 'Bldg 7', kind: 'residential', active: true }, admin)).toEqual({ ok: false, reason: 'duplicate' });
		expect(await count()).toBe(addresses);
		expect(await auditCount()).toBe(audits);
		expect((await getAddress(app.db, second.id))?.label).toBe('嘉东花园8幢');

		// a retired address keeps its label; the address itself may keep its own label on an edit
		expect(await updateAddress(app.db, first.id, { label: '嘉东花园7幢', labelEn: 'Bldg 7, Jiadong Huayuan', kind: 'residential', active: false }, admin)).toEqual({ ok: true, id: first.id });
		expect(await addAddress(app.db, { label: '嘉东花园7幢', labelEn: 'Bldg 7', kind: 'residential' }, admin)).toEqual({ ok: false, reason: 'duplicate' });
		expect(await updateAddress(app.db, 'no-such-address', { label: '嘉东花园9幢', labelEn: 'Bldg 9', kind: 'residential', active: true }, admin)).toEqual({ ok: false, reason: 'not_found' });
	});

	it('refuses a file in the wrong encoding or with missing columns', async () => {
		const gbk = new Uint8Array([0x6c, 0x61, 0x62, 0x65, 0x6c, 0x0a, 0xbc, 0xce, 0xb1, 0xb1]); // "label\n嘉北" in GBK
		expect(await previewAddressCsv(app.db, gbk)).toEqual({ ok: false, error: 'encoding' });
		expect(await previewAddressCsv(app.db, utf8('label,kind\nx,hotel\n'))).toEqual({ ok: false, error: 'missing_columns', missing: ['label_en'] });
	});

	it('changes lists with a new version and a snapshot; refuses an invalid nationality', async () => {
		const before = await getLists(app.db);
		expect(await changeLists(app.db, { kind: 'add', list: 'visa_free', nationality: 'ZZZ' }, admin)).toEqual({ ok: false, reason: 'invalid_nationality' });
		expect(await changeLists(app.db, { kind: 'add', list: 'visa_free', nationality: 'USA' }, admin)).toEqual({ ok: true, version: before.version + 1 });
		expect(await changeLists(app.db, { kind: 'max_foreign_occupants', value: 0 }, admin)).toEqual({ ok: false, reason: 'invalid_number' });
		expect(await changeLists(app.db, { kind: 'max_foreign_occupants', value: 8 }, admin)).toEqual({ ok: true, version: before.version + 2 });
		const after = await getLists(app.db);
		expect(after.visaFree).toContain('USA');
		expect(after.maxForeignOccupants).toBe(8);
		const snapshots = await app.db.selectFrom('list_versions').selectAll().orderBy('version').execute();
		expect(snapshots.map((s) => s.version)).toEqual([before.version, before.version + 1, before.version + 2]);
		expect(JSON.parse(snapshots[0].visa_free)).not.toContain('USA');
		expect(JSON.parse(snapshots[1].visa_free)).toContain('USA');
		const audit = await app.db.selectFrom('audit_log').select('action').where('action', '=', 'lists.change').execute();
		expect(audit).toHaveLength(2);
	});

	it('keeps watch-list document numbers encrypted and refuses an invalid nationality', async () => {
		expect(await addToWatchlist(app.db, { documentNumber: 'X1', nationality: 'QQQ', reason: 'r' }, admin)).toMatchObject({ ok: false, field: 'nationality' });
		const added = await addToWatchlist(app.db, { documentNumber: 'wl7777777', nationality: 'deu', reason: 'test entry' }, admin);
		expect(added.ok).toBe(true);
		const raw = await app.db.selectFrom('watchlist').selectAll().execute();
		expect(JSON.stringify(raw)).not.toContain('WL7777777');
		expect((await listWatchlist(app.db, admin)).map((e) => e.documentNumber)).toContain('WL7777777');
		expect(await addToWatchlist(app.db, { documentNumber: 'WL7777777', nationality: 'DEU', reason: 'again' }, admin)).toMatchObject({ ok: false, reason: 'duplicate' });
	});
});
