import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isLang, LANGUAGES, LANGUAGE_NAMES } from '$lib/i18n';
import { tFor } from '$lib/server/i18n';
import { saveTimeoutOverride, startVisit, wipeVisit } from '$lib/kiosk/visit.server';

// The attract screen. Arriving here always ends the previous visit: whatever path led back (the
// idle timeout, "finish", a reload, the back button), the next visitor starts with nothing.
export const load: PageServerLoad = async ({ cookies, url, locals }) => {
	await wipeVisit(locals.app.db, cookies);
	saveTimeoutOverride(cookies, url);
	return {
		languages: LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] })),
		// the welcome in each language, each in its own language and script (the page cycles them)
		welcomes: LANGUAGES.map((code) => ({ code, title: tFor(code)('kiosk.attract.title'), intro: tFor(code)('kiosk.attract.intro') }))
	};
};

export const actions: Actions = {
	// a language button starts the visit (a POST, so a stray GET cannot start one)
	default: async ({ cookies, request, locals }) => {
		const lang = String((await request.formData()).get('lang') ?? '');
		if (!isLang(lang)) return fail(400, { lang });
		startVisit(locals.app.db.keys, cookies);
		redirect(303, `/kiosk/${lang}`);
	}
};
