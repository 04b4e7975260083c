import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { validDeclaration, type DeclarationOverrides } from '../../src/lib/domain/fixtures';
import { addDays, formatShanghaiInstant, shanghaiDate } from '../../src/lib/domain/dates';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { DATABASES } from './helpers';
import { startServer, type TestServer } from './server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies of every shape, read field by field in the assertions
type Json = Record<string, any>;

const HOUR = 3600_000;

describe.each(DATABASES)('declarations API on %s', (kind) => {
	let server: TestServer;
	let residential: string;
	let hotel: string;
	let uploadId: string;
	let seed = 1000;

	async function upload(): Promise<string> {
		const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
			.png()
			.toBuffer();
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'passport.png');
		const res = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: form });
		expect(res.status).toBe(201);
		return ((await res.json()) as { id: string }).id;
	}

	function declaration(overrides: DeclarationOverrides = {}, now = new Date()) {
		const d = validDeclaration(now, overrides, seed++);
		d.document.photoUploadId = uploadId;
		if (!overrides.accommodation || !('addressText' in overrides.accommodation)) d.accommodation.addressId ??= residential;
		if (d.accommodation.addressId === '01JANJUFIXTUREADDRESS00001') d.accommodation.addressId = residential;
		return d;
	}

	async function post(body: unknown, headers: Record<string, string> = {}) {
		const res = await fetch(`${server.url}/api/v1/declarations`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
		return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Json };
	}

	async function count(): Promise<number> {
		const rows = await server.query<{ n: number | string }>('select count(*) as n from declarations');
		return Number(rows[0].n);
	}

	beforeAll(async () => {
		server = await startServer(kind);
		const search = async (q: string) => ((await (await fetch(`${server.url}/api/v1/addresses?q=${encodeURIComponent(q)}`)).json()) as { items: { id: string; kind: string }[] }).items;
		residential = (await search('Huayuan')).find((a) => a.kind === 'residential')!.id;
		hotel = (await search('hotel')).find((a) => a.kind === 'hotel')!.id;
		uploadId = await upload();
	}, 120_000);
	afterAll(() => server?.cleanup());

	it('approves a valid declaration at once, with a receipt that verifies', async () => {
		const res = await post(declaration());
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ status: 'approved', findings: [] });
		expect(res.body.reference).toMatch(/^JB-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
		expect(res.body.accessCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
		const verify = await fetch(res.body.verifyUrl, { headers: { accept: 'application/json' } });
		expect(await verify.json()).toMatchObject({ genuine: true, current: true, reference: res.body.reference });
		const follow = await fetch(`${server.url}/api/v1/declarations/${res.body.reference}`, { headers: { 'x-access-code': res.body.accessCode } });
		expect(follow.status).toBe(200);
		expect(await follow.json()).toMatchObject({ status: 'approved' });
		const wrong = await fetch(`${server.url}/api/v1/declarations/${res.body.reference}`, { headers: { 'x-access-code': 'ABCDEFGH' } });
		expect(wrong.status).toBe(404);
		const unknown = await fetch(`${server.url}/api/v1/declarations/JB-AAAA-AAAA`, { headers: { 'x-access-code': res.body.accessCode } });
		expect(unknown.status).toBe(404);
		expect(await wrong.text()).toBe(await unknown.text());
	});

	it('rejects a tampered receipt token', async () => {
		const res = await post(declaration());
		const token = res.body.verifyUrl.split('/verify/')[1] as string;
		const [payload, sig] = token.split('.');
		const forged = Buffer.from(JSON.stringify({ r: 'JB-AAAA-AAAA', t: new Date().toISOString() })).toString('base64url');
		for (const bad of [`${forged}.${sig}`, `${payload}.${sig.slice(0, -2)}xx`, 'nonsense']) {
			const v = await fetch(`${server.url}/verify/${bad}`, { headers: { accept: 'application/json' } });
			expect(await v.json()).toEqual({ genuine: false });
		}
	});

	// Each finding: one declaration that triggers exactly that code, one just on the other side.
	const now = () => new Date();
	const checkInAgo = (ms: number) => formatShanghaiInstant(new Date(Date.now() - ms));
	const today = () => shanghaiDate(new Date());
	const cases: { code: string; status: string; hit: () => DeclarationOverrides; miss: () => DeclarationOverrides }[] = [
		{
			code: 'MRZ_MISMATCH',
			status: 'pending_review',
			hit: () => ({
				document: {
					mrz: buildTd3({
						issuingState: 'FRA',
						surname: 'DURAND',
						givenNames: 'MARIE CLAIRE',
						documentNumber: 'FR9999999',
						nationality: 'FRA',
						dateOfBirth: '1990-04-02',
						sex: 'F',
						expiryDate: addDays(today(), 5 * 365)
					})
				}
			}),
			miss: () => ({})
		},
		{
			code: 'DOCUMENT_EXPIRED',
			status: 'pending_review',
			hit: () => ({ document: { expiryDate: addDays(shanghaiDate(new Date(Date.now() - 2 * HOUR)), -1) } }),
			miss: () => ({ document: { expiryDate: addDays(today(), 30) }, accommodation: { checkOut: addDays(today(), 30) } })
		},
		{
			code: 'DOCUMENT_EXPIRES_DURING_STAY',
			status: 'approved',
			hit: () => ({ document: { expiryDate: addDays(today(), 10) }, accommodation: { checkOut: addDays(today(), 11) } }),
			miss: () => ({ document: { expiryDate: addDays(today(), 11) }, accommodation: { checkOut: addDays(today(), 11) } })
		},
		{
			code: 'PERMISSION_EXPIRED',
			status: 'pending_review',
			hit: () => ({ stay: { basis: 'visa', visaType: 'L', validUntil: addDays(shanghaiDate(new Date(Date.now() - 2 * HOUR)), -1), entryDate: addDays(today(), -5) } }),
			miss: () => ({ stay: { basis: 'visa', visaType: 'L', validUntil: addDays(today(), 20), entryDate: addDays(today(), -5) } })
		},
		// check-out given explicitly: the fixture's is 20 days after the check-in (2 h ago), which is yesterday in the first 2 h after midnight in Shanghai
		{
			code: 'PERMISSION_ENDS_DURING_STAY',
			status: 'approved',
			hit: () => ({ stay: { basis: 'visa', visaType: 'L', validUntil: addDays(today(), 19), entryDate: addDays(today(), -5) }, accommodation: { checkOut: addDays(today(), 20) } }),
			miss: () => ({ stay: { basis: 'visa', visaType: 'L', validUntil: addDays(today(), 20), entryDate: addDays(today(), -5) }, accommodation: { checkOut: addDays(today(), 20) } })
		},
		{ code: 'VISA_FREE_NOT_ELIGIBLE', status: 'pending_review', hit: () => ({ person: { nationality: 'USA' } }), miss: () => ({ person: { nationality: 'DEU' } }) },
		{ code: 'LATE_REGISTRATION', status: 'approved', hit: () => ({ accommodation: { checkIn: checkInAgo(25 * HOUR) } }), miss: () => ({ accommodation: { checkIn: checkInAgo(23 * HOUR) } }) },
		{
			code: 'LATE_REGISTRATION_SERIOUS',
			status: 'pending_review',
			hit: () => ({ accommodation: { checkIn: checkInAgo(97 * HOUR) }, stay: { entryDate: addDays(today(), -6) } }),
			miss: () => ({ accommodation: { checkIn: checkInAgo(95 * HOUR) }, stay: { entryDate: addDays(today(), -6) } })
		},
		{
			code: 'RESIDENCE_PERMIT_OVERDUE',
			status: 'pending_review',
			hit: () => ({ stay: { basis: 'visa', visaType: 'Z', validUntil: addDays(today(), 60), entryDate: addDays(shanghaiDate(new Date(Date.now() - 2 * HOUR)), -31) } }),
			miss: () => ({ stay: { basis: 'visa', visaType: 'Z', validUntil: addDays(today(), 60), entryDate: addDays(shanghaiDate(new Date(Date.now() - 2 * HOUR)), -30) } })
		},
		{
			code: 'PERMIT_CHANGE_REMINDER',
			status: 'approved',
			hit: () => ({ stay: { basis: 'residence_permit', validUntil: addDays(today(), 300), entryDate: undefined } }),
			miss: () => ({ stay: { basis: 'permanent_residence', validUntil: addDays(today(), 300), entryDate: undefined } })
		},
		{ code: 'ADDRESS_NOT_IN_REGISTRY', status: 'pending_review', hit: () => ({ accommodation: { addressId: undefined, addressText: 'No. 8 Some Road, Jiaxing' } }), miss: () => ({}) },
		{
			code: 'MINOR_WITHOUT_GUARDIAN',
			status: 'pending_review',
			hit: () => ({ person: { dateOfBirth: addDays(today(), -(17 * 365 + 100)) } }),
			miss: () => ({ person: { dateOfBirth: addDays(today(), -(18 * 365 + 10)) } })
		},
		{
			code: 'STATELESS_OR_REFUGEE',
			status: 'pending_review',
			hit: () => ({ person: { nationality: 'XXA' }, stay: { basis: 'visa', visaType: 'L', validUntil: addDays(today(), 60) } }),
			miss: () => ({ person: { nationality: 'FRA' }, stay: { basis: 'visa', visaType: 'L', validUntil: addDays(today(), 60) } })
		}
	];

	for (const c of cases) {
		it(`${c.code}: triggered on one side of the boundary, not on the other`, async () => {
			const hit = await post(declaration(c.hit(), now()));
			expect(hit.status, JSON.stringify(hit.body)).toBe(201);
			expect(hit.body.status).toBe(c.status);
			expect(hit.body.findings.map((f: { code: string }) => f.code)).toEqual([c.code]);
			expect(hit.body.findings[0].message.length).toBeGreaterThan(10);
			const miss = await post(declaration(c.miss(), now()));
			expect(miss.status, JSON.stringify(miss.body)).toBe(201);
			expect(miss.body.findings.map((f: { code: string }) => f.code)).not.toContain(c.code);
		});
	}

	it('HOTEL_ADDRESS for a registry hotel, not for a residential address', async () => {
		const hit = await post(declaration({ accommodation: { addressId: hotel } }));
		expect(hit.body.findings.map((f: { code: string }) => f.code)).toEqual(['HOTEL_ADDRESS']);
		expect(hit.body.status).toBe('pending_review');
	});

	it('OVER_OCCUPANCY once more people than the setting hold current declarations for one unit', async () => {
		await server.query(`update settings set value = '2' where key = 'max_foreign_occupants'`);
		try {
			const unit = { unit: 'Bldg 99, Room 9901' };
			const first = await post(declaration({ accommodation: unit }));
			const second = await post(declaration({ accommodation: unit }));
			const third = await post(declaration({ accommodation: unit }));
			expect(first.body.findings).toEqual([]);
			expect(second.body.findings).toEqual([]);
			expect(third.body.findings.map((f: { code: string }) => f.code)).toEqual(['OVER_OCCUPANCY']);
		} finally {
			await server.query(`update settings set value = '6' where key = 'max_foreign_occupants'`);
		}
	});

	it('WATCHLIST sends to review but the resident never sees it: they see a routine check', async () => {
		const res = await post(declaration({ document: { number: 'WL0000001' } }));
		expect(res.body.status).toBe('pending_review');
		expect(res.body.findings.map((f: { code: string }) => f.code)).toEqual(['ROUTINE_CHECK']);
		expect(JSON.stringify(res.body)).not.toContain('WATCHLIST');
		const rows = await server.query<{ findings: string }>('select findings from declarations where reference = ?', [res.body.reference]);
		expect(JSON.parse(rows[0].findings).map((f: { code: string }) => f.code)).toEqual(['WATCHLIST']);
	});

	it('answers a repeat with the original reference and creates nothing', async () => {
		const d = declaration();
		const first = await post(d);
		const before = await count();
		const again = await post(d);
		expect(again.status).toBe(200);
		expect(again.body.reference).toBe(first.body.reference);
		expect(again.body.accessCode).toBeNull();
		const keyed = declaration();
		const k1 = await post(keyed, { 'idempotency-key': 'key-abcdef-123' });
		// the same body (its keys in another order) under the same key: the original answer
		const reordered = Object.fromEntries(Object.entries(keyed).reverse());
		const k2 = await post(reordered, { 'idempotency-key': 'key-abcdef-123' });
		expect(k2.status).toBe(200);
		expect(k2.body.reference).toBe(k1.body.reference);
		expect(k2.body.accessCode).toBe(k1.body.accessCode);
		expect(await count()).toBe(before + 1);
	});

	it('an Idempotency-Key is bound to its body: another body under the same key is 422 and reveals nothing of the first', async () => {
		const keyed = declaration();
		const k1 = await post(keyed, { 'idempotency-key': 'key-bound-0001' });
		expect(k1.status).toBe(201);
		const before = await count();
		// someone else's declaration, a changed phone number, a valid body that is a repeat of nothing
		for (const other of [declaration(), { ...keyed, contact: { phone: '+33 6 00 00 00 00' } }]) {
			const reused = await post(other, { 'idempotency-key': 'key-bound-0001' });
			expect(reused.status).toBe(422);
			expect(reused.type).toContain('application/problem+json');
			expect(reused.body).toMatchObject({ status: 422, code: 'idempotency_key_reused', type: expect.stringContaining('idempotency_key_reused') });
			expect(reused.body.title).toMatch(/already used/);
			const text = JSON.stringify(reused.body);
			expect(text).not.toContain(k1.body.reference);
			expect(text).not.toContain(k1.body.accessCode);
			expect(reused.body).not.toHaveProperty('reference');
			expect(reused.body).not.toHaveProperty('errors');
		}
		expect(await count()).toBe(before);
		// the right body still gets the original answer
		const again = await post(keyed, { 'idempotency-key': 'key-bound-0001' });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ reference: k1.body.reference, accessCode: k1.body.accessCode });
	});

	it('concurrent identical submissions: exactly one is stored', async () => {
		// concurrent identical submissions: exactly one is stored
		const racing = declaration();
		const results = await Promise.all(Array.from({ length: 6 }, () => post(racing)));
		expect(new Set(results.map((r) => r.body.reference)).size).toBe(1);
		expect(results.filter((r) => r.status === 201)).toHaveLength(1);
	});

	it('a newer approved declaration at another address supersedes the older one', async () => {
		const number = 'SUP12345';
		const older = await post(declaration({ document: { number }, accommodation: { checkIn: checkInAgo(20 * HOUR), unit: 'Room 1' } }));
		const newer = await post(declaration({ document: { number }, accommodation: { checkIn: checkInAgo(2 * HOUR), unit: 'Room 2' } }));
		expect(older.body.status).toBe('approved');
		expect(newer.body.status).toBe('approved');
		const rows = await server.query<{ status: string; stay_end: string | null }>('select status, stay_end from declarations where reference = ?', [older.body.reference]);
		expect(rows[0].status).toBe('superseded');
		expect(rows[0].stay_end).toBe(shanghaiDate(new Date(Date.now() - 2 * HOUR)));
		const v = await fetch(older.body.verifyUrl, { headers: { accept: 'application/json' } });
		expect(await v.json()).toMatchObject({ genuine: true, current: false, status: 'superseded' });
	});

	it("someone else's document number with another name, sex or birth date supersedes nothing: DOCUMENT_IN_USE, the older one stays", async () => {
		const number = 'VIC12345';
		const victim = await post(declaration({ document: { number }, accommodation: { checkIn: checkInAgo(20 * HOUR), unit: 'Room 11' } }));
		expect(victim.body.status).toBe('approved');
		const others = [{ surname: 'MALLORY', givenNames: 'EVE' }, { givenNames: 'MARIE' }, { sex: 'M' as const }, { dateOfBirth: '1991-04-02' }];
		for (const [i, person] of others.entries()) {
			const attack = await post(declaration({ person, document: { number }, accommodation: { checkIn: checkInAgo(2 * HOUR), unit: `Room ${20 + i}` } }));
			expect(attack.status, JSON.stringify(attack.body)).toBe(201);
			expect(attack.body.status).toBe('pending_review');
			expect(attack.body.findings.map((f: { code: string }) => f.code)).toEqual(['DOCUMENT_IN_USE']);
			expect(attack.body.findings[0].message).toContain('passport number');
		}
		const rows = await server.query<{ status: string; stay_end: string | null }>('select status, stay_end from declarations where reference = ?', [victim.body.reference]);
		expect(rows[0]).toEqual({ status: 'approved', stay_end: null });
		const v = await fetch(victim.body.verifyUrl, { headers: { accept: 'application/json' } });
		expect(await v.json()).toMatchObject({ genuine: true, current: true, status: 'approved' });
	});

	it('the same person moving, names typed in another case, still supersedes and gets no DOCUMENT_IN_USE', async () => {
		const number = 'MOV12345';
		const older = await post(declaration({ document: { number }, accommodation: { checkIn: checkInAgo(20 * HOUR), unit: 'Room 31' } }));
		// as a row from before person_index: the person is read from its snapshot
		await server.query('update declarations set person_index = null where reference = ?', [older.body.reference]);
		const newer = await post(declaration({ person: { surname: 'Dupont', givenNames: 'Marie Claire' }, document: { number }, accommodation: { checkIn: checkInAgo(2 * HOUR), unit: 'Room 32' } }));
		expect(newer.body).toMatchObject({ status: 'approved', findings: [] });
		const rows = await server.query<{ status: string }>('select status from declarations where reference = ?', [older.body.reference]);
		expect(rows[0].status).toBe('superseded');
	});

	it('reads Arabic-Indic and full-width digits in numeric fields as ASCII', async () => {
		const d = declaration();
		const arabic = (v: string) => v.replace(/[0-9]/g, (c) => String.fromCodePoint(0x0660 + Number(c)));
		const fullWidth = (v: string) => v.replace(/[0-9:+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
		d.person.dateOfBirth = arabic(d.person.dateOfBirth);
		d.document.number = fullWidth(d.document.number);
		d.document.mrz = arabic(d.document.mrz!);
		d.accommodation.checkIn = fullWidth(d.accommodation.checkIn);
		d.host!.phone = arabic(d.host!.phone);
		d.contact.phone = fullWidth(d.contact.phone!);
		const res = await post(d);
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ status: 'approved', findings: [] });
	});

	describe('invalid input: 422 problem+json, every field listed, nothing stored', () => {
		const invalid: [string, (d: Json) => void, string, string][] = [
			['missing surname', (d) => delete d.person.surname, 'person.surname', 'required'],
			['unknown nationality', (d) => (d.person.nationality = 'ZZZ'), 'person.nationality', 'invalid_nationality'],
			['birth date in the future', (d) => (d.person.dateOfBirth = addDays(today(), 2)), 'person.dateOfBirth', 'date_in_future'],
			['age over 120', (d) => (d.person.dateOfBirth = '1900-01-01'), 'person.dateOfBirth', 'too_old'],
			['2026-02-30', (d) => (d.person.dateOfBirth = '2026-02-30'), 'person.dateOfBirth', 'invalid_date'],
			['checkOut before checkIn', (d) => (d.accommodation.checkOut = addDays(today(), -3)), 'accommodation.checkOut', 'checkout_before_checkin'],
			['entry after check-in', (d) => (d.stay.entryDate = addDays(today(), 1)), 'stay.entryDate', 'entry_after_checkin'],
			['check-in more than 7 days ahead', (d) => (d.accommodation.checkIn = formatShanghaiInstant(new Date(Date.now() + 8 * 24 * HOUR))), 'accommodation.checkIn', 'checkin_too_far_ahead'],
			['MRZ check digit', (d) => (d.document.mrz = d.document.mrz.slice(0, 53) + (d.document.mrz[53] === '1' ? '2' : '1') + d.document.mrz.slice(54)), 'document.mrz', 'mrz_check_digit'],
			['bad cn_resident_id', (d) => (d.host.idNumber = '110105198503120021'), 'host.idNumber', 'invalid_cn_id'],
			['bad foreign permanent resident id', (d) => ((d.host.idType = 'foreign_permanent_resident_id'), (d.host.idNumber = '12345')), 'host.idNumber', 'invalid_fpr_id'],
			['no contact', (d) => (d.contact = {}), 'contact', 'contact_required'],
			['consent false', (d) => (d.consent = false), 'consent', 'consent_required'],
			['unknown upload', (d) => (d.document.photoUploadId = '01JZZZZZZZZZZZZZZZZZZZZZZZ'), 'document.photoUploadId', 'unknown_upload'],
			['host missing when renting', (d) => delete d.host, 'host', 'host_required'],
			['unknown field', (d) => (d.person.favouriteColour = 'blue'), 'person.favouriteColour', 'unknown_field'],
			['a right-to-left override in a name', (d) => (d.person.surname = 'MAL\u202eYROLL'), 'person.surname', 'invalid_characters'],
			['a zero-width space in given names', (d) => (d.person.givenNames = 'EVE\u200b'), 'person.givenNames', 'invalid_characters'],
			['a C1 control in the host name', (d) => (d.host.name = 'WANG\u0085FANG'), 'host.name', 'invalid_characters'],
			['a lone surrogate in a name', (d) => (d.person.surname = 'DU\ud800PONT'), 'person.surname', 'invalid_characters']
		];
		for (const [name, mutate, path, code] of invalid) {
			it(name, async () => {
				const d = declaration() as unknown as Json;
				mutate(d);
				const before = await count();
				const res = await post(d);
				expect(res.status).toBe(422);
				expect(res.type).toContain('application/problem+json');
				expect(res.body.errors).toContainEqual(expect.objectContaining({ path, code }));
				for (const e of res.body.errors) expect(e.message).not.toMatch(/^validation\./);
				expect(await count()).toBe(before);
			});
		}

		it('lists every invalid field at once, with messages in the declaration language', async () => {
			const d = declaration({ language: 'zh-hans' }) as unknown as Json;
			d.person.nationality = 'ZZZ';
			d.consent = false;
			d.contact = {};
			const res = await post(d);
			expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['consent', 'contact', 'person.nationality']);
			expect(res.body.errors[0].message).toMatch(/[\u4e00-\u9fff]/);
		});
	});

	describe('hostile input gets a clear 4xx, never a 500, and stores nothing', () => {
		it('wrong content type, invalid JSON, invalid UTF-8, oversized body, script and SQL text', async () => {
			const before = await count();
			const text = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
			expect(text.status).toBe(415);
			expect((await post('{"declarant":')).status).toBe(400);
			const badUtf8 = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) });
			expect(badUtf8.status).toBe(400);
			const huge = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'a'.repeat(10 * 1024 * 1024) }) });
			expect(huge.status).toBe(413);
			const nasty = declaration() as unknown as Json;
			nasty.person.surname = "Robert'); DROP TABLE declarations;--";
			nasty.person.givenNames = '<script>alert(1)</script>';
			nasty.accommodation.unit = "' OR 1=1 --";
			const res = await post(nasty);
			expect([201, 422]).toContain(res.status);
			expect((await post([])).status).toBe(422);
			expect((await post(null)).status).toBe(422);
			expect((await post('"just a string"')).status).toBe(422);
			expect(await count()).toBeGreaterThanOrEqual(before);
			expect(await count()).toBeLessThanOrEqual(before + 1);
		});

		it('uploads: a PDF or text named .jpg, a PNG named .jpg is accepted by content, metadata is stripped', async () => {
			const pdf = new FormData();
			pdf.append('file', new Blob(['%PDF-1.4\n1 0 obj<<>>endobj\n'], { type: 'image/jpeg' }), 'passport.jpg');
			const r1 = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: pdf });
			expect(r1.status).toBe(415);
			expect(r1.headers.get('content-type')).toContain('problem+json');
			const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
				.png()
				.toBuffer();
			const named = new FormData();
			named.append('file', new Blob([new Uint8Array(png)], { type: 'image/jpeg' }), 'photo.jpg');
			const r2 = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: named });
			expect(r2.status).toBe(201);
			const r3 = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			expect(r3.status).toBe(415);
			const broken = new FormData();
			broken.append('file', new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x01])], { type: 'image/jpeg' }), 'x.jpg');
			expect((await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: broken })).status).toBe(422);
		});

		it('a cross-origin browser POST to the API is refused', async () => {
			const res = await fetch(`${server.url}/api/v1/declarations`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
				body: JSON.stringify(declaration())
			});
			expect(res.status).toBe(403);
		});
	});

	it('stores no passport number, name or phone number in clear', async () => {
		const d = declaration({ person: { surname: 'ZYXWVUTSRQ', givenNames: 'QWERTYASDF' }, document: { number: 'PLAIN9876' }, contact: { phone: '+33 6 98 76 54 32' } });
		const res = await post(d);
		expect(res.status).toBe(201);
		const needles = ['ZYXWVUTSRQ', 'QWERTYASDF', 'PLAIN9876', '98 76 54 32', 'WANG FANG'];
		let haystack: string;
		if (kind === 'sqlite') {
			// checkpoint so the WAL is in the file too, then read every byte of both
			await server.query('pragma wal_checkpoint(FULL)');
			const file = path.join(server.dataDir, 'anju.sqlite');
			haystack = fs.readFileSync(file).toString('latin1') + (fs.existsSync(file + '-wal') ? fs.readFileSync(file + '-wal').toString('latin1') : '');
		} else {
			const tables = ['declarations', 'declaration_events', 'uploads', 'audit_log'];
			const dumps = await Promise.all(tables.map((t) => server.query(`select t::text as row from ${t} t`)));
			haystack = JSON.stringify(dumps);
		}
		for (const needle of needles) expect(haystack.includes(needle), needle).toBe(false);
	});
});
