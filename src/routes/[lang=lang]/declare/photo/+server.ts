import { error } from '@sveltejs/kit';
import sharp from 'sharp';
import type { RequestHandler } from './$types';
import { readUpload } from '$lib/server/uploads';
import { currentDraft } from '$lib/declare/draft.server';

// The resident's own passport photo, for the preview after an upload without JavaScript. Only the
// browser holding the draft that uses the upload gets it; nobody else can name it.
export const GET: RequestHandler = async (event) => {
	const draft = await currentDraft(event);
	const id = draft?.data.values.document?.photoUploadId;
	if (!id) error(404, 'not found');
	const upload = await readUpload(event.locals.app.db, id);
	if (!upload) error(404, 'not found');
	const thumbnail = await sharp(upload.bytes).resize({ width: 480, height: 480, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
	return new Response(new Uint8Array(thumbnail), {
		headers: { 'content-type': 'image/jpeg', 'cache-control': 'no-store, private', 'content-disposition': 'inline' }
	});
};
