import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddress, findAddresses, listRegistry, searchAddresses } from '../../src/lib/server/addresses';
import { DEMO_ADDRESSES } from '../../src/lib/server/demo/data';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { startServer, type TestServer } from './server';

// Issue 13.4: the registry search finds the place — ranked by where the words match (the place's
// own name before the areas every address shares), homes before hotels, numbers by value — in
// Chinese, pinyin and English, with every match reachable past the first ten.

const en = (hits: { labelEn: string }[]) => hits.map((h) => h.labelEn.split(', (')[0].split(', Jiabei Subdistrict')[0]);
const JIABEI_HUAYUAN = [1, 2, 3, 5, 6, 8, 9, 10].map((n) => `Bldg ${n}, Jiabei Huayuan (Jiabei Garden)`);

describe.each(DATABASES)('address search on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
		for (const a of DEMO_ADDRESSES) await app.db.write((tx) => createAddress(tx, { label: a.label, labelEn: a.labelEn, kind: a.kind }));
	});
	afterAll(() => app?.cleanup());

	it('"jiabei" puts the Jiabei Garden compound first, in building order, before the hotel and the places merely in Jiabei Subdistrict', async () => {
		const found = await findAddresses(app.db, 'jiabei', { limit: 10 });
		expect(en(found.hits).slice(0, 8)).toEqual(JIABEI_HUAYUAN);
		// then the other places whose own name is Jiabei…: homes (the longer dormitory name) before the hotel
		const rest = en(found.hits.slice(8));
		expect(rest[0]).toMatch(/Jiabei Industrial Park Staff Dormitory/);
		const all = en((await findAddresses(app.db, 'jiabei', { limit: 100 })).hits);
		const hotel = all.findIndex((l) => l.startsWith('Jiabei Shangwu Jiudian'));
		expect(hotel).toBeGreaterThan(all.indexOf('Bldg 10, Jiabei Huayuan (Jiabei Garden)'));
		// and every address that has "Jiabei" only in its area comes after every one named so
		const named = all.map((l) => /^([^,]+, )?Jiabei/.test(l));
		expect(named.indexOf(false)).toBe(named.lastIndexOf(true) + 1);
		// every demo address is in Jiabei Subdistrict: all of them match, ranked below the names
		expect(found.total).toBe(DEMO_ADDRESSES.length);
		expect(found.capped).toBe(false);
	});

	it('reaches every match past the first ten, page by page, without repeats', async () => {
		const seen: string[] = [];
		for (let offset = 0; offset < 200; offset += 10) {
			const page = await findAddresses(app.db, 'jiabei', { offset, limit: 10 });
			if (page.hits.length === 0) break;
			seen.push(...page.hits.map((h) => h.id));
		}
		expect(seen.length).toBe(DEMO_ADDRESSES.length);
		expect(new Set(seen).size).toBe(seen.length);
		expect((await searchAddresses(app.db, 'jiabei', 25)).length).toBe(25);
	});

	it.each([
		['pinyin with spaces', 'jiabei huayuan'],
		['pinyin with tone marks', 'Jiāběi Huāyuán'],
		['pinyin typed solid', 'jiabeihuayuan'],
		['English', 'Jiabei Garden'],
		['Chinese', '嘉北花园'],
		['Chinese, the first two characters', '嘉北'],
		['full-width letters', 'ｊｉａｂｅｉ']
	])('%s (%s) finds Jiabei Garden first, Bldg 1 to Bldg 10 in numeric order', async (_, q) => {
		const hits = await searchAddresses(app.db, q, 8);
		expect(en(hits)).toEqual(JIABEI_HUAYUAN);
	});

	it('a building number picks that building: "jiabei 10" is Bldg 10, "huayuan 1" is Bldg 1 before Bldg 10', async () => {
		expect(en(await searchAddresses(app.db, 'jiabei 10', 1))).toEqual(['Bldg 10, Jiabei Huayuan (Jiabei Garden)']);
		const one = en(await searchAddresses(app.db, 'huayuan 1', 3));
		expect(one[0]).toBe('Bldg 1, Jiabei Huayuan (Jiabei Garden)');
		expect(one).toContain('Bldg 10, Jiabei Huayuan (Jiabei Garden)');
	});

	it('a compound named in another compound\'s area words comes first: "hexing" is Hexing New Village before anything merely in its area', async () => {
		const hits = await searchAddresses(app.db, 'hexing', 6);
		expect(hits.every((h) => /Hexing Xincun/.test(h.labelEn))).toBe(true);
		expect(en(hits).slice(0, 3)).toEqual(['Bldg 1', 'Bldg 2', 'Bldg 3'].map((b) => `${b}, Hexing Xincun (Hexing New Village)`));
	});

	it('the admin list orders numbers by value too', async () => {
		const rows = await listRegistry(app.db, '嘉北花园');
		expect(rows.map((r) => r.label.replace(/^.*嘉北花园/, ''))).toEqual(['1幢', '2幢', '3幢', '5幢', '6幢', '8幢', '9幢', '10幢']);
	});
});

describe.each(DATABASES)('GET /api/v1/addresses on %s', (kind) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer(kind);
	}, 120_000);
	afterAll(() => server?.cleanup());

	type Page = { items: { id: string; label: string; kind: string }[]; total: number; capped: boolean };
	const get = async (query: string, lang = 'en'): Promise<Page> => {
		const res = await fetch(`${server.url}/api/v1/addresses?${query}`, { headers: { 'accept-language': lang, cookie: `anju_lang=${lang}` } });
		expect(res.status).toBe(200);
		return (await res.json()) as Page;
	};

	it('ranks, counts and pages: { items: [{ id, label, kind }], total }', async () => {
		const first = await get('q=jiabei');
		expect(first.items).toHaveLength(10);
		expect(Object.keys(first.items[0]).sort()).toEqual(['id', 'kind', 'label']);
		expect(first.items[0].label).toMatch(/^Bldg 1, Jiabei Huayuan/);
		expect(first.items[7].label).toMatch(/^Bldg 10, Jiabei Huayuan/);
		expect(first.total).toBeGreaterThan(10);
		const second = await get('q=jiabei&offset=10');
		expect(second.items).toHaveLength(10);
		expect(second.items.some((i) => first.items.some((f) => f.id === i.id))).toBe(false);
	});

	it('takes crafted paging parameters without an error', async () => {
		for (const q of ['q=jiabei&offset=-5', 'q=jiabei&offset=abc&limit=zz', 'q=jiabei&limit=100000', 'q=jiabei&offset=1e9', 'q=%25%25_']) {
			const page = await get(q);
			expect(page.items.length).toBeLessThanOrEqual(50);
		}
		expect((await get('q=jiabei&limit=3')).items).toHaveLength(3);
	});
});
