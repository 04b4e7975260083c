import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusPhoto } from '../../scripts/mrz-corpus';
import { DATABASES } from './helpers';
import { startServer, type TestServer } from './server';

// POST /api/v1/uploads with read=mrz (DESIGN §5): the photo is stored as any upload, and the
// machine-readable zone read on a worker thread of the built server comes back with it.

type MrzAnswer = { id: string; mrz: { lines: [string, string]; valid: boolean; fields: Record<string, string | null> } | null; reason?: string };

async function post(server: TestServer, jpeg: Buffer, read = true): Promise<{ status: number; body: MrzAnswer }> {
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'page.jpg');
	if (read) form.append('read', 'mrz');
	const res = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: form });
	return { status: res.status, body: (await res.json()) as MrzAnswer };
}

describe.each(DATABASES)('uploads with read=mrz on %s', (kind) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer(kind, { ANJU_MRZ_WORKERS: '1', ANJU_MRZ_QUEUE: '0' });
	}, 120_000);
	afterAll(() => server?.cleanup());

	it('reads a generated passport photo: valid, with its fields; the photo is stored encrypted and nothing read is logged', async () => {
		const photo = await corpusPhoto(17, 10);
		const { status, body } = await post(server, photo.jpeg);
		expect(status).toBe(201);
		expect(body.mrz?.lines).toEqual(photo.truth?.lines);
		expect(body.mrz?.valid).toBe(true);
		expect(body.mrz?.fields).toMatchObject({ surname: 'IVANOVA', givenNames: 'YEKATERINA', nationality: 'RUS', number: 'R0399848', dateOfBirth: '1997-09-10', sex: 'F', expiryDate: '2027-09-17' });
		const rows = await server.query<{ id: string; mime: string; width: number; used_at: string | null }>('select id, mime, width, used_at from uploads where id = ?', [body.id]);
		expect(rows).toHaveLength(1);
		expect(rows[0].mime).toBe('image/jpeg');
		expect(rows[0].width).toBeLessThanOrEqual(2400); // re-encoded as every upload
		expect(server.output()).not.toContain('IVANOVA');
		expect(server.output()).not.toContain('R0399848');
	}, 60_000);

	it('answers mrz null for a photo without an MRZ, and only { id } without read=mrz', async () => {
		const none = await post(server, (await corpusPhoto(17, 7)).jpeg);
		expect(none.status).toBe(201);
		expect(none.body.mrz).toBeNull();
		expect(none.body.reason).toBe('not_found');
		const plain = await post(server, (await corpusPhoto(17, 10)).jpeg, false);
		expect(plain.status).toBe(201);
		expect(Object.keys(plain.body)).toEqual(['id']);
	}, 60_000);

	it('never calls a page with a wrong check digit valid', async () => {
		const photo = await corpusPhoto(17, 10, { tamper: true });
		const { status, body } = await post(server, photo.jpeg);
		expect(status).toBe(201);
		expect(body.mrz?.valid).toBe(false);
	}, 60_000);

	it('when the reader is busy (queue full), the upload still succeeds: mrz null, reason busy', async () => {
		const photo = await corpusPhoto(17, 10);
		const answers = await Promise.all([post(server, photo.jpeg), post(server, photo.jpeg)]);
		expect(answers.map((a) => a.status)).toEqual([201, 201]);
		expect(answers.every((a) => typeof a.body.id === 'string')).toBe(true);
		expect(answers.filter((a) => a.body.reason === 'busy')).toHaveLength(1);
		expect(answers.filter((a) => a.body.mrz?.valid)).toHaveLength(1);
	}, 60_000);

	it('a PDF with read=mrz is refused as before (415), nothing stored', async () => {
		const before = await server.query<{ n: number }>('select count(*) as n from uploads');
		const { status } = await post(server, Buffer.from('%PDF-1.7\n'));
		expect(status).toBe(415);
		expect(await server.query<{ n: number }>('select count(*) as n from uploads')).toEqual(before);
	});
});
