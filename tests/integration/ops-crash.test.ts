import { afterAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import sharp from 'sharp';
import { decryptBuffer, decryptJson } from '../../src/lib/server/crypto';
import { DATABASES } from './helpers';
import { declarationStream, keysOf, residentialAddress, uploadPhoto, type Accepted } from './ops-helpers';
import { startServer, type TestServer } from './server';

// DESIGN.md §3 and issue 10.1: what the server answered 201 to is on disk, whole, whatever
// happens to the process afterwards; SIGTERM lets in-flight requests finish.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exitOf(server: TestServer): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
	return new Promise((resolve) => {
		if (server.process.exitCode !== null || server.process.signalCode !== null) resolve({ code: server.process.exitCode, signal: server.process.signalCode });
		else server.process.once('exit', (code, signal) => resolve({ code, signal }));
	});
}

describe.each(DATABASES)('crash safety on %s', (kind) => {
	let server: TestServer | undefined;
	let accepted: Accepted[] = [];
	afterAll(() => server?.cleanup());

	it('keeps every declaration answered 201 when the process is killed mid-stream, and nothing half-written', async () => {
		const first = await startServer(kind);
		server = first;
		const addressId = await residentialAddress(first.url);
		const uploadId = await uploadPhoto(first.url);

		// kill -9 once the stream is well under way, while 8 requests are in flight
		let kill!: () => void;
		const killed = new Promise<void>((r) => (kill = r));
		const exited = exitOf(first);
		const stream = declarationStream(first, addressId, uploadId, 8, exited, (n) => {
			if (n === 60) kill();
		});
		await killed;
		first.process.kill('SIGKILL');
		expect((await exited).signal).toBe('SIGKILL');
		accepted = (await stream).accepted;
		expect(accepted.length).toBeGreaterThanOrEqual(60);

		server = await startServer(kind, {}, { dataDir: first.dataDir, databaseUrl: first.databaseUrl, schema: first.schema });
		const keys = keysOf(server.dataDir);
		const rows = await server.query<{ id: string; reference: string; status: string; snapshot: string; submitted: number | string; photo_used: string | null }>(
			`select d.id, d.reference, d.status, d.snapshot,
				(select count(*) from declaration_events e where e.declaration_id = d.id and e.type = 'submitted') as submitted,
				(select u.used_at from uploads u where u.id = d.photo_upload_id) as photo_used
			from declarations d`
		);
		const byReference = new Map(rows.map((r) => [r.reference, r]));
		for (const a of accepted) {
			const row = byReference.get(a.reference);
			expect(row, a.reference).toBeDefined();
			expect(row!.status).toBe(a.status);
		}
		// every stored row, acknowledged or not, is complete: snapshot decrypts, its event is there
		for (const row of rows) {
			const snapshot = decryptJson<{ input: { document: { photoUploadId: string } }; secret: { accessCode: string } }>(keys, row.snapshot, `declarations.snapshot:${row.id}`);
			expect(snapshot.input.document.photoUploadId).toBe(uploadId);
			expect(Number(row.submitted)).toBe(1);
			expect(row.photo_used).not.toBeNull();
		}
		// and the resident can follow each one with the code they were given
		for (const a of accepted.slice(0, 5)) {
			const res = await fetch(`${server.url}/api/v1/declarations/${a.reference}`, { headers: { 'x-access-code': a.accessCode } });
			expect(res.status).toBe(200);
		}
		console.log(`crash safety on ${kind}: ${accepted.length} acknowledged before SIGKILL, ${rows.length} stored, all complete`);
	}, 120_000);

	it('drains an in-flight request on SIGTERM, refuses new connections, exits 0', async () => {
		const s = server!;
		const addressId = await residentialAddress(s.url);
		const uploadId = await uploadPhoto(s.url);
		const declaration = validDeclaration(new Date(), {}, 990_000 + (process.pid % 1000));
		declaration.document.photoUploadId = uploadId;
		declaration.accommodation.addressId = addressId;
		const body = Buffer.from(JSON.stringify(declaration));

		// the request is half-sent when SIGTERM arrives
		const req = http.request(`${s.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
		const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
			req.on('response', (res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
			});
			req.on('error', reject);
		});
		req.write(body.subarray(0, 100));
		await sleep(300);
		const exited = exitOf(s);
		s.process.kill('SIGTERM');
		await sleep(300);
		await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
		req.end(body.subarray(100));

		const res = await response;
		expect(res.status).toBe(201);
		expect(await exited).toEqual({ code: 0, signal: null });
		const { reference } = JSON.parse(res.body) as { reference: string };
		const stored = await s.query<{ n: number | string }>('select count(*) as n from declarations where reference = ?', [reference]);
		expect(Number(stored[0].n)).toBe(1);
	}, 60_000);

	it('keeps every upload answered 201 when the process is killed mid-stream, each readable', async () => {
		const s = await startServer(kind);
		try {
			const photos = await Promise.all(
				Array.from({ length: 8 }, (_, i) =>
					sharp({ create: { width: 200 + i, height: 140, channels: 3, background: '#6688aa' } })
						.jpeg()
						.toBuffer()
				)
			);
			const acknowledged: { id: string; width: number }[] = [];
			let stop = false;
			const exited = exitOf(s);
			void exited.then(() => (stop = true));
			const loops = photos.map(async (photo, i) => {
				while (!stop) {
					const form = new FormData();
					form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'page.jpg');
					try {
						const res = await fetch(`${s.url}/api/v1/uploads`, { method: 'POST', body: form });
						if (res.status === 201) acknowledged.push({ id: ((await res.json()) as { id: string }).id, width: 200 + i });
					} catch {
						return; // killed
					}
					if (acknowledged.length === 40) s.process.kill('SIGKILL');
				}
			});
			await Promise.all(loops);
			expect((await exited).signal).toBe('SIGKILL');
			expect(acknowledged.length).toBeGreaterThanOrEqual(40);

			const again = await startServer(kind, {}, { dataDir: s.dataDir, databaseUrl: s.databaseUrl, schema: s.schema });
			try {
				const rows = await again.query<{ id: string; width: number | string; data: string }>('select id, width, data from uploads');
				const keys = keysOf(again.dataDir);
				const byId = new Map(rows.map((r) => [r.id, r]));
				for (const a of acknowledged) {
					const row = byId.get(a.id);
					expect(row, a.id).toBeDefined();
					expect(Number(row!.width)).toBe(a.width);
					const image = await sharp(decryptBuffer(keys, row!.data, `uploads:${a.id}`)).metadata();
					expect(image).toMatchObject({ format: 'jpeg', width: a.width, height: 140 });
				}
			} finally {
				await again.cleanup();
			}
		} finally {
			if (s.process.exitCode === null && s.process.signalCode === null) await s.cleanup();
		}
	}, 120_000);
});
