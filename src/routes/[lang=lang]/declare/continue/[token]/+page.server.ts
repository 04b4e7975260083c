import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handoverIsLive, takeHandover } from '$lib/server/drafts';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { setDraftCookie } from '$lib/declare/draft.server';
import { applicableSteps, type DraftData } from '$lib/declare/steps';

// The phone's end of the kiosk's "continue on your phone". Opening the link only asks; the draft
// moves on the button press (a POST), so a link preview or a QR scanner's prefetch takes nothing.

export const load: PageServerLoad = async ({ params, locals }) => ({ live: await handoverIsLive(locals.app.db, params.token) });

export const actions: Actions = {
	default: async (event) => {
		const { db, rateLimits } = event.locals.app;
		const { lang, token } = event.params;
		if (rateLimits && !(await consume(db, LIMITS.lookup, event.getClientAddress())).ok) return fail(429, { failed: true });
		const taken = await takeHandover<DraftData>(db, token);
		if (!taken.ok) return fail(404, { failed: true });
		setDraftCookie(event.cookies, taken.token);
		const { values } = taken.draft.data;
		// on to the first step without answers, or to "check your answers"
		const open = applicableSteps(values, new Date()).find((step) => !values[step] || Object.keys(values[step]).length === 0);
		redirect(303, `/${lang}/declare/${open ?? 'check'}`);
	}
};
