import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// Issue 14 over HTTP, on the built server with the demo data. 14.4: a volunteer's claim action
// refuses a request a partner organisation that speaks its language accepted (the board hides it; a
// hand-made POST does not get past it), and after escalation an organisation of another kind that
// accepts a medical request to interpret sees neither the resident's contact nor the note.
// 14.5: the kiosk's call-an-interpreter action works only inside a kiosk visit; so do the kiosk's
// declaration actions (consent, each step, sending), which the kiosk layout's load does not guard.

const PHONE = '13912345678';
const NOTE = 'Pain in the chest since Monday';

describe.each(DATABASES)('help guards over HTTP on %s', (kind) => {
	let server: TestServer;
	const cookies: Record<string, string> = {};

	async function signIn(email: string): Promise<string> {
		const res = await fetch(`${server.url}/en/staff/login`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
			redirect: 'manual'
		});
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('anju_session='));
		if (res.status !== 303 || !cookie) throw new Error(`sign-in ${email}: ${res.status}`);
		return cookie.split(';')[0];
	}

	const post = (path: string, cookie: string, form: Record<string, string>) =>
		fetch(`${server.url}${path}`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie },
			body: new URLSearchParams(form),
			redirect: 'manual'
		}).then(async (r) => ({
			status: r.status,
			location: r.headers.get('location') ?? '',
			body: await r.text(),
			/** a cookie the answer set, as `name=value` ('' when none) */
			cookie: (name: string) =>
				r.headers
					.getSetCookie()
					.find((c) => c.startsWith(`${name}=`))
					?.split(';')[0] ?? ''
		}));

	/** A kiosk visit, begun as a visitor does: a language touched on the attract screen. */
	const kioskVisit = async () => (await post('/kiosk', '', { lang: 'en' })).cookie('anju_kiosk_visit');

	async function request(topic: string, escalated = false): Promise<string> {
		const res = await fetch(`${server.url}/api/v1/help-requests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ language: 'en', topic, channel: 'phone', contact: { phone: PHONE }, note: NOTE })
		});
		expect(res.status).toBe(201);
		const { reference } = (await res.json()) as { reference: string };
		const [{ id }] = await server.query<{ id: string }>('select id from help_requests where reference = ?', [reference]);
		if (escalated) await server.query('update help_requests set escalated_at = ? where id = ?', [new Date().toISOString(), id]);
		return id;
	}

	beforeAll(async () => {
		server = await startServer(kind);
		for (const email of ['v01@anju.example.org', 'legal1@anju.example.org', 'school@anju.example.org', 'hospital@anju.example.org']) cookies[email] = await signIn(email);
	}, 180_000);
	afterAll(() => server?.cleanup());

	it('the claim action refuses a request a partner that speaks its language accepted, and changes nothing', async () => {
		const id = await request('legal');
		expect((await post('/en/staff/partner?/accept', cookies['legal1@anju.example.org'], { taskId: id })).status).toBe(303);
		const claim = await post('/en/staff/tasks?/claim', cookies['v01@anju.example.org'], { taskId: id });
		expect(claim.status).toBe(409);
		const [row] = await server.query<{ claimed_by: string | null; lease_until: string | null; status: string }>('select claimed_by, lease_until, status from help_requests where id = ?', [id]);
		expect(row).toEqual({ claimed_by: null, lease_until: null, status: 'claimed' });
		// a request nobody holds is still claimed as before
		const free = await request('registration');
		const ok = await post('/en/staff/tasks?/claim', cookies['v01@anju.example.org'], { taskId: free });
		expect(ok.status).toBe(303);
		expect(ok.location).toBe(`/en/staff/tasks/${free}`);
	});

	it('after escalation, a school accepting a medical request interprets without the contact and note; the hospital sees them', async () => {
		const atSchool = await request('medical', true);
		expect((await post('/en/staff/partner?/accept', cookies['school@anju.example.org'], { taskId: atSchool })).status).toBe(303);
		const page = await fetch(`${server.url}/en/staff/partner/${atSchool}`, { headers: { cookie: cookies['school@anju.example.org'], accept: 'text/html' } });
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).not.toContain(PHONE);
		expect(html).not.toContain(NOTE);
		expect(html).toContain('Only an organisation working in this field sees');
		const views = await server.query<{ n: number | string }>("select count(*) as n from audit_log where action = 'help_request.view_contact' and target_id = ?", [atSchool]);
		expect(Number(views[0].n)).toBe(0);

		const atHospital = await request('medical', true);
		expect((await post('/en/staff/partner?/accept', cookies['hospital@anju.example.org'], { taskId: atHospital })).status).toBe(303);
		const seen = await (await fetch(`${server.url}/en/staff/partner/${atHospital}`, { headers: { cookie: cookies['hospital@anju.example.org'], accept: 'text/html' } })).text();
		expect(seen).toContain(PHONE);
		expect(seen).toContain(NOTE);
	});

	it('the kiosk’s call-an-interpreter is refused without a kiosk visit (none, or a made-up cookie) and creates nothing', async () => {
		const count = async () => Number((await server.query<{ n: number | string }>("select count(*) as n from help_requests where channel = 'in_person'"))[0].n);
		const before = await count();
		const call = (cookie: string) => post('/kiosk/en/help', cookie, { phone: '13800001234' });
		for (const cookie of ['', 'anju_kiosk_visit=1234567890abcdef', 'anju_kiosk_visit=x']) {
			const res = await call(cookie);
			expect(res.status).toBe(303);
			expect(res.location).toBe('/kiosk');
		}
		expect(await count()).toBe(before);

		// inside a visit (a language chosen on the attract screen) it works
		const visit = await kioskVisit();
		const ok = await call(visit);
		expect(ok.status).toBe(200);
		expect(await count()).toBe(before + 1);
	});

	it('the kiosk’s declaration actions are refused without a kiosk visit and change nothing', async () => {
		const drafts = async () => Number((await server.query<{ n: number | string }>('select count(*) as n from drafts'))[0].n);
		const visit = await kioskVisit();
		// consent without a visit: nothing is started
		const before = await drafts();
		for (const cookie of ['', 'anju_kiosk_visit=1234567890abcdef']) {
			const res = await post('/kiosk/en/declare', cookie, { consent: 'yes' });
			expect([res.status, res.location]).toEqual([303, '/kiosk']);
		}
		expect(await drafts()).toBe(before);
		// inside the visit a draft starts; its step then refuses a request that has the draft but not the visit
		const started = await post('/kiosk/en/declare', visit, { consent: 'yes' });
		expect(started.location).toBe('/kiosk/en/declare/declarant');
		const draft = started.cookie('anju_draft');
		expect(await drafts()).toBe(before + 1);
		const row = async () => (await server.query<{ data: unknown; updated_at: string }>('select data, updated_at from drafts order by updated_at desc limit 1'))[0];
		const saved = await row();
		for (const path of ['/kiosk/en/declare/declarant', '/kiosk/en/declare/check']) {
			const res = await post(path, draft, { declarant: 'self' });
			expect([path, res.status, res.location]).toEqual([path, 303, '/kiosk']);
		}
		expect(await row()).toEqual(saved);
		// with the visit it goes on
		const ok = await post('/kiosk/en/declare/declarant', `${visit}; ${draft}`, { declarant: 'self' });
		expect([ok.status, ok.location]).toEqual([303, '/kiosk/en/declare/document']);
	});
});
