import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_HOLDER } from '../../src/lib/server/sse';
import { DATABASES } from './helpers';
import { DEMO_PASSWORD, startServer, type TestServer } from './server';

// Issue 14.8: live (server-sent event) streams are bounded per staff session and per resident help
// access, and a stream ends within a poll when its session ends (sign-out, deactivation, role
// change). Before, every request opened another endless stream, and a stream outlived its session
// by up to ten minutes.

interface Stream {
	status: number;
	/** Resolves true when the server ends the stream within `ms`. */
	ends(ms: number): Promise<boolean>;
	abort(): void;
}

describe.each(DATABASES)('bounded live streams on %s', (kind) => {
	let server: TestServer;

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

	async function open(path: string, cookie: string): Promise<Stream> {
		const controller = new AbortController();
		const res = await fetch(`${server.url}${path}`, { headers: { accept: 'text/event-stream', cookie }, signal: controller.signal });
		const reader = res.body!.getReader();
		if (res.status === 200) await reader.read(); // the `ready` event
		return {
			status: res.status,
			async ends(ms) {
				const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
				const done = (async () => {
					for (;;) if ((await reader.read()).done) return true;
				})().catch(() => true);
				const result = await Promise.race([done, timeout]);
				if (!result) controller.abort();
				return result;
			},
			abort: () => controller.abort()
		};
	}

	const board = '/en/staff/tasks/events';

	beforeAll(async () => {
		server = await startServer(kind);
	}, 180_000);
	afterAll(() => server?.cleanup());

	it(`at most ${MAX_STREAMS_PER_HOLDER} streams per staff session; a further one gets 429, another session is not affected, a closed one frees its place`, async () => {
		const cookie = await signIn('v01@anju.example.org');
		const streams = [];
		for (let i = 0; i < MAX_STREAMS_PER_HOLDER; i++) streams.push(await open(board, cookie));
		expect(streams.map((s) => s.status)).toEqual(Array(MAX_STREAMS_PER_HOLDER).fill(200));
		const extra = await open(board, cookie);
		expect(extra.status).toBe(429);
		const other = await open(board, await signIn('v02@anju.example.org'));
		expect(other.status).toBe(200);

		streams[0].abort();
		let again: Stream | undefined;
		for (let i = 0; i < 20 && again?.status !== 200; i++) {
			await new Promise((r) => setTimeout(r, 100));
			again = await open(board, cookie);
		}
		expect(again!.status).toBe(200);
		for (const s of [...streams.slice(1), again!, other]) s.abort();
	});

	it(`at most ${MAX_STREAMS_PER_HOLDER} streams per resident help access`, async () => {
		const res = await fetch(`${server.url}/api/v1/help-requests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ language: 'en', topic: 'registration', channel: 'chat', contact: { phone: '13900002222' } })
		});
		const { reference, accessCode } = (await res.json()) as { reference: string; accessCode: string };
		const follow = await fetch(`${server.url}/en/help?/follow`, {
			method: 'POST',
			headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ reference, accessCode }),
			redirect: 'manual'
		});
		const cookie = follow.headers
			.getSetCookie()
			.find((c) => c.startsWith('anju_help='))!
			.split(';')[0];
		const path = `/en/help/${reference}/events`;
		const streams = [];
		for (let i = 0; i < MAX_STREAMS_PER_HOLDER; i++) streams.push(await open(path, cookie));
		expect(streams.map((s) => s.status)).toEqual(Array(MAX_STREAMS_PER_HOLDER).fill(200));
		expect((await open(path, cookie)).status).toBe(429);
		for (const s of streams) s.abort();
	});

	it('a stream ends when its session is signed out', async () => {
		const cookie = await signIn('v03@anju.example.org');
		const stream = await open(board, cookie);
		expect(stream.status).toBe(200);
		const out = await fetch(`${server.url}/en/staff/logout`, {
			method: 'POST',
			headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
			redirect: 'manual'
		});
		expect(out.status).toBe(303);
		expect(await stream.ends(8_000)).toBe(true);
	});

	it('a stream ends when the account is deactivated or its role changes (its sessions end)', async () => {
		const cookie = await signIn('v04@anju.example.org');
		const stream = await open(board, cookie);
		expect(stream.status).toBe(200);
		// still running a few polls later while nothing happens
		expect(await stream.ends(3_500)).toBe(false);
		const again = await open(board, cookie);
		await server.query("update users set active = 0 where email = 'v04@anju.example.org'");
		expect(await again.ends(8_000)).toBe(true);

		const other = await signIn('v05@anju.example.org');
		const third = await open(board, other);
		await server.query("delete from sessions where user_id = (select id from users where email = 'v05@anju.example.org')"); // what a role change does
		expect(await third.ends(8_000)).toBe(true);
	});
});
