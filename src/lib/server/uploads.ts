import type { OutputInfo } from 'sharp';
import type { Db, Tx } from './db';
import { decryptBuffer, encrypt } from './crypto';
import { newId } from './ids';

// Images of passport pages and notices. The format is read from the bytes, never from the name
// or the declared type; every image is decoded and re-encoded, which drops EXIF (GPS!), XMP and
// ICC metadata and anything appended after the image data. Stored encrypted.

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_PIXELS = 50_000_000; // refuse decompression bombs
const MAX_SIDE = 2400; // plenty to read an MRZ; keeps stored images small
const UPLOAD_TTL_HOURS = 24;

/**
 * JPEG as stored. Not mozjpeg: on a phone photo it saves about 5 % of the bytes and costs five
 * to six times the CPU, which capped uploads at a sixth of what the machine could re-encode
 * (`npm run bench` prints both).
 */
export const JPEG_OUTPUT = { quality: 85, mozjpeg: false } as const;

export type UploadFormat = 'jpeg' | 'png' | 'webp';
const MIME: Record<UploadFormat, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export type StoreResult = { ok: true; id: string; mime: string; width: number; height: number; size: number } | { ok: false; reason: 'too_large' | 'unsupported_type' | 'unreadable_image' };

/** JPEG, PNG or WebP by magic bytes; undefined for anything else. */
export function sniffFormat(bytes: Uint8Array): UploadFormat | undefined {
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47 && bytes[4] === 0x0d && bytes[5] === 0x0a && bytes[6] === 0x1a && bytes[7] === 0x0a)
		return 'png';
	if (bytes.length >= 12 && String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP') return 'webp';
	return undefined;
}

/**
 * Decodes and re-encodes an image as stored: the EXIF orientation applied, at most MAX_SIDE on
 * either side, no metadata. Throws on an image that cannot be read. (`npm run bench` measures it
 * in-process as the limit of uploads.)
 */
export async function reencodeImage(bytes: Uint8Array, format: UploadFormat): Promise<{ data: Buffer; info: OutputInfo }> {
	// loaded on first use: the submission and retention code that marks uploads runs in intake workers and jobs too
	const { default: sharp } = await import('sharp');
	const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
		.rotate() // apply the EXIF orientation before the metadata is dropped
		.resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true });
	const encoded = format === 'png' ? image.png({ compressionLevel: 8 }) : format === 'webp' ? image.webp({ quality: 85 }) : image.jpeg(JPEG_OUTPUT);
	return encoded.toBuffer({ resolveWithObject: true });
}

export async function storeUpload(db: Db, bytes: Uint8Array, now = new Date()): Promise<StoreResult> {
	if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, reason: 'too_large' };
	const format = sniffFormat(bytes);
	if (!format) return { ok: false, reason: 'unsupported_type' };
	let output: { data: Buffer; info: OutputInfo };
	try {
		output = await reencodeImage(bytes, format);
	} catch {
		return { ok: false, reason: 'unreadable_image' };
	}
	const id = newId();
	const row = {
		id,
		mime: MIME[format],
		size: output.data.length,
		width: output.info.width,
		height: output.info.height,
		data: encrypt(db.keys, output.data, `uploads:${id}`),
		used_at: null,
		created_at: now.toISOString(),
		expires_at: new Date(now.getTime() + UPLOAD_TTL_HOURS * 3600_000).toISOString()
	};
	// through the group commit: answered once on disk, without a synchronous sync of its own on the event loop
	await db.write((trx) => trx.insertInto('uploads').values(row).execute());
	return { ok: true, id, mime: MIME[format], width: output.info.width, height: output.info.height, size: output.data.length };
}

/** The decrypted image. Staff callers must record an audit row. */
export async function readUpload(db: Db, id: string): Promise<{ mime: string; bytes: Buffer } | undefined> {
	const row = await db.selectFrom('uploads').select(['id', 'mime', 'data']).where('id', '=', id).executeTakeFirst();
	return row && { mime: row.mime, bytes: decryptBuffer(db.keys, row.data, `uploads:${row.id}`) };
}

/** Deletes an upload that no declaration uses (a kiosk visitor who leaves before submitting). */
export async function deleteUnusedUpload(db: Db, id: string): Promise<void> {
	await db.write((tx) => tx.deleteFrom('uploads').where('id', '=', id).where('used_at', 'is', null).execute());
}

// ---- What becomes of an upload (only this module writes the table; the callers pass their unit) ----

/** An upload now shown by a declaration (its passport page): it no longer expires as unused. */
export async function markUploadUsed(tx: Tx, id: string | null, at: string): Promise<void> {
	await tx.updateTable('uploads').set({ used_at: at }).where('id', '=', id).execute();
}

/** The same as one statement, for a caller that runs it inside a statement of its own (a WITH clause). */
export function markUploadUsedQuery(tx: Tx, id: string | null, at: string) {
	return tx.updateTable('uploads').set({ used_at: at }).where('id', '=', id).returning('id');
}

/** An upload attached to something that keeps it (an answer, a conversation): kept until that goes, not as an unused upload. */
export async function keepUpload(tx: Tx, id: string, at: string): Promise<void> {
	await tx.updateTable('uploads').set({ used_at: at, expires_at: KEPT_UNTIL }).where('id', '=', id).execute();
}

const KEPT_UNTIL = '9999-12-31T00:00:00.000Z';

/** Deletes these uploads (retention), except any that a declaration still shows as its photo or a help message still shows. */
export async function deleteUploadsNoLongerShown(tx: Tx, ids: readonly string[]): Promise<void> {
	if (!ids.length) return;
	await tx
		.deleteFrom('uploads')
		.where('id', 'in', [...ids])
		.where(({ not, exists, selectFrom }) => not(exists(selectFrom('declarations').select('id').whereRef('declarations.photo_upload_id', '=', 'uploads.id'))))
		.where(({ not, exists, selectFrom }) => not(exists(selectFrom('help_messages').select('id').whereRef('help_messages.upload_id', '=', 'uploads.id'))))
		.execute();
}

/** Uploads that were never attached to anything and whose time is up. */
export async function purgeUnusedUploads(db: Db, now: Date): Promise<number> {
	const result = await db.write((tx) =>
		tx
			.deleteFrom('uploads')
			.where('expires_at', '<=', now.toISOString())
			.where('used_at', 'is', null)
			.where(({ not, exists, selectFrom }) => not(exists(selectFrom('declarations').select('id').whereRef('declarations.photo_upload_id', '=', 'uploads.id'))))
			.where(({ not, exists, selectFrom }) => not(exists(selectFrom('help_messages').select('id').whereRef('help_messages.upload_id', '=', 'uploads.id'))))
			.executeTakeFirst()
	);
	return Number(result.numDeletedRows);
}
