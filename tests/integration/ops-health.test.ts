import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createDb } from '../../src/lib/server/db';
import { readiness } from '../../src/lib/server/readiness';
import { log } from '../../src/lib/server/log';
import { setRaw } from '../../src/lib/server/settings';
import { GET as readyz } from '../../src/routes/readyz/+server';
import { createTestApp, DATABASES } from './helpers';
import { postDeclaration, residentialAddress, uploadPhoto } from './ops-helpers';
import { startServer, type TestServer } from './server';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe.each(DATABASES)('readiness and metrics on %s', (kind) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer(kind, { ANJU_METRICS_TOKEN: TOKEN });
	}, 120_000);
	afterAll(() => server?.cleanup());

	it('/readyz answers 200 when the database, migrations and keys are in order', async () => {
		const res = await fetch(`${server.url}/readyz`);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok' });
	});

	it('pages and API answers are compressed when the client accepts it; event streams are not', async () => {
		const { request } = await import('node:http');
		const get = (path: string, headers: Record<string, string>) =>
			new Promise<{ status: number; encoding: string | undefined; type: string | undefined }>((resolve, reject) => {
				const req = request(`${server.url}${path}`, { headers }, (res) => {
					res.destroy();
					resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], type: res.headers['content-type'] });
				});
				req.on('error', reject);
				req.end();
			});
		expect(await get('/en/declare', { 'accept-encoding': 'gzip' })).toMatchObject({ status: 200, encoding: 'gzip', type: 'text/html' });
		expect(await get('/en/declare', { 'accept-encoding': 'gzip, deflate, br' })).toMatchObject({ status: 200, encoding: 'br' });
		expect(await get('/en/declare', {})).toMatchObject({ status: 200, encoding: undefined });
		expect(await get('/api/v1/openapi.json', { 'accept-encoding': 'gzip' })).toMatchObject({ status: 200, encoding: 'gzip' });
	});

	it('/metrics wants the bearer token', async () => {
		expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
		expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
		expect((await fetch(`${server.url}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
	});

	it('/metrics reports requests by route id, declarations by status and the queues', async () => {
		const addressId = await residentialAddress(server.url);
		const uploadId = await uploadPhoto(server.url);
		expect(await postDeclaration(server.url, addressId, uploadId)).toMatchObject({ status: 'approved' });
		const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
		const text = await res.text();
		expect(text).toMatch(/anju_http_requests_total\{route="\/api\/v1\/declarations",method="POST",status="201"\} 1\b/);
		expect(text).toMatch(/anju_http_request_duration_seconds_count\{route="\/api\/v1\/uploads",method="POST"\} 1\b/);
		expect(text).toMatch(/anju_declarations\{status="approved"\} 1\b/);
		expect(text).toMatch(/anju_review_queue_length 0\b/);
		expect(text).toMatch(/anju_help_requests_open \d+/);
		expect(text).toMatch(/anju_outbox_backlog \d+/);
		expect(text).toMatch(/process_cpu_seconds_total/);
		// the built server prepares submissions on its intake worker thread (intake.ts), on both databases
		expect(text).toMatch(/anju_submissions_prepared_total\{thread="worker"\} 1\b/);
		// route ids only: no reference, address or other value from a URL
		expect(text).not.toMatch(/q=|JB-/);
	});

	it('readiness names what is wrong: pending migrations, unreachable database', async () => {
		const t = await createTestApp(kind);
		try {
			expect(await readiness(t.db)).toEqual({ ok: true });
			await sql`delete from kysely_migration`.execute(t.db);
			expect(await readiness(t.db)).toEqual({ ok: false, reasons: ['migrations pending'] });
			const keys = { ...t.db.keys, currentId: 'k-gone' };
			const other = createDb(t.env, { keys });
			try {
				expect(await readiness(other)).toEqual({ ok: false, reasons: ['migrations pending', 'encryption keys not loaded'] });
			} finally {
				await other.destroy();
			}
		} finally {
			await t.cleanup();
		}
		// after cleanup the pool/connection is closed
		expect(await readiness(t.db)).toMatchObject({ ok: false, reasons: ['database unreachable'] });
	});

	it('a write refused for lack of space makes /readyz answer 503 and the log say so', async () => {
		const t = await createTestApp(kind);
		expect(await readiness(t.db)).toEqual({ ok: true });
		const logged = vi.spyOn(log, 'error');
		// the failure is recorded a little over a minute in the past, so that other tests see it as over
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() - 61_000);
		try {
			if (kind === 'sqlite') {
				// a database that may not grow: the next page it needs is refused with SQLITE_FULL
				const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(t.db);
				await sql.raw(`pragma max_page_count = ${rows[0].page_count}`).execute(t.db);
				await expect(t.db.write((tx) => setRaw(tx, 'filler', 'x'.repeat(256 * 1024)))).rejects.toMatchObject({ code: 'SQLITE_FULL' });
			} else {
				// PostgreSQL's disk_full, as the server raises it when a write finds no space
				await expect(sql`do $$ begin raise exception using errcode = '53100', message = 'could not extend file: No space left on device'; end $$`.execute(t.db)).rejects.toMatchObject({
					code: '53100'
				});
			}
			expect(await readiness(t.db)).toEqual({ ok: false, reasons: ['disk full: a write failed for lack of space'] });
			const res = await readyz({ locals: { app: t } } as unknown as Parameters<typeof readyz>[0]);
			expect(res.status).toBe(503);
			expect(await res.json()).toEqual({ status: 'unavailable', reasons: ['disk full: a write failed for lack of space'] });
			expect(logged).toHaveBeenCalledWith({ code: kind === 'sqlite' ? 'SQLITE_FULL' : '53100' }, expect.stringMatching(/^disk full: a database write failed for lack of space/));
		} finally {
			vi.useRealTimers();
			logged.mockRestore();
		}
		// a minute without such a failure: ready again
		expect(await readiness(t.db)).toEqual({ ok: true });
		await t.cleanup();
	});
});
