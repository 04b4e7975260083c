import type { RequestHandler } from './$types';
import { findByReference } from '$lib/server/help-requests';
import { messageUpload } from '$lib/server/help-conversation';
import { readHelpAccess } from '$lib/server/access';
import { readUpload } from '$lib/server/uploads';
import { normaliseReference } from '$lib/server/ids';

// An image of the resident's own conversation; nothing else is reachable through this path.
export const GET: RequestHandler = async ({ cookies, params, locals }) => {
	const { db } = locals.app;
	const access = readHelpAccess(cookies, db.keys);
	const row = access && access.reference === normaliseReference(params.reference) ? await findByReference(db, access.reference) : undefined;
	if (!row || row.id !== access!.requestId) return new Response(null, { status: 404 });
	const uploadId = await messageUpload(db, row.id, params.message);
	const image = uploadId ? await readUpload(db, uploadId) : undefined;
	if (!image) return new Response(null, { status: 404 });
	return new Response(new Uint8Array(image.bytes), { headers: { 'content-type': image.mime, 'cache-control': 'private, no-store' } });
};
