import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { canWorkHelpRequest } from '$lib/server/authz';
import { findHelpRequest } from '$lib/server/help-requests';
import { threadFingerprint } from '$lib/server/help-conversation';
import { sessionAlive } from '$lib/server/sessions';
import { changeStream, wantsEventStream } from '$lib/server/sse';

// Live updates of one conversation for the staff member holding it (see sse.ts).
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const user = locals.user;
	if (!user) error(401, locals.t('staff.errors.forbidden'));
	const { db } = locals.app;
	const task = await findHelpRequest(db, params.id);
	if (!task || !canWorkHelpRequest(user, task)) error(403, locals.t('staff.errors.forbidden'));
	if (!wantsEventStream(request)) return new Response(null, { status: 406 });
	const sessionId = locals.sessionId!;
	// When the request stops being this person's to work (the claim ran out, was released, the request
	// closed), the stream says so once, so the page reloads and shows it (with what was typed kept),
	// and then ends. Nothing about the request itself is sent, only that it changed.
	let ended = false;
	const fingerprint = async () => {
		const current = await findHelpRequest(db, task.id);
		if (!current || !canWorkHelpRequest(user, current)) {
			ended = true;
			return 'ended';
		}
		return threadFingerprint(db, task.id);
	};
	const alive = async () => !ended && (await sessionAlive(db, sessionId));
	return changeStream(fingerprint, request.signal, { key: `session:${sessionId}`, alive });
};
