import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import pino from 'pino';
import sharp from 'sharp';
import type { RequestEvent } from '@sveltejs/kit';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { createAddress } from '../../src/lib/server/addresses';
import { MAX_JSON_BYTES, readJson } from '../../src/lib/server/http';
import { tFor } from '../../src/lib/server/i18n';
import { claimTask } from '../../src/lib/server/help-claims';
import { log } from '../../src/lib/server/log';
import { deliverOutbox } from '../../src/lib/server/mail/outbox';
import { MAX_UPLOAD_BYTES, readUpload, storeUpload } from '../../src/lib/server/uploads';
import { createUser } from '../../src/lib/server/users';
import { POST as postDeclaration } from '../../src/routes/api/v1/declarations/+server';
import { GET as getDeclaration } from '../../src/routes/api/v1/declarations/[reference]/+server';
import { POST as postHelpRequest } from '../../src/routes/api/v1/help-requests/+server';
import { POST as postUpload } from '../../src/routes/api/v1/uploads/+server';
import { actions as loginActions } from '../../src/routes/[lang=lang]/staff/login/+page.server';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { startServer, type TestServer } from './server';

// Hostile and privacy-sensitive input, driven in-process (no build, no HTTP server): what the
// upload pipeline strips and refuses, what readJson refuses, the Idempotency-Key check of the
// declarations endpoint, and that nothing personal reaches the logs. The route handlers are
// called with a hand-made RequestEvent whose locals carry the app, as hooks.server.ts's handle does.

const ORIGIN = 'http://anju.test';
const t = tFor('en');

function fakeCookies(initial: Record<string, string> = {}) {
	const jar = new Map(Object.entries(initial));
	return {
		get: (name: string) => jar.get(name),
		getAll: () => [...jar].map(([name, value]) => ({ name, value })),
		set: (name: string, value: string) => void jar.set(name, value),
		delete: (name: string) => void jar.delete(name),
		serialize: () => ''
	};
}

/** The app of the suite running now (each database's suite sets it in beforeAll). */
let current: TestApp | undefined;

function eventFor(request: Request, routeId: string, params: Record<string, string> = {}): RequestEvent {
	return {
		request,
		url: new URL(request.url),
		params,
		route: { id: routeId },
		locals: { app: current, t, lang: 'en', user: null, sessionId: null, sessionEnded: null, requestId: 'test-request' },
		cookies: fakeCookies(),
		getClientAddress: () => '198.51.100.23',
		setHeaders: () => {},
		isDataRequest: false,
		isSubRequest: false,
		platform: undefined,
		fetch
	} as unknown as RequestEvent;
}

/**
 * A route handler called directly. The server hooks are left out: `sequence` needs SvelteKit's
 * internal request store; what they add to the log is one line of request id, method, route id,
 * status and duration.
 */
async function callRoute<E>(handler: (event: E) => Response | Promise<Response>, request: Request, routeId: string, params: Record<string, string> = {}): Promise<Response> {
	return handler(eventFor(request, routeId, params) as unknown as E);
}

function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
	return new Request(`${ORIGIN}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}

/** A body that arrives in chunks with no content-length, the way a chunked upload does. */
function streamed(total: number, chunk = 16 * 1024, fill = 0x20): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
	let sent = 0;
	let pulls = 0;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			pulls++;
			if (sent >= total) return controller.close();
			const n = Math.min(chunk, total - sent);
			const bytes = new Uint8Array(n).fill(fill);
			if (sent === 0) bytes[0] = 0x22; // '"'
			if (sent + n === total) bytes[n - 1] = 0x22;
			sent += n;
			controller.enqueue(bytes);
		}
	});
	return { stream, pulled: () => pulls };
}

function streamRequest(body: ReadableStream<Uint8Array>, type = 'application/json', path = '/api/v1/declarations'): Request {
	return new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' } as RequestInit);
}

async function problemOf(res: Response): Promise<{ status: number; type: string; contentType: string }> {
	const body = (await res.json()) as { type: string; status: number };
	return { status: res.status, type: body.type.split('/').pop()!, contentType: res.headers.get('content-type') ?? '' };
}

const XMP =
	'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
	'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XMP-CREATOR-SECRET</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';

/** An image carrying everything a phone camera leaves in it: EXIF with GPS, an orientation, ICC and XMP. */
async function cameraImage(format: 'jpeg' | 'png' | 'webp', width = 64, height = 40): Promise<Buffer> {
	const image = sharp({ create: { width, height, channels: 3, background: '#88aacc' } })
		.withIccProfile('p3')
		.withExif({
			IFD0: { Copyright: 'EXIF-COPYRIGHT-SECRET', Artist: 'EXIF-ARTIST-SECRET', Make: 'PhoneMaker' },
			// IFD3 is the GPS directory
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 45/1 1234/100', GPSLongitudeRef: 'E', GPSLongitude: '120/1 45/1 5678/100' }
		})
		.withMetadata({ orientation: 6 }) // "rotate 90° clockwise to display"
		.withXmp(XMP);
	return image[format]().toBuffer();
}

function crc32(bytes: Uint8Array): number {
	let c = ~0;
	for (const b of bytes) {
		c ^= b;
		for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}

/** A valid one-bit greyscale PNG of any size, all black, built by hand: deflated zeros take almost no time. */
function blackPng(width: number, height: number): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const out = Buffer.alloc(8 + data.length + 4);
		out.writeUInt32BE(data.length, 0);
		body.copy(out, 4);
		out.writeUInt32BE(crc32(body), 8 + data.length);
		return out;
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
	const scanlines = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // filter byte 0 and black pixels
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(scanlines)), chunk('IEND', Buffer.alloc(0))]);
}

const GPS_IFD_POINTER_LE = Buffer.from([0x25, 0x88]);
const GPS_IFD_POINTER_BE = Buffer.from([0x88, 0x25]);

describe.each(DATABASES)('hostile input, in process, on %s', (kind) => {
	let app: TestApp;
	let addressId: string;
	let seed = 7300;

	const uploadCount = async () =>
		Number(
			(
				await app.db
					.selectFrom('uploads')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const declarationCount = async () =>
		Number(
			(
				await app.db
					.selectFrom('declarations')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	async function photo(): Promise<string> {
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#557799' } })
			.png()
			.toBuffer();
		const r = await storeUpload(app.db, png);
		if (!r.ok) throw new Error(r.reason);
		return r.id;
	}

	async function declaration(overrides: Parameters<typeof validDeclaration>[1] = {}) {
		const d = validDeclaration(new Date(), overrides, seed++);
		d.document.photoUploadId = await photo();
		d.accommodation.addressId = addressId;
		return d;
	}

	beforeAll(async () => {
		app = current = await createTestApp(kind, { ANJU_RATE_LIMITS: 'off' });
		addressId = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园7幢', labelEn: 'Bldg 7, Jiabei Huayuan', kind: 'residential' }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	describe('uploads: metadata is stripped', () => {
		for (const format of ['jpeg', 'png', 'webp'] as const) {
			it(`${format}: EXIF (GPS, copyright), ICC and XMP are gone, the orientation is applied to the pixels`, async () => {
				const input = await cameraImage(format);
				const before = await sharp(input).metadata();
				// the input really carries what must be removed
				expect(before.exif?.toString('latin1')).toContain('EXIF-COPYRIGHT-SECRET');
				expect(before.exif!.includes(GPS_IFD_POINTER_LE) || before.exif!.includes(GPS_IFD_POINTER_BE)).toBe(true);
				expect(before.icc).toBeDefined();
				expect(before.xmp).toBeDefined();
				expect(before).toMatchObject({ width: 64, height: 40, orientation: 6 });

				const stored = await storeUpload(app.db, input);
				expect(stored).toMatchObject({ ok: true, mime: `image/${format}`, width: 40, height: 64 });
				if (!stored.ok) return;
				const back = (await readUpload(app.db, stored.id))!;
				expect(back.mime).toBe(`image/${format}`);
				const after = await sharp(back.bytes).metadata();
				expect(after.format).toBe(format);
				expect(after.exif).toBeUndefined();
				expect(after.icc).toBeUndefined();
				expect(after.xmp).toBeUndefined();
				expect(after.orientation).toBeUndefined();
				// turned upright, so dropping the orientation tag does not leave it lying on its side
				expect({ width: after.width, height: after.height }).toEqual({ width: 40, height: 64 });
				expect(back.bytes.length).toBe(stored.size);
				const raw = back.bytes.toString('latin1');
				for (const secret of ['EXIF-COPYRIGHT-SECRET', 'EXIF-ARTIST-SECRET', 'PhoneMaker', 'XMP-CREATOR-SECRET', 'Exif\0\0']) expect(raw).not.toContain(secret);

				// the row holds the image encrypted, with the dimensions of what was stored
				const row = await app.db.selectFrom('uploads').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
				expect(row).toMatchObject({ width: 40, height: 64, size: stored.size, used_at: null });
				expect(row.data).toMatch(/^v1\.[^.]+\.[A-Za-z0-9+/]+=*$/);
				expect(Buffer.from(row.data.split('.')[2], 'base64').includes(back.bytes.subarray(0, 64))).toBe(false);
			});
		}

		it('drops whatever is appended after the image data (a JPEG/HTML polyglot)', async () => {
			const jpeg = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#123456' } })
				.jpeg()
				.toBuffer();
			const trailer = Buffer.from('<html><script>alert("APPENDED-TRAILER-SECRET")</script></html>');
			const stored = await storeUpload(app.db, Buffer.concat([jpeg, trailer]));
			expect(stored).toMatchObject({ ok: true, mime: 'image/jpeg', width: 30, height: 20 });
			if (!stored.ok) return;
			const back = (await readUpload(app.db, stored.id))!;
			expect(back.bytes.toString('latin1')).not.toContain('APPENDED-TRAILER-SECRET');
			// ends at the JPEG end-of-image marker
			expect([...back.bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
		});

		it('keeps the size of an image within 2400 px and scales a larger one down, keeping its proportions', async () => {
			const small = await storeUpload(app.db, await cameraImage('jpeg', 300, 200));
			expect(small).toMatchObject({ ok: true, width: 200, height: 300 });
			const wide = await sharp({ create: { width: 3000, height: 1200, channels: 3, background: '#ffffff' } })
				.withExif({ IFD0: { Copyright: 'EXIF-COPYRIGHT-SECRET' } })
				.jpeg()
				.toBuffer();
			const big = await storeUpload(app.db, wide);
			expect(big).toMatchObject({ ok: true, width: 2400, height: 960 });
			if (!big.ok) return;
			const after = await sharp((await readUpload(app.db, big.id))!.bytes).metadata();
			expect({ width: after.width, height: after.height, exif: after.exif }).toEqual({ width: 2400, height: 960, exif: undefined });
		});
	});

	describe('uploads: the write', () => {
		it('goes through the group commit: uploads at once are each stored whole, answered once the WAL is synced', async () => {
			// on SQLite the group commit answers after an fdatasync of the WAL off the event loop; a plain
			// insert (synchronous=FULL on the main thread) would never call it
			const handle = await fs.promises.open(path.join(app.dataDir, '.'), 'r');
			const datasync = vi.spyOn(Object.getPrototypeOf(handle) as { datasync(): Promise<void> }, 'datasync');
			await handle.close();
			try {
				const images = await Promise.all(
					Array.from({ length: 12 }, (_, i) =>
						sharp({ create: { width: 30 + i, height: 20, channels: 3, background: '#345678' } })
							.jpeg()
							.toBuffer()
					)
				);
				const before = await uploadCount();
				const stored = await Promise.all(images.map((bytes) => storeUpload(app.db, bytes)));
				expect(stored.every((r) => r.ok)).toBe(true);
				const ids = stored.map((r) => (r.ok ? r.id : ''));
				expect(new Set(ids).size).toBe(12);
				expect(await uploadCount()).toBe(before + 12);
				const rows = await app.db.selectFrom('uploads').select(['id', 'width', 'size']).where('id', 'in', ids).execute();
				for (const [i, id] of ids.entries()) expect(rows.find((r) => r.id === id)).toMatchObject({ width: 30 + i, size: stored[i].ok ? stored[i].size : -1 });
				if (kind === 'sqlite') expect(datasync).toHaveBeenCalled();
			} finally {
				datasync.mockRestore();
			}
		});
	});

	describe('uploads: refused input stores nothing', () => {
		it(`one byte over MAX_UPLOAD_BYTES (${MAX_UPLOAD_BYTES}) is too_large before anything looks at it; exactly the limit is not`, async () => {
			expect(MAX_UPLOAD_BYTES).toBe(10 * 1024 * 1024);
			const before = await uploadCount();
			const over = new Uint8Array(MAX_UPLOAD_BYTES + 1);
			over.set([0xff, 0xd8, 0xff, 0xe0]); // a JPEG by its magic bytes
			expect(await storeUpload(app.db, over)).toEqual({ ok: false, reason: 'too_large' });
			const atLimit = over.subarray(0, MAX_UPLOAD_BYTES);
			// at the limit the size passes; the bytes are no image, so decoding refuses them
			expect(await storeUpload(app.db, atLimit)).toEqual({ ok: false, reason: 'unreadable_image' });
			expect(await uploadCount()).toBe(before);
		});

		it('the uploads endpoint answers 413 upload-too-large for a streamed body with no content-length, and stores nothing', async () => {
			const before = await uploadCount();
			const boundary = '----anju-hostile-boundary';
			const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="passport.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
			const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
			const file = new Uint8Array(MAX_UPLOAD_BYTES + 1);
			file.set([0xff, 0xd8, 0xff, 0xe0]);
			const parts = [head, file, tail];
			const body = new ReadableStream<Uint8Array>({
				pull(controller) {
					const next = parts.shift();
					if (next) controller.enqueue(next);
					else controller.close();
				}
			});
			const request = streamRequest(body, `multipart/form-data; boundary=${boundary}`, '/api/v1/uploads');
			expect(request.headers.get('content-length')).toBeNull();
			const res = await callRoute(postUpload, request, '/api/v1/uploads');
			expect(await problemOf(res)).toMatchObject({ status: 413, type: 'upload-too-large', contentType: expect.stringContaining('problem+json') });
			expect(await uploadCount()).toBe(before);
		});

		it('a declared content-length over the limit is refused with 413 before the body is read', async () => {
			const before = await uploadCount();
			const { stream, pulled } = streamed(1024);
			const request = new Request(`${ORIGIN}/api/v1/uploads`, {
				method: 'POST',
				headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MAX_UPLOAD_BYTES + 64 * 1024 + 1) },
				body: stream,
				duplex: 'half'
			} as RequestInit);
			const res = await callRoute(postUpload, request, '/api/v1/uploads');
			expect(await problemOf(res)).toMatchObject({ status: 413, type: 'payload-too-large' });
			expect(request.bodyUsed).toBe(false);
			expect(pulled()).toBeLessThanOrEqual(1); // at most the stream's own first pull
			expect(await uploadCount()).toBe(before);
		});

		it('the format comes from the bytes: a PDF, GIF, SVG or HTML is unsupported_type, a PNG is kept as a PNG', async () => {
			const before = await uploadCount();
			const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
				.gif()
				.toBuffer();
			const refused: [string, Uint8Array][] = [
				['pdf', new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')],
				['gif', gif],
				['svg', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
				['html', new TextEncoder().encode('<!doctype html><img src=x onerror=alert(1)>')],
				['empty', new Uint8Array()],
				['two magic bytes', new Uint8Array([0xff, 0xd8])]
			];
			for (const [name, bytes] of refused) expect(await storeUpload(app.db, bytes), name).toEqual({ ok: false, reason: 'unsupported_type' });
			// a truncated JPEG and a PNG header with nothing after it: recognised, but not decodable
			const jpeg = await sharp({ create: { width: 30, height: 30, channels: 3, background: '#abc' } })
				.jpeg()
				.toBuffer();
			expect(await storeUpload(app.db, jpeg.subarray(0, jpeg.length >> 1))).toEqual({ ok: false, reason: 'unreadable_image' });
			expect(await storeUpload(app.db, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]))).toEqual({ ok: false, reason: 'unreadable_image' });
			expect(await uploadCount()).toBe(before);

			// the API test posts a PNG as "photo.jpg" with type image/jpeg and gets 201; it is stored as what it is
			const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#fff' } })
				.png()
				.toBuffer();
			const stored = await storeUpload(app.db, png);
			expect(stored).toMatchObject({ ok: true, mime: 'image/png' });
			if (!stored.ok) return;
			const back = (await readUpload(app.db, stored.id))!;
			expect(back.mime).toBe('image/png');
			expect((await sharp(back.bytes).metadata()).format).toBe('png');
		});

		it('a decompression bomb (a tiny PNG of over 50 megapixels) is refused without decoding it', async () => {
			const before = await uploadCount();
			// 7100 × 7100 one-bit greyscale, all black: ~50.4 Mpx in a few kilobytes
			const bomb = blackPng(7100, 7100);
			expect(bomb.length).toBeLessThan(MAX_UPLOAD_BYTES);
			expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 7100, height: 7100 });
			expect(await storeUpload(app.db, bomb)).toEqual({ ok: false, reason: 'unreadable_image' });
			expect(await uploadCount()).toBe(before);
		});
	});

	describe('readJson', () => {
		it(`a streamed body one byte over MAX_JSON_BYTES (${MAX_JSON_BYTES}) with no content-length: 413, and reading stops there`, async () => {
			const { stream, pulled } = streamed(MAX_JSON_BYTES + 1, 4096);
			const request = streamRequest(stream);
			expect(request.headers.get('content-length')).toBeNull();
			const result = await readJson(request, t);
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(await problemOf(result.response)).toEqual({ status: 413, type: 'payload-too-large', contentType: 'application/problem+json; charset=utf-8' });
			expect(pulled()).toBeLessThanOrEqual(MAX_JSON_BYTES / 4096 + 2);

			// exactly MAX_JSON_BYTES, streamed: a JSON string that is read in full
			const exact = streamed(MAX_JSON_BYTES, 4096);
			const ok = await readJson(streamRequest(exact.stream), t);
			expect(ok.ok).toBe(true);
			if (ok.ok) expect((ok.value as string).length).toBe(MAX_JSON_BYTES - 2);
		});

		it('a body far over the limit is not read to its end', async () => {
			const { stream, pulled } = streamed(64 * 1024 * 1024, 16 * 1024);
			const result = await readJson(streamRequest(stream), t);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.response.status).toBe(413);
			expect(pulled()).toBeLessThan(10);
		});

		it('a content-length that understates the body does not get past the limit', async () => {
			const { stream } = streamed(MAX_JSON_BYTES + 1);
			const request = new Request(`${ORIGIN}/api/v1/declarations`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': '10' },
				body: stream,
				duplex: 'half'
			} as RequestInit);
			const result = await readJson(request, t);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.response.status).toBe(413);
		});

		it('invalid UTF-8 is 400 invalid-encoding, told apart from invalid JSON', async () => {
			const bad: [string, number[]][] = [
				['a stray continuation byte', [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]],
				['0xff 0xfe', [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]],
				['an overlong "/"', [0x22, 0xc0, 0xaf, 0x22]],
				['a UTF-16 surrogate encoded in UTF-8', [0x22, 0xed, 0xa0, 0x80, 0x22]],
				['a truncated sequence at the end', [0x22, 0x61, 0x22, 0xe4, 0xb8]],
				['a code point above U+10FFFF', [0x22, 0xf4, 0x90, 0x80, 0x80, 0x22]]
			];
			for (const [name, bytes] of bad) {
				const result = await readJson(new Request(`${ORIGIN}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(bytes) }), t);
				expect(result.ok, name).toBe(false);
				if (!result.ok) expect(await problemOf(result.response), name).toMatchObject({ status: 400, type: 'invalid-encoding' });
			}
			const invalidJson = await readJson(jsonRequest('/x', '{"a": "中文",'), t);
			expect(invalidJson.ok).toBe(false);
			if (!invalidJson.ok) expect(await problemOf(invalidJson.response)).toMatchObject({ status: 400, type: 'invalid-json' });
			const valid = await readJson(jsonRequest('/x', '{"a":"中文 é 😀"}'), t);
			expect(valid).toEqual({ ok: true, value: { a: '中文 é 😀' } });
		});

		it('a type other than JSON is 415 without reading the body', async () => {
			for (const type of [null, 'text/plain', 'text/json', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/xml']) {
				const { stream, pulled } = streamed(1024 * 1024);
				const headers: Record<string, string> = type === null ? {} : { 'content-type': type };
				const request = new Request(`${ORIGIN}/x`, { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
				if (type === null) request.headers.delete('content-type');
				const result = await readJson(request, t);
				expect(result.ok, String(type)).toBe(false);
				if (!result.ok) expect(await problemOf(result.response), String(type)).toMatchObject({ status: 415, type: 'unsupported-media-type' });
				expect(request.bodyUsed, String(type)).toBe(false);
				expect(pulled(), String(type)).toBeLessThanOrEqual(1);
			}
			// the accepted spellings
			for (const type of ['application/json', 'Application/JSON; charset=utf-8', 'application/problem+json']) {
				expect(await readJson(new Request(`${ORIGIN}/x`, { method: 'POST', headers: { 'content-type': type }, body: '{"a":1}' }), t), type).toEqual({ ok: true, value: { a: 1 } });
			}
		});

		it('the declarations endpoint answers these before anything is stored', async () => {
			const before = await declarationCount();
			const { stream } = streamed(MAX_JSON_BYTES + 1);
			expect((await callRoute(postDeclaration, streamRequest(stream), '/api/v1/declarations')).status).toBe(413);
			const badUtf8 = new Request(`${ORIGIN}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xc0, 0x7d]) });
			expect(await problemOf(await callRoute(postDeclaration, badUtf8, '/api/v1/declarations'))).toMatchObject({ status: 400, type: 'invalid-encoding' });
			expect(
				(await callRoute(postDeclaration, new Request(`${ORIGIN}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }), '/api/v1/declarations')).status
			).toBe(415);
			expect(await declarationCount()).toBe(before);
		});
	});

	describe('Idempotency-Key on POST /api/v1/declarations', () => {
		const malformed: [string, string][] = [
			['7 characters', 'abc-123'],
			['an inner space', 'key with spaces 1'],
			['129 characters', 'k'.repeat(129)],
			['empty', ''],
			['a tab inside', 'abcd\tefgh'],
			['a non-ASCII letter', 'clé-idempotence-1'],
			['DEL', 'abcdefgh\x7f']
		];
		for (const [name, key] of malformed) {
			it(`refuses a key with ${name}: 400 invalid-idempotency-key, nothing stored`, async () => {
				const d = await declaration();
				const request = jsonRequest('/api/v1/declarations', d);
				request.headers.set('idempotency-key', key);
				expect(request.headers.get('idempotency-key')).toBe(key);
				const before = await declarationCount();
				const res = await callRoute(postDeclaration, request, '/api/v1/declarations');
				expect(await problemOf(res)).toMatchObject({ status: 400, type: 'invalid-idempotency-key', contentType: expect.stringContaining('problem+json') });
				expect(await declarationCount()).toBe(before);
			});
		}

		it('accepts keys of 8 and of 128 printable ASCII characters', async () => {
			for (const key of ['8charKey', '!~' + 'x'.repeat(124) + '~!']) {
				const res = await callRoute(postDeclaration, jsonRequest('/api/v1/declarations', await declaration(), { 'idempotency-key': key }), '/api/v1/declarations');
				expect(res.status, key).toBe(201);
			}
		});
	});

	describe('no personal data in the logs', () => {
		const lines: string[] = [];
		const streamSym = pino.symbols.streamSym as unknown as keyof typeof log;
		let originalStream: unknown;
		let originalLevel: string;

		beforeAll(() => {
			originalStream = log[streamSym];
			originalLevel = log.level;
			(log as unknown as Record<symbol, unknown>)[streamSym as unknown as symbol] = { write: (s: string) => void lines.push(s) };
			log.level = 'trace';
			for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
				vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
			}
		});
		afterAll(() => {
			(log as unknown as Record<symbol, unknown>)[streamSym as unknown as symbol] = originalStream;
			log.level = originalLevel;
			vi.restoreAllMocks();
		});

		it('a submission, a status look-up, a help request with its mail, and failed sign-ins log ids and codes only', async () => {
			lines.length = 0;
			log.info({ probe: 'capture-works' }, 'probe');
			expect(lines.join('')).toContain('capture-works');

			const person = { surname: 'ZQXHOLMGREN', givenNames: 'ASTRID LIVIA' };
			const passport = 'PZ7731946';
			const phone = '+33 6 71 82 93 04';
			const email = 'holmgren.private@example.net';
			const helpPhone = '+86 139 7156 2284';
			const helpEmail = 'astrid.help@example.net';
			const note = 'My landlord ZQXHOLMGREN-NOTE keeps my passport';
			const staffEmail = `officer.hostile.${kind}@example.org`;
			const staffPassword = 'violet harbour pencil quartz';
			const wrongPassword = 'secret-wrong-password-41';

			// a declaration, through the route handler
			const d = await declaration({ person, document: { number: passport }, contact: { phone, email } });
			const submitted = await callRoute(postDeclaration, jsonRequest('/api/v1/declarations', d, { 'idempotency-key': 'log-test-key-0001' }), '/api/v1/declarations');
			expect(submitted.status).toBe(201);
			const { reference, accessCode } = (await submitted.json()) as { reference: string; accessCode: string };
			// an invalid one whose field errors name the values
			const invalid = await declaration({ person: { ...person, nationality: 'ZZZ' }, document: { number: passport } });
			expect((await callRoute(postDeclaration, jsonRequest('/api/v1/declarations', invalid), '/api/v1/declarations')).status).toBe(422);

			// status look-ups: the right code, a wrong one, an unknown reference
			const lookUp = (ref: string, code: string) =>
				callRoute(getDeclaration, new Request(`${ORIGIN}/api/v1/declarations/${ref}`, { headers: { 'x-access-code': code } }), '/api/v1/declarations/[reference]', { reference: ref });
			expect((await lookUp(reference, accessCode)).status).toBe(200);
			const wrongCode = accessCode.split('').reverse().join('');
			expect((await lookUp(reference, wrongCode)).status).toBe(404);
			expect((await lookUp('JB-AAAA-AAAA', accessCode)).status).toBe(404);

			// a help request, claimed (which queues a mail to the resident), and the mail failing twice
			const volunteer = await app.db.write((tx) =>
				createUser(tx, { email: `volunteer.hostile.${kind}@example.org`, name: 'Volunteer H', role: 'volunteer', languages: [{ lang: 'en', level: 'fluent' }] })
			);
			const help = await callRoute(
				postHelpRequest,
				jsonRequest('/api/v1/help-requests', { language: 'en', topic: 'registration', channel: 'phone', contact: { phone: helpPhone, email: helpEmail }, note, declarationReference: reference }),
				'/api/v1/help-requests'
			);
			expect(help.status).toBe(201);
			const helpBody = (await help.json()) as { reference: string; accessCode: string };
			const row = await app.db.selectFrom('help_requests').select('id').where('reference', '=', helpBody.reference).executeTakeFirstOrThrow();
			expect(await claimTask(app.db, row.id, volunteer.id)).toMatchObject({ ok: true });
			const refusing = {
				async send(mail: { to: string }) {
					throw Object.assign(new Error(`550 5.1.1 <${mail.to}>: Recipient address rejected`), { responseCode: 550, response: `550 <${mail.to}>` });
				}
			};
			const unreachable = {
				async send(mail: { to: string }) {
					throw new Error(`connect failed while sending to ${mail.to}`);
				}
			};
			const first = await deliverOutbox(app.db, unreachable);
			expect(first.retrying).toBeGreaterThan(0);
			await deliverOutbox(app.db, refusing, { now: () => new Date(Date.now() + 3600_000) });

			// staff sign-in failures: a wrong password for a real account, an unknown address
			await app.db.write((tx) => createUser(tx, { email: staffEmail, name: 'Officer H', role: 'officer', password: staffPassword }));
			for (const [address, password] of [
				[staffEmail, wrongPassword],
				['nobody.hostile@example.org', wrongPassword]
			]) {
				const form = new FormData();
				form.set('email', address);
				form.set('password', password);
				const request = new Request(`${ORIGIN}/en/staff/login`, { method: 'POST', body: form });
				const result = (await loginActions.default(eventFor(request, '/[lang=lang]/staff/login') as unknown as Parameters<typeof loginActions.default>[0])) as { status: number };
				expect(result.status).toBe(400);
			}

			const logged = lines.join('\n');
			// the capture saw what these paths log, so an empty haystack cannot pass by accident
			expect(logged).toContain('mail queued');
			expect(logged).toContain('mail delivery failed');
			const needles = [
				person.surname,
				'ASTRID',
				passport,
				phone,
				'71 82 93 04',
				'671829304',
				email,
				'holmgren.private',
				helpPhone,
				'7156 2284',
				'13971562284',
				helpEmail,
				'astrid.help',
				'ZQXHOLMGREN-NOTE',
				'keeps my passport',
				accessCode,
				wrongCode,
				helpBody.accessCode,
				staffEmail,
				staffPassword,
				wrongPassword,
				'nobody.hostile@example.org',
				'WANG FANG',
				d.host!.idNumber
			];
			for (const needle of needles) expect(logged.includes(needle), `${needle} in the logs:\n${logged}`).toBe(false);
		});

		// pino's "*.x" paths match one level down only: log.ts lists the top-level names as well.
		it('redaction, the second line of defence, also covers personal fields logged at the top level', () => {
			lines.length = 0;
			log.warn({ email: 'top-level@example.net', phone: '+86 138 0000 1111', accessCode: 'TOPLEVEL', password: 'top-level-password' }, 'careless call');
			const logged = lines.join('\n');
			expect(logged).toContain('careless call');
			for (const needle of ['top-level@example.net', '138 0000 1111', 'TOPLEVEL', 'top-level-password']) expect(logged).not.toContain(needle);
		});
	});
});

// The same kind of input against the built server over HTTP, where the hooks run too.
describe.each(DATABASES)('crafted requests over HTTP on %s', (kind) => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer(kind);
	}, 120_000);
	afterAll(() => server?.cleanup());

	async function count(table: string): Promise<number> {
		return Number((await server.query<{ n: number | string }>(`select count(*) as n from ${table}`))[0].n);
	}

	/** A multipart body whose filename carries a bare `"`, which the form parser refuses. */
	function quotedFilename(fields: Record<string, string>): { body: string; type: string } {
		const boundary = '----anju-hostile';
		const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
		parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="pass"port.png"\r\nContent-Type: image/png\r\n\r\nnot an image\r\n`);
		return { body: parts.join('') + `--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
	}

	it('a " inside a multipart filename is a 400 on form actions and the API, never a 500, and stores nothing', async () => {
		// a draft, so that the document step reads its form (the photo's step)
		const started = await fetch(`${server.url}/en/declare`, { method: 'POST', body: new URLSearchParams({ consent: 'yes' }), headers: { origin: server.url }, redirect: 'manual' });
		await started.body?.cancel();
		const cookie = started.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		const before = { drafts: await count('drafts'), uploads: await count('uploads'), declarations: await count('declarations') };
		for (const path of ['/en/declare', '/en/declare/document', '/en/staff/login', '/en/status', '/en/help?/request', '/api/v1/uploads']) {
			const { body, type } = quotedFilename({ consent: 'yes', email: 'officer1@anju.example.org', password: 'x' });
			const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type, origin: server.url, accept: 'text/html', cookie }, body, redirect: 'manual' });
			await res.body?.cancel();
			expect([path, res.status]).toEqual([path, 400]);
		}
		expect({ drafts: await count('drafts'), uploads: await count('uploads'), declarations: await count('declarations') }).toEqual(before);
		expect(server.output()).not.toMatch(/unhandled error/);
	});

	it('deeply nested JSON is a 400 problem, not a stack overflow, and stores nothing', async () => {
		const before = await count('declarations');
		const deep = `{"person":{"surname":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
		for (const path of ['/api/v1/declarations', '/api/v1/help-requests']) {
			const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
			expect(res.status).toBe(400);
			expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
			expect(((await res.json()) as { type: string }).type).toMatch(/\/json-too-deep$/);
		}
		// nesting inside strings does not count
		const inString = await fetch(`${server.url}/api/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: '['.repeat(5000) }) });
		expect(inString.status).toBe(422);
		await inString.body?.cancel();
		expect(await count('declarations')).toBe(before);
		expect(server.output()).not.toMatch(/unhandled error|Maximum call stack/);
	});

	it('unknown /api/ paths and methods answer problem+json, not HTML', async () => {
		for (const [method, path, status] of [
			['GET', '/api/v1/nothing-here', 404],
			['POST', '/api/v1/declarations/JB-AAAA-AAAA/extra', 404],
			['GET', '/api/v2/declarations', 404],
			['GET', '/api/', 404],
			['DELETE', '/api/v1/declarations', 405],
			['PUT', '/api/v1/openapi.json', 405]
		] as const) {
			const res = await fetch(`${server.url}${path}`, { method, headers: { accept: 'text/html' } });
			expect([method, path, res.status, res.headers.get('content-type')]).toEqual([method, path, status, 'application/problem+json; charset=utf-8']);
			const body = (await res.json()) as { status: number; title: string };
			expect(body.status).toBe(status);
			expect(body.title.length).toBeGreaterThan(0);
			if (status === 405) expect(res.headers.get('allow')).toBeTruthy();
		}
		const zh = await fetch(`${server.url}/api/v1/nothing-here`, { headers: { 'accept-language': 'zh-CN' } });
		expect(((await zh.json()) as { title: string }).title).toBe('未找到');
	});

	it("the language hook's redirects carry the same security headers as every other response", async () => {
		const page = await fetch(`${server.url}/en/`);
		await page.body?.cancel();
		const api = await fetch(`${server.url}/api/v1/openapi.json`);
		await api.body?.cancel();
		const names = ['strict-transport-security', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'cross-origin-opener-policy', 'permissions-policy'];
		for (const path of ['/', '/EN/declare', '/xx/declare?x=1', '/pt-br/status']) {
			const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
			await res.body?.cancel();
			expect([path, res.status]).toEqual([path, path === '/EN/declare' ? 308 : 303]);
			for (const name of names) expect([path, name, res.headers.get(name)]).toEqual([path, name, page.headers.get(name)]);
			expect(res.headers.get('content-security-policy')).toBe(api.headers.get('content-security-policy'));
			expect(res.headers.get('x-request-id')).toBeTruthy();
			expect(res.headers.get('cache-control')).toBe('no-store');
		}
	});
});
