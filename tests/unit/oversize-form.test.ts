import { describe, expect, test } from 'vitest';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { textFieldsOf } from '$lib/server/oversize-form';

const BOUNDARY = '----AnjuBoundary7MA4YWxkTrZu0gW';

function body(parts: { name: string; value: string | Buffer; filename?: string }[]): Buffer {
	const chunks: Buffer[] = [];
	for (const p of parts) {
		const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
		chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.filename ? 'Content-Type: image/jpeg\r\n' : ''}\r\n`));
		chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
		chunks.push(Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
	return Buffer.concat(chunks);
}

/** A request streaming `data` in chunks of `size` bytes. */
function request(data: Buffer, size: number, headers: Record<string, string> = {}): IncomingMessage {
	const chunks: Buffer[] = [];
	for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
	const req = Readable.from(chunks) as unknown as IncomingMessage;
	req.headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(data.length), ...headers };
	return req;
}

describe('textFieldsOf: the text answers of a body too large for SvelteKit', () => {
	const photo = Buffer.alloc(12 * 1024 * 1024, 0x2d); // dashes, like a boundary's start
	const parts = [
		{ name: 'photo', value: photo, filename: 'passport.jpg' },
		{ name: 'type', value: 'passport' },
		{ name: 'mrz', value: 'P<FRADUPONT<<MARIE' },
		{ name: 'number', value: '١٢٣ FR' },
		{ name: 'expiryDate-day', value: '' }
	];
	test.each([1, 7, 70, 65536, 1 << 20])('in chunks of %i bytes', async (size) => {
		if (size < 65536) {
			// small chunks on a small body (the photo's 12 MB in 1-byte chunks would take too long)
			const small = body(parts.map((p) => (p.filename ? { ...p, value: Buffer.alloc(3000, 0x2d) } : p)));
			expect(await textFieldsOf(request(small, size))).toEqual({ type: 'passport', mrz: 'P<FRADUPONT<<MARIE', number: '١٢٣ FR', 'expiryDate-day': '' });
		} else {
			expect(await textFieldsOf(request(body(parts), size))).toEqual({ type: 'passport', mrz: 'P<FRADUPONT<<MARIE', number: '١٢٣ FR', 'expiryDate-day': '' });
		}
	});
	test('refuses what it should not read', async () => {
		const small = body([{ name: 'a', value: 'b' }]);
		expect(await textFieldsOf(undefined)).toBeUndefined();
		expect(await textFieldsOf(request(small, 100, { 'content-type': 'application/x-www-form-urlencoded' }))).toBeUndefined();
		expect(await textFieldsOf(request(small, 100, { 'content-length': String(65 * 1024 * 1024) }))).toBeUndefined();
		expect(await textFieldsOf(request(small.subarray(0, small.length - 10), 100))).toBeUndefined(); // cut off
		expect(await textFieldsOf(request(small, 100))).toEqual({ a: 'b' });
	});
});
