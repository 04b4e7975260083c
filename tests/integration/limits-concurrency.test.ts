import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS } from '../../src/lib/server/auth';
import { LIMITS } from '../../src/lib/server/rate-limit';
import { startServer, type TestServer } from './server';

// Issue 14.6: failure limits are checked and counted in one atomic step. 60 concurrent wrong codes
// from one address, spread over two server processes on one database (SQLite file or PostgreSQL
// schema), get at most the limit's count of ordinary answers; the rest get the limit's answer.
// Checking first and counting after the look-up let nearly all 60 through.

const KINDS: ('sqlite' | 'postgres')[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
const CONCURRENT = 60;

describe.each(KINDS)('failure limits under concurrency, two processes on %s', (kind) => {
	let a: TestServer;
	let b: TestServer;
	beforeAll(async () => {
		const env = { ANJU_RATE_LIMITS: 'on' }; // the default of the test servers is off
		a = await startServer(kind, env);
		b = await startServer(kind, env, { dataDir: a.dataDir, databaseUrl: a.databaseUrl, schema: a.schema });
	}, 180_000);
	afterAll(async () => {
		await b?.stop();
		await a?.cleanup();
	});
	beforeEach(async () => {
		await a.query('delete from rate_limits');
	});

	const post = (s: TestServer, path: string, form: Record<string, string>) =>
		fetch(`${s.url}${path}`, {
			method: 'POST',
			headers: { origin: s.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(form),
			redirect: 'manual'
		}).then(async (r) => (await r.arrayBuffer(), r.status));
	const concurrently = (send: (s: TestServer, i: number) => Promise<number>) => Promise.all(Array.from({ length: CONCURRENT }, (_, i) => send(i % 2 ? b : a, i)));
	const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
	const code = (i: number) => `WRONG${String(i).padStart(3, '0')}`;

	it('status look-up: at most the limit of wrong codes is answered, the rest is limited', async () => {
		const statuses = await concurrently((s, i) => post(s, '/en/status', { reference: 'JB-AAAA-AAAA', accessCode: code(i) }));
		expect(count(statuses, 400)).toBeLessThanOrEqual(LIMITS.lookupFailure.points);
		expect(count(statuses, 400) + count(statuses, 429)).toBe(CONCURRENT);
	}, 60_000);

	it('status API look-up: at most the limit of 404s, the rest 429', async () => {
		const statuses = await concurrently((s, i) => fetch(`${s.url}/api/v1/declarations/JB-AAAA-AAAA`, { headers: { 'x-access-code': code(i) } }).then(async (r) => (await r.arrayBuffer(), r.status)));
		expect(count(statuses, 404)).toBeLessThanOrEqual(LIMITS.lookupFailure.points);
		expect(count(statuses, 404) + count(statuses, 429)).toBe(CONCURRENT);
	}, 60_000);

	it('help look-up (follow a request, and the access form of a request page): at most the limit of ordinary answers', async () => {
		const follow = await concurrently((s, i) => post(s, '/en/help?/follow', { reference: 'HR-AAAA-AAAA', accessCode: code(i) }));
		expect(count(follow, 404)).toBeLessThanOrEqual(LIMITS.lookupFailure.points);
		expect(count(follow, 404) + count(follow, 429)).toBe(CONCURRENT);

		await a.query('delete from rate_limits');
		const access = await concurrently((s, i) => post(s, '/en/help/HR-AAAA-AAAA?/access', { accessCode: code(i) }));
		expect(count(access, 404)).toBeLessThanOrEqual(LIMITS.lookupFailure.points);
		expect(count(access, 404) + count(access, 429)).toBe(CONCURRENT);
	}, 60_000);

	it('staff sign-in: at most the per-address limit of ordinary answers, and at most the free attempts of one account are verified', async () => {
		const statuses = await concurrently((s, i) => post(s, '/en/staff/login', { email: 'admin@anju.example.org', password: `wrong password number ${i}` }));
		expect(count(statuses, 400)).toBeLessThanOrEqual(LIMITS.loginIp.points);
		expect(count(statuses, 400) + count(statuses, 429)).toBe(CONCURRENT);
		// the back-off of the (account, address) pair: only the attempts before it were tried
		const failures = await a.query<{ details: string }>("select details from audit_log where action = 'login.failure'");
		const reasons = failures.map((f) => JSON.parse(f.details).reason as string);
		expect(reasons.filter((r) => r === 'wrong_password').length).toBeLessThanOrEqual(FREE_ATTEMPTS);
		expect(reasons.filter((r) => r === 'wrong_password').length).toBeGreaterThan(0);
	}, 120_000);
});
