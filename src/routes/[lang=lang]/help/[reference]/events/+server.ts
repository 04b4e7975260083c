import type { RequestHandler } from './$types';
import { findByReference } from '$lib/server/help-requests';
import { threadFingerprint } from '$lib/server/help-conversation';
import { readHelpAccess } from '$lib/server/access';
import { changeStream, wantsEventStream } from '$lib/server/sse';
import { normaliseReference } from '$lib/server/ids';

// Live updates of the resident's conversation (see sse.ts); only with the access cookie.
export const GET: RequestHandler = async ({ cookies, params, request, locals }) => {
	const { db } = locals.app;
	const { keys } = db;
	const access = readHelpAccess(cookies, keys);
	const row = access && access.reference === normaliseReference(params.reference) ? await findByReference(db, access.reference) : undefined;
	if (!row || row.id !== access!.requestId) return new Response(null, { status: 403 });
	if (!wantsEventStream(request)) return new Response(null, { status: 406 });
	return changeStream(() => threadFingerprint(db, row.id), request.signal, { key: `help:${row.id}` });
};
