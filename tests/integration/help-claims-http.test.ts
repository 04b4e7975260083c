import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from './helpers';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies of every shape, read field by field in the assertions
type Json = Record<string, any>;

// The claim race end to end: 50 volunteers' claims for one task, each on its own HTTP connection
// through the built server (and on PostgreSQL split between two server processes on one schema).
// Exactly one wins; the others are told it is taken. Plus the public API of §5.

const VOLUNTEERS = ['v01', 'v02', 'v03', 'v04', 'v05', 'v06', 'v07', 'v08', 'v09', 'v10'].map((v) => `${v}@anju.example.org`);

async function signIn(url: string, email: string): Promise<string> {
	const res = await fetch(`${url}/en/staff/login`, {
		method: 'POST',
		headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
		redirect: 'manual'
	});
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('anju_session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-in ${email}: ${res.status}`);
	return cookie.split(';')[0];
}

async function askForHelp(url: string, body: Record<string, unknown>) {
	const res = await fetch(`${url}/api/v1/help-requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Json };
}

describe.each(DATABASES)('claiming over HTTP on %s', (kind) => {
	let servers: TestServer[] = [];
	let cookies: string[] = [];

	beforeAll(async () => {
		const first = await startServer(kind);
		servers = [first];
		if (kind === 'postgres') servers.push(await startServer(kind, {}, { dataDir: first.dataDir, databaseUrl: first.databaseUrl, schema: first.schema }));
		cookies = [];
		for (const email of VOLUNTEERS) cookies.push(await signIn(first.url, email));
	}, 180_000);
	afterAll(async () => {
		for (const s of servers.slice(1)) await s.stop();
		await servers[0]?.cleanup();
	});

	it('POST /api/v1/help-requests answers 201 with reference and access code, 422 for bad input', async () => {
		const url = servers[0].url;
		const ok = await askForHelp(url, { language: 'en', topic: 'legal', channel: 'phone', contact: { phone: '13812345678' } });
		expect(ok.status).toBe(201);
		expect(ok.body).toEqual({ reference: expect.stringMatching(/^HR-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/), accessCode: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/), status: 'open' });
		const bad = await askForHelp(url, { language: 'sw', topic: 'legal', channel: 'phone', contact: {} });
		expect(bad.status).toBe(422);
		expect(bad.type).toContain('application/problem+json');
		expect(bad.body.errors).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ path: 'language', code: 'unsupported_language', message: expect.stringContaining('English (en)') }),
				expect.objectContaining({ path: 'contact', code: 'contact_required' })
			])
		);
		const rows = await servers[0].query<{ n: number | string }>("select count(*) as n from help_requests where reference like 'HR-%'");
		expect(Number(rows[0].n)).toBe(1);
	});

	it('50 concurrent claims of one task: exactly one volunteer wins', async () => {
		const created = await askForHelp(servers[0].url, { language: 'en', topic: 'registration', channel: 'chat', contact: { email: 'race@example.org' } });
		const [{ id }] = await servers[0].query<{ id: string }>('select id from help_requests where reference = ?', [created.body.reference]);
		const claims = Array.from({ length: 50 }, (_, i) => {
			const url = servers[i % servers.length].url;
			return fetch(`${url}/en/staff/tasks?/claim`, {
				method: 'POST',
				headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: cookies[i % cookies.length], connection: 'close' },
				body: new URLSearchParams({ taskId: id }),
				redirect: 'manual'
			}).then((r) => ({ status: r.status, location: r.headers.get('location') ?? '' }));
		});
		const results = await Promise.all(claims);
		const won = results.filter((r) => r.status === 303 && r.location.endsWith(`/staff/tasks/${id}`));
		expect(won).toHaveLength(1);
		expect(results.filter((r) => r.status === 409)).toHaveLength(49);
		const [row] = await servers[0].query<{ status: string; claimed_by: string }>('select status, claimed_by from help_requests where id = ?', [id]);
		expect(row.status).toBe('claimed');
	});

	it('refuses a claim in a language the volunteer does not speak, and changes nothing', async () => {
		const created = await askForHelp(servers[0].url, { language: 'th', topic: 'other', channel: 'chat', contact: { phone: '13812345678' } });
		const [{ id }] = await servers[0].query<{ id: string }>('select id from help_requests where reference = ?', [created.body.reference]);
		const url = servers[0].url;
		const res = await fetch(`${url}/en/staff/tasks?/claim`, {
			method: 'POST',
			headers: { origin: url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: cookies[0] },
			body: new URLSearchParams({ taskId: id }),
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
		expect(await res.text()).toContain('You can only claim tasks in a language you speak');
		const [row] = await servers[0].query<{ status: string; claimed_by: string | null }>('select status, claimed_by from help_requests where id = ?', [id]);
		expect(row).toEqual({ status: 'open', claimed_by: null });
	});
});
