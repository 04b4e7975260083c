import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { encrypt } from '../../src/lib/server/crypto';
import { newId } from '../../src/lib/server/ids';
import { keysOf } from './ops-helpers';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// DESIGN.md §3: past one machine, several app processes share one PostgreSQL and nothing else.
// Two server processes on one schema, driven alternately, with the per-IP limits and the
// in-process jobs switched on as in production. (The 50-way claim race over both processes is
// in help-claims-http.test.ts.)

const MAILS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

describe.skipIf(!process.env.TEST_DATABASE_URL)('two app processes on one PostgreSQL (skipped without TEST_DATABASE_URL: this needs PostgreSQL)', () => {
	let a: TestServer;
	let b: TestServer;
	const received: string[] = [];
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, _session, callback) {
			let data = '';
			stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
			stream.on('end', () => {
				received.push(data);
				callback();
			});
		}
	});

	beforeAll(async () => {
		await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
		const port = (smtp.server.address() as { port: number }).port;
		// production settings: limits on, jobs on (the test runner's VITEST would switch them off), mail over SMTP
		const env = { ANJU_RATE_LIMITS: 'on', VITEST: '', SMTP_URL: `smtp://127.0.0.1:${port}` };
		a = await startServer('postgres', env);
		// mail waiting before the second process comes up: both processes' delivery jobs see it
		const keys = keysOf(a.dataDir);
		const now = new Date().toISOString();
		for (let i = 0; i < MAILS; i++) {
			const id = newId();
			await a.query(
				"insert into outbox (id, channel, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, sent_at) values (?, 'email', ?, ?, ?, 'pending', 0, ?, null, ?, null)",
				[id, encrypt(keys, `resident${i}@example.org`, `outbox:${id}:recipient`), encrypt(keys, `multiprocess-${i}`, `outbox:${id}:subject`), encrypt(keys, 'Hello', `outbox:${id}:body`), now, now]
			);
		}
		b = await startServer('postgres', env, { dataDir: a.dataDir, databaseUrl: a.databaseUrl, schema: a.schema });
	}, 180_000);
	afterAll(async () => {
		await b?.stop();
		await a?.cleanup();
		await new Promise<void>((resolve) => smtp.close(() => resolve()));
	});

	it('a staff session made on one process works on the other, and signing out on one ends it on both', async () => {
		const cookie = await signIn(a.url, 'admin@anju.example.org');
		for (const s of [b, a, b]) {
			const res = await fetch(`${s.url}/en/staff/admin/accounts`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
			expect(res.status).toBe(200);
		}
		const out = await fetch(`${b.url}/en/staff/logout`, {
			method: 'POST',
			headers: { cookie, origin: b.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(out.status).toBe(303);
		const after = await fetch(`${a.url}/en/staff/admin/accounts`, { headers: { cookie, accept: 'text/html' }, redirect: 'manual' });
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/\/en\/staff\/login/);
	});

	it('rate limits are shared: failed look-ups spread over both processes add up', async () => {
		const lookup = (s: TestServer) => fetch(`${s.url}/api/v1/declarations/JB-AAAA-AAAA`, { headers: { 'x-access-code': 'ABCDEFGH' } }).then((r) => r.status);
		const statuses: number[] = [];
		for (let i = 0; i < 10; i++) statuses.push(await lookup(i % 2 ? b : a));
		expect(statuses).toEqual(Array(10).fill(404)); // 5 on each process
		expect(await lookup(a)).toBe(429);
		expect(await lookup(b)).toBe(429);
	});

	it('the retention job runs once, and each outbox message is delivered once', async () => {
		const deadline = Date.now() + 30_000;
		let pending = MAILS;
		while (Date.now() < deadline) {
			pending = Number((await a.query<{ n: string }>("select count(*) as n from outbox where status <> 'sent'"))[0].n);
			if (pending === 0) break;
			await sleep(250);
		}
		expect(pending).toBe(0);
		await sleep(1_500); // a late second delivery would show up by now
		const subjects = received.map((m) => /^Subject: (.*)$/m.exec(m)?.[1]?.trim()).sort();
		expect(subjects).toEqual(Array.from({ length: MAILS }, (_, i) => `multiprocess-${i}`).sort());

		const runs = await a.query<{ n: string }>("select count(*) as n from audit_log where action = 'retention.run'");
		expect(Number(runs[0].n)).toBe(1);
		const locks = await a.query<{ name: string; holder: string }>("select name, holder from job_locks where name in ('retention', 'outbox')");
		expect(locks.map((l) => l.name).sort()).toEqual(['outbox', 'retention']);
	}, 45_000);
});
