import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { parseKeyFile, type KeyFile, type Keys } from '../../src/lib/server/crypto';
import type { TestServer } from './server';

// What the operations tests share: a registry address, an upload and a stream of valid
// declarations against a running server, and the keys of its data dir to check what it stored.

export async function residentialAddress(url: string): Promise<string> {
	const res = await fetch(`${url}/api/v1/addresses?q=Huayuan`);
	const { items } = (await res.json()) as { items: { id: string; kind: string }[] };
	return items.find((a) => a.kind === 'residential')!.id;
}

export async function uploadPhoto(url: string): Promise<string> {
	const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
		.png()
		.toBuffer();
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'passport.png');
	const res = await fetch(`${url}/api/v1/uploads`, { method: 'POST', body: form });
	if (res.status !== 201) throw new Error(`upload: ${res.status}`);
	return ((await res.json()) as { id: string }).id;
}

export interface Accepted {
	reference: string;
	accessCode: string;
	status: string;
}

let seed = 50_000 + (process.pid % 1000) * 100;

/** One valid declaration; the answer when it was stored (201), else undefined. */
export async function postDeclaration(url: string, addressId: string, uploadId: string, opts: { signal?: AbortSignal } = {}): Promise<Accepted | undefined> {
	const body = validDeclaration(new Date(), {}, seed++);
	body.document.photoUploadId = uploadId;
	body.accommodation.addressId = addressId;
	const res = await fetch(`${url}/api/v1/declarations`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: opts.signal
	});
	if (res.status !== 201) return undefined;
	const json = (await res.json()) as Accepted;
	return { reference: json.reference, accessCode: json.accessCode, status: json.status };
}

/**
 * `workers` loops posting declarations until `until` resolves; every 201 is collected. Errors
 * (a killed server) end a loop quietly.
 */
export async function declarationStream(
	server: Pick<TestServer, 'url'>,
	addressId: string,
	uploadId: string,
	workers: number,
	until: Promise<unknown>,
	onAccepted: (count: number) => void = () => {}
): Promise<{ accepted: Accepted[]; failed: number }> {
	const accepted: Accepted[] = [];
	let stop = false;
	let failed = 0;
	void until.then(() => (stop = true));
	await Promise.all(
		Array.from({ length: workers }, async () => {
			while (!stop) {
				try {
					const ok = await postDeclaration(server.url, addressId, uploadId);
					if (ok) onAccepted(accepted.push(ok));
					else failed++;
				} catch {
					failed++;
					return;
				}
			}
		})
	);
	return { accepted, failed };
}

export function keysOf(dataDir: string): Keys {
	return parseKeyFile(JSON.parse(fs.readFileSync(path.join(dataDir, 'keys.json'), 'utf8')) as KeyFile);
}
