import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { canClaimTasks } from '$lib/server/authz';
import { boardFingerprint } from '$lib/server/help-claims';
import { findRosterEntry } from '$lib/server/roster';
import { sessionAlive } from '$lib/server/sessions';
import { changeStream, wantsEventStream } from '$lib/server/sse';

// Live updates of the volunteer board (see sse.ts): a signal to reload, never task data itself.
export const GET: RequestHandler = async ({ locals, request }) => {
	if (!canClaimTasks(locals.user)) error(403, locals.t('staff.errors.forbidden'));
	const { db } = locals.app;
	const languages = ((await findRosterEntry(db, locals.user.id))?.languages ?? []).map((l) => l.lang);
	if (!wantsEventStream(request)) return new Response(null, { status: 406 });
	const sessionId = locals.sessionId!;
	return changeStream(() => boardFingerprint(db, languages), request.signal, { key: `session:${sessionId}`, alive: () => sessionAlive(db, sessionId) });
};
