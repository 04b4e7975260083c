import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { LANGUAGES, LANGUAGE_NAMES } from '$lib/i18n';
import { hasVisit } from '$lib/kiosk/visit.server';

// Every kiosk page belongs to a visit. Without one (it was wiped, or the back button reached a
// page of a previous visitor) there is nothing to show: back to the attract screen.
export const load: LayoutServerLoad = async ({ cookies, url, params, locals }) => {
	// reading the path makes this run on every navigation, not only the first
	const rest = url.pathname.slice(`/kiosk/${params.lang}`.length);
	if (!hasVisit(locals.app.db.keys, cookies)) redirect(303, '/kiosk');
	return {
		// the same page in another language, for the switcher (the draft is kept)
		switchTo: LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], href: `/kiosk/${code}${rest}` }))
	};
};
