// A multipart form over BODY_SIZE_LIMIT (a photo of ~11 MB sent without JavaScript) is refused by
// SvelteKit before the action can read it: `request.formData()` rejects with 413 and nothing of
// the body has been read. To give the step back with its other answers, the action reads the raw
// request itself here, keeping only the small text parts and discarding file contents as they
// stream past, so memory stays bounded whatever the file's size.

import type { IncomingMessage } from 'node:http';

/** Bodies larger than this are not read at all (the step then comes back with its saved answers). */
const MAX_READ_BYTES = 64 * 1024 * 1024;
const MAX_TEXT_PART = 64 * 1024;
const MAX_HEADERS = 8 * 1024;
const MAX_TEXT_PARTS = 200;

function boundaryOf(contentType: string): string | undefined {
	if (!/^multipart\/form-data\b/i.test(contentType)) return undefined;
	const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
	return m?.[1] ?? m?.[2];
}

interface Part {
	name: string;
	file: boolean;
	chunks: Buffer[];
	size: number;
}

/**
 * The text fields of a multipart body from the raw, still unread request; undefined when it is not
 * multipart, was already read, is larger than MAX_READ_BYTES or is malformed.
 */
export async function textFieldsOf(req: IncomingMessage | undefined): Promise<Record<string, string> | undefined> {
	if (!req || req.readableDidRead || req.destroyed) return undefined;
	const boundary = boundaryOf(req.headers['content-type'] ?? '');
	const length = Number(req.headers['content-length']);
	if (!boundary || !Number.isFinite(length) || length > MAX_READ_BYTES) return undefined;

	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const fields: Record<string, string> = {};
	let count = 0;
	// the first delimiter has no CRLF before it: start as if one had been read
	let buf: Buffer = Buffer.from('\r\n');
	let state: 'preamble' | 'headers' | 'body' | 'done' = 'preamble';
	let part: Part | undefined;
	let read = 0;

	const finish = (): void => {
		if (part && !part.file && count < MAX_TEXT_PARTS && part.size <= MAX_TEXT_PART) {
			fields[part.name] = Buffer.concat(part.chunks).toString('utf8');
			count++;
		}
		part = undefined;
	};
	const keep = (data: Buffer): void => {
		if (!part || part.file || part.size > MAX_TEXT_PART) return;
		part.size += data.length;
		if (part.size <= MAX_TEXT_PART) part.chunks.push(data);
	};

	for await (const chunk of req as AsyncIterable<Buffer>) {
		read += chunk.length;
		if (read > MAX_READ_BYTES) return undefined;
		if (state === 'done') continue; // drain the epilogue so the response is not cut off
		buf = Buffer.concat([buf, chunk]);
		for (;;) {
			if (state === 'headers') {
				const end = buf.indexOf('\r\n\r\n');
				if (end < 0) {
					if (buf.length > MAX_HEADERS) return undefined;
					break;
				}
				const headers = buf.subarray(0, end).toString('utf8');
				buf = buf.subarray(end + 4);
				const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
				const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
				if (name === undefined) return undefined;
				part = { name, file: /\bfilename\*?=/i.test(disposition), chunks: [], size: 0 };
				state = 'body';
				continue;
			}
			if (state === 'done') break;
			const at = buf.indexOf(delimiter);
			if (at < 0) {
				// all but a possible start of the delimiter belongs to the current part
				const safe = Math.max(0, buf.length - delimiter.length);
				if (state === 'body') keep(buf.subarray(0, safe));
				buf = buf.subarray(safe);
				break;
			}
			if (buf.length < at + delimiter.length + 2) break; // need to see what follows it
			if (state === 'body') {
				keep(buf.subarray(0, at));
				finish();
			}
			const after = buf.subarray(at + delimiter.length, at + delimiter.length + 2).toString('latin1');
			buf = buf.subarray(at + delimiter.length + 2);
			if (after === '--') state = 'done';
			else if (after === '\r\n') state = 'headers';
			else return undefined;
		}
		// a copy, so the large chunk this may point into can be freed
		buf = Buffer.from(buf);
	}
	return state === 'done' ? fields : undefined;
}
