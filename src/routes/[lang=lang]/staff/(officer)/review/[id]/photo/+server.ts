import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { photoFor } from '$lib/server/review';
import { readUpload } from '$lib/server/uploads';
import { actorOf, requireStaff } from '../../../../guard';

// The passport page, decrypted for an officer; every view is an audit row, nothing is cached.
export const GET: RequestHandler = async (event) => {
	requireStaff(event, canReviewDeclarations);
	const uploadId = await photoFor(event.locals.app.db, event.params.id, actorOf(event));
	const image = uploadId ? await readUpload(event.locals.app.db, uploadId) : undefined;
	if (!image) error(404, event.locals.t('review.detail.notFound'));
	return new Response(new Uint8Array(image.bytes), {
		headers: { 'content-type': image.mime, 'cache-control': 'no-store, private', 'content-disposition': 'inline' }
	});
};
