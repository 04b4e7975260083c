import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { validDeclaration, type DeclarationOverrides } from '../../src/lib/domain/fixtures';
import type { DeclarationInput } from '../../src/lib/domain/declaration';
import { LANGUAGES } from '../../src/lib/i18n';
import { createApp, type AppContext } from '../../src/lib/server/app';
import { createDraft, DRAFT_COOKIE } from '../../src/lib/server/drafts';
import { decrypt } from '../../src/lib/server/crypto';
import { DATABASES } from './helpers';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// Issue 14.1: a watch-list hit must look to the resident exactly like a routine check, and no
// public page, script, locale payload or API document may name the watch list in any language.

/** WATCHLIST's label in every language, as it was shipped to every page before (and 'watch' itself). */
const WATCH_LIST_WORDS = [
	'watch',
	'重点关注',
	'关注名单',
	'關注名單',
	'관찰 대상',
	'要注意リスト',
	'Beobachtungsliste',
	'Liste de surveillance',
	'Lista de vigilancia',
	'Lista di controllo',
	'Контрольный список',
	'قائمة المراقبة',
	'نگرانی کی فہرست',
	'Lista de vigilância',
	'Danh sách theo dõi',
	'รายชื่อเฝ้าระวัง',
	'Daftar pantauan'
];
const namesWatchList = (text: string) => WATCH_LIST_WORDS.filter((w) => text.toLowerCase().includes(w.toLowerCase()));

describe.each(DATABASES)('routine checks and the watch list on %s', (kind) => {
	let server: TestServer;
	let app: AppContext;
	let residential: string;
	let uploadId: string;
	let seed = 7000;

	const setRate = (percent: number) => server.query(`update settings set value = ? where key = 'routine_check_rate'`, [String(percent)]);

	function declaration(overrides: DeclarationOverrides = {}): DeclarationInput {
		const d = validDeclaration(new Date(), overrides, seed++);
		d.document.photoUploadId = uploadId;
		d.accommodation.addressId = residential;
		return d;
	}

	/** The draft's form values (what the steps store) for a declaration. */
	function draftValues(d: DeclarationInput): Record<string, Record<string, string>> {
		const parts = (name: string, iso: string) => ({ [`${name}-day`]: String(Number(iso.slice(8, 10))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) });
		return {
			declarant: { declarant: d.declarant },
			document: { type: d.document.type, number: d.document.number, mrz: d.document.mrz ?? '', photoUploadId: d.document.photoUploadId, ...parts('expiryDate', d.document.expiryDate) },
			person: { surname: d.person.surname, givenNames: d.person.givenNames, sex: d.person.sex, nationality: d.person.nationality, ...parts('dateOfBirth', d.person.dateOfBirth) },
			stay: { basis: d.stay.basis, ...parts('entryDate', d.stay.entryDate!) },
			accommodation: {
				addressId: d.accommodation.addressId!,
				unit: d.accommodation.unit!,
				kind: d.accommodation.kind,
				...parts('checkIn', d.accommodation.checkIn.slice(0, 10)),
				'checkIn-time': d.accommodation.checkIn.slice(11, 16),
				...parts('checkOut', d.accommodation.checkOut!)
			},
			host: { name: d.host!.name, idType: d.host!.idType, idNumber: d.host!.idNumber, phone: d.host!.phone, relationship: d.host!.relationship! },
			contact: { phone: d.contact.phone ?? '', email: d.contact.email ?? '' }
		};
	}

	async function page(pathname: string, cookie?: string): Promise<{ status: number; html: string }> {
		const res = await fetch(`${server.url}${pathname}`, { headers: cookie ? { cookie } : {} });
		return { status: res.status, html: await res.text() };
	}

	/** Everything the resident can see of one declaration sent through the API, and one sent through the form. */
	async function residentSees(overrides: DeclarationOverrides) {
		const d = declaration(overrides);
		const res = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d) });
		const created = (await res.json()) as { reference: string; accessCode: string };
		const follow = await fetch(`${server.url}/api/v1/declarations/${created.reference}`, { headers: { 'x-access-code': created.accessCode } });
		const signIn = await fetch(`${server.url}/en/status`, {
			method: 'POST',
			headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ reference: created.reference, accessCode: created.accessCode }),
			redirect: 'manual'
		});
		const cookie = signIn.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		const status = await page(`/en/status/${created.reference}`, cookie);
		const receipt = await page(`/en/status/${created.reference}/receipt`, cookie);

		// the same person through the form: its confirmation and the e-mail it queues
		const viaForm = declaration({ ...overrides, accommodation: { unit: `Form ${seed}` } });
		const { token } = await createDraft(app.db, { consent: true, values: draftValues(viaForm) });
		const before = new Set((await server.query<{ id: string }>('select id from outbox')).map((r) => r.id));
		const submitted = await fetch(`${server.url}/en/declare/check`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: `${DRAFT_COOKIE}=${token}` },
			body: new URLSearchParams({}),
			redirect: 'manual'
		});
		expect(submitted.status, await submitted.clone().text()).toBe(303);
		const confirmation = await page('/en/declare/confirmation', `${DRAFT_COOKIE}=${token}`);
		const mails = (await server.query<{ id: string; subject: string; body: string }>('select id, subject, body from outbox')).filter((m) => !before.has(m.id));
		expect(mails).toHaveLength(1);
		const mail = { subject: decrypt(app.db.keys, mails[0].subject, `outbox:${mails[0].id}:subject`), body: decrypt(app.db.keys, mails[0].body, `outbox:${mails[0].id}:body`) };
		const formRef = /JB-[A-Z2-9]{4}-[A-Z2-9]{4}/.exec(mail.subject)![0];

		const secrets = [created.reference, created.accessCode, formRef];
		const normalise = (text: string) => {
			for (const s of secrets) text = text.split(s).join('REF');
			return text
				.replace(/JB-[A-Z2-9]{4}-[A-Z2-9]{4}|\b[A-HJ-NP-Z2-9]{8}\b/g, 'REF') // the form's access code
				.replace(/nonce="[^"]*"/g, '')
				.replace(/\d+/g, '#');
		};
		return {
			reference: created.reference,
			api: { status: res.status, body: normalise(JSON.stringify(created)) },
			follow: { status: follow.status, body: normalise(await follow.text()) },
			statusPage: { status: status.status, html: normalise(status.html) },
			receipt: { status: receipt.status, html: normalise(receipt.html) },
			confirmation: { status: confirmation.status, html: normalise(confirmation.html) },
			mail: normalise(JSON.stringify(mail))
		};
	}

	beforeAll(async () => {
		server = await startServer(kind);
		app = await createApp({ ANJU_DATA_DIR: server.dataDir, DATABASE_URL: server.databaseUrl, ANJU_DEMO: '0', ANJU_INTAKE_WORKERS: '0' });
		const search = async (q: string) => ((await (await fetch(`${server.url}/api/v1/addresses?q=${encodeURIComponent(q)}`)).json()) as { items: { id: string; kind: string }[] }).items;
		residential = (await search('Huayuan')).find((a) => a.kind === 'residential')!.id;
		const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
			.png()
			.toBuffer();
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'passport.png');
		uploadId = ((await (await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: form })).json()) as { id: string }).id;
	}, 120_000);
	afterAll(async () => {
		await app?.db.destroy();
		await server?.cleanup();
	});

	it('a watch-list hit shows the resident exactly what a routine check shows (API, status page, receipt, form, e-mail)', async () => {
		await setRate(0);
		const hit = await residentSees({ document: { number: 'WL0000001' }, person: { nationality: 'FRA' } });
		await setRate(100);
		const drawn = await residentSees({ document: { number: 'RC0000001' }, person: { nationality: 'FRA' } });
		await setRate(0);
		const plain = await residentSees({ document: { number: 'OK0000001' }, person: { nationality: 'FRA' } });

		expect(drawn.api.status).toBe(201);
		expect(JSON.parse(drawn.api.body)).toMatchObject({ status: 'pending_review', findings: [{ code: 'ROUTINE_CHECK', severity: 'review' }] });
		expect(drawn.follow.body).toContain('ROUTINE_CHECK');
		expect(drawn.statusPage.html).toContain('selected for a routine check');
		// an approved declaration does look different: the comparison can fail
		expect(plain.api.body).not.toBe(drawn.api.body);
		expect(plain.statusPage.html).not.toBe(drawn.statusPage.html);

		for (const part of ['api', 'follow', 'statusPage', 'receipt', 'confirmation', 'mail'] as const) expect(hit[part], part).toEqual(drawn[part]);
		for (const part of [hit.api.body, hit.follow.body, hit.statusPage.html, hit.receipt.html, hit.confirmation.html, hit.mail]) expect(namesWatchList(part)).toEqual([]);

		// the stored truth: WATCHLIST for the hit, ROUTINE_CHECK for the draw
		const stored = async (reference: string) => (await server.query<{ findings: string }>('select findings from declarations where reference = ?', [reference]))[0].findings;
		expect(JSON.parse(await stored(hit.reference))).toEqual([{ code: 'WATCHLIST', severity: 'review' }]);
		expect(JSON.parse(await stored(drawn.reference))).toEqual([{ code: 'ROUTINE_CHECK', severity: 'review' }]);

		// officers see the truth, with its label, in the console and the queue filter
		const login = await fetch(`${server.url}/en/staff/login`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'officer1@anju.example.org', password: DEMO_PASSWORD }),
			redirect: 'manual'
		});
		const session = login.headers
			.getSetCookie()
			.find((c) => c.startsWith('anju_session='))!
			.split(';')[0];
		const idOf = async (reference: string) => (await server.query<{ id: string }>('select id from declarations where reference = ?', [reference]))[0].id;
		const console_ = await page(`/en/staff/review/${await idOf(hit.reference)}`, session);
		expect(console_.html).toContain('Watch list');
		expect(console_.html).toContain('The document is on the watch list');
		const routine = await page(`/en/staff/review/${await idOf(drawn.reference)}`, session);
		expect(routine.html).toContain('Routine check');
		const queue = await page('/en/staff/review?finding=WATCHLIST', session);
		expect(queue.html).toContain(hit.reference);
		expect(queue.html).not.toContain(drawn.reference);
	}, 120_000);

	it('sending the same passport again cannot tell a watch-list hit from a draw: the draw is the same for a document every time', async () => {
		await setRate(50);
		const codesOf = async (number: string, times: number) => {
			const seen: string[] = [];
			for (let i = 0; i < times; i++) {
				// another unit and check-in each time, so none is a repeat of the one before
				const d = declaration({ document: { number }, person: { nationality: 'DEU' }, accommodation: { unit: `Again ${number} ${i}` } });
				const res = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(d) });
				expect(res.status).toBe(201);
				const body = (await res.json()) as { findings: { code: string }[] };
				seen.push(body.findings.map((f) => f.code).join(',') || 'none');
			}
			return seen;
		};
		const outcomes: string[] = [];
		for (let doc = 0; doc < 16; doc++) {
			const seen = await codesOf(`RP${String(doc).padStart(7, '0')}`, 3);
			expect(new Set(seen).size, seen.join(' ')).toBe(1);
			outcomes.push(seen[0]);
		}
		// at 50 %, 16 documents are drawn and not drawn alike (both with odds of 1 − 2⁻¹⁵): the draw does run
		expect(outcomes).toContain('ROUTINE_CHECK');
		expect(outcomes).toContain('none');
		await setRate(0);
	}, 120_000);

	it('no public page, script it loads, locale payload or the OpenAPI document names the watch list', async () => {
		const { token } = await createDraft(app.db, { consent: true, values: {} });
		const draft = `${DRAFT_COOKIE}=${token}`;
		const paths = [
			'/',
			'/kiosk',
			'/verify/not-a-token',
			...LANGUAGES.flatMap((lang) => [
				`/${lang}/`,
				`/${lang}/declare`,
				`/${lang}/declare/declarant`,
				`/${lang}/declare/document`,
				`/${lang}/declare/person`,
				`/${lang}/declare/check`,
				`/${lang}/status`,
				`/${lang}/help`,
				`/${lang}/staff/login`,
				`/kiosk/${lang}`,
				`/kiosk/${lang}/declare`,
				`/kiosk/${lang}/help`
			])
		];
		const scripts = new Set<string>();
		const found: string[] = [];
		for (const p of paths) {
			const res = await fetch(`${server.url}${p}`, { headers: { cookie: draft, accept: 'text/html' } });
			const html = await res.text();
			expect(res.status, p).toBeLessThan(500);
			for (const w of namesWatchList(html)) found.push(`${p}: ${w}`);
			for (const m of html.matchAll(/\/_app\/immutable\/[\w./-]+\.js/g)) scripts.add(m[0]);
		}
		expect(scripts.size).toBeGreaterThan(3);
		// every script those pages load, and what those import statically
		const seen = new Set<string>();
		const queue = [...scripts];
		while (queue.length) {
			const src = queue.pop()!;
			if (seen.has(src)) continue;
			seen.add(src);
			const js = await (await fetch(`${server.url}${src}`)).text();
			for (const w of namesWatchList(js)) found.push(`${src}: ${w}`);
			for (const m of js.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[\w./-]+\.js)["']/g)) queue.push(path.posix.join(path.posix.dirname(src), m[1]));
		}
		const openapi = await (await fetch(`${server.url}/api/v1/openapi.json`)).text();
		for (const w of namesWatchList(openapi)) found.push(`openapi.json: ${w}`);
		expect(openapi).toContain('ROUTINE_CHECK');
		expect(found).toEqual([]);

		// the locale payload public pages get (the findings namespace) in every language
		for (const lang of LANGUAGES) {
			const findings = fs.readFileSync(path.join('locales', lang, 'findings.json'), 'utf8');
			expect(namesWatchList(findings), lang).toEqual([]);
		}
	}, 240_000); // about 200 pages and their scripts
});
