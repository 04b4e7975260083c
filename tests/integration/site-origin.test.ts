import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import sharp from 'sharp';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { DATABASES } from './helpers';
import { startServer, type TestServer } from './server';

// Links never come from the Host header: receipt and verify URLs, the OpenAPI document's `servers`
// and e-mail links use ORIGIN, or without it the address start-up prints. A real install (demo
// data off) refuses to start without ORIGIN.

interface Answer {
	status: number;
	body: string;
}

/** A request with a Host header of the client's choosing (fetch would not send a forged one). */
function forged(server: TestServer, method: string, path: string, body?: string, extra: Record<string, string> = {}): Promise<Answer> {
	const { port } = new URL(server.url);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, method, path, headers: { host: 'evil.example', ...extra, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) } },
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

async function declare(server: TestServer): Promise<Record<string, string>> {
	const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
		.png()
		.toBuffer();
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'passport.png');
	const upload = (await (await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: form })).json()) as { id: string };
	const addresses = (await (await fetch(`${server.url}/api/v1/addresses?q=Huayuan`)).json()) as { items: { id: string; kind: string }[] };
	const d = validDeclaration(new Date(), {}, Math.floor(Math.random() * 1e6));
	d.document.photoUploadId = upload.id;
	d.accommodation.addressId = addresses.items.find((a) => a.kind === 'residential')!.id;
	const res = await forged(server, 'POST', '/api/v1/declarations', JSON.stringify(d));
	expect(res.status).toBe(201);
	return JSON.parse(res.body) as Record<string, string>;
}

describe.each(DATABASES)('public links on %s', (kind) => {
	const servers: TestServer[] = [];
	afterEach(async () => {
		for (const s of servers.splice(0)) await s.cleanup();
	});

	it('with ORIGIN set, a forged Host gets links to ORIGIN', async () => {
		const server = await startServer(kind, { ORIGIN: 'https://anju.example.org' });
		servers.push(server);
		const openapi = await forged(server, 'GET', '/api/v1/openapi.json');
		expect(JSON.parse(openapi.body).servers).toEqual([{ url: 'https://anju.example.org/api/v1' }]);
		const created = await declare(server);
		expect(created.verifyUrl).toMatch(/^https:\/\/anju\.example\.org\/verify\//);
		expect(created.receiptUrl).toMatch(/^https:\/\/anju\.example\.org\/en\/status\//);
		expect(server.output()).toContain('Anju is running at https://anju.example.org/');
	}, 120_000);

	it('without ORIGIN (demo), a forged Host gets links to the printed address', async () => {
		const server = await startServer(kind, { ORIGIN: undefined });
		servers.push(server);
		const printed = server.url; // HOST=127.0.0.1 and the port, as start-up prints it
		expect(server.output()).toContain(`Anju is running at ${printed}/`);
		const openapi = await forged(server, 'GET', '/api/v1/openapi.json');
		expect(openapi.status).toBe(200);
		expect(JSON.parse(openapi.body).servers).toEqual([{ url: `${printed}/api/v1` }]);
		const created = await declare(server);
		expect(created.verifyUrl.startsWith(`${printed}/verify/`)).toBe(true);
		expect(created.receiptUrl.startsWith(`${printed}/en/status/`)).toBe(true);
		const followed = await forged(server, 'GET', `/api/v1/declarations/${created.reference}`, undefined, { 'x-access-code': created.accessCode });
		expect(followed.status).toBe(200);
		expect(JSON.parse(followed.body).verifyUrl.startsWith(`${printed}/verify/`)).toBe(true);
	}, 120_000);

	it('with the demo data off, start-up refuses to run without ORIGIN, in one line', async () => {
		const refused = await startServer(kind, { ORIGIN: undefined, ANJU_DEMO: '0' }).then(
			(server) => {
				servers.push(server);
				return '';
			},
			(error: Error) => error.message
		);
		expect(refused).toMatch(/server exited \(1\)/);
		expect(refused).toMatch(/^Anju cannot start: ORIGIN is not set: with ANJU_DEMO=0 set ORIGIN to the public address.*$/m);
	}, 120_000);
});
