import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { recordSignOut } from '$lib/server/auth';
import { deleteSession, SESSION_COOKIE } from '$lib/server/sessions';
import { actorOf } from '../guard';

export const load: PageServerLoad = ({ locals }) => ({ signedIn: !!locals.user });

export const actions: Actions = {
	// Ends the session on the server, not only in this browser.
	default: async (event) => {
		const { locals, cookies } = event;
		if (locals.sessionId) {
			await deleteSession(locals.app.db, locals.sessionId);
			await recordSignOut(locals.app.db, actorOf(event));
		}
		cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
		redirect(303, `/${locals.lang}/staff/login?notice=signedOut`);
	}
};
