import { json } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import type { T } from '$lib/i18n';
import { consume, type Limit } from './rate-limit';

// Helpers for the JSON API: RFC 9457 problem+json answers and a body reader that refuses
// oversized, mistyped or malformed input before anything else looks at it.

export const MAX_JSON_BYTES = 64 * 1024;
/** Far deeper than any document of the API (a declaration is four levels deep). */
export const MAX_JSON_DEPTH = 32;

export interface ProblemFieldError {
	path: string;
	code: string;
	message: string;
}

export function problem(status: number, t: T, type: string, extra: { detail?: string; errors?: ProblemFieldError[]; headers?: Record<string, string>; [key: string]: unknown } = {}): Response {
	const { headers, ...rest } = extra;
	const body = { type: `https://anju.example.org/problems/${type}`, title: t(`common.problem.${type}`), status, ...rest };
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...headers }
	});
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** Reads a JSON body: 415 for another type, 413 over the limit, 400 for invalid UTF-8 or JSON. */
export async function readJson(request: Request, t: T, maxBytes = MAX_JSON_BYTES): Promise<JsonBody> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(problem\+)?json\b/i.test(type)) return { ok: false, response: problem(415, t, 'unsupported-media-type') };
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > maxBytes) return { ok: false, response: problem(413, t, 'payload-too-large') };
	const bytes = await readLimited(request, maxBytes);
	if (!bytes) return { ok: false, response: problem(413, t, 'payload-too-large') };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return { ok: false, response: problem(400, t, 'invalid-encoding') };
	}
	// Before parsing: a value nested thousands deep parses, but overflows the stack of whatever walks
	// it later (the structured clone that hands a submission to an intake worker).
	if (nestingDepth(text) > MAX_JSON_DEPTH) return { ok: false, response: problem(400, t, 'json-too-deep') };
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false, response: problem(400, t, 'invalid-json') };
	}
}

/** The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c)
				i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
		else if (c === 0x5d || c === 0x7d) depth--;
	}
	return deepest;
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > maxBytes) {
			await reader.cancel();
			return undefined;
		}
		chunks.push(value);
	}
	const out = new Uint8Array(total);
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.length;
	}
	return out;
}

/** Per-IP limit of a public endpoint; a 429 problem when exceeded (switched off with ANJU_RATE_LIMITS=off). */
export async function limitByIp(event: RequestEvent, limit: Limit): Promise<Response | undefined> {
	const { db, rateLimits } = event.locals.app;
	if (!rateLimits) return undefined;
	const result = await consume(db, limit, event.getClientAddress());
	if (result.ok) return undefined;
	return problem(429, event.locals.t, 'too-many-requests', { headers: { 'retry-after': String(result.retryAfterSeconds) } });
}

export function jsonNoStore(body: unknown, status = 200): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store' } });
}
