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
	// ends with the session, and when the request is no longer this person's to work
	const alive = async () => (await sessionAlive(db, sessionId)) && canWorkHelpRequest(user, (await findHelpRequest(db, task.id)) ?? { ...task, status: 'cancelled' });
	return changeStream(() => threadFingerprint(db, task.id), request.signal, { key: `session:${sessionId}`, alive });
};
