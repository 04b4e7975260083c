import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { findForResident } from '$lib/server/follow-up';
import { guardedAttempt, LIMITS } from '$lib/server/rate-limit';
import { readStatusAccess, setStatusAccess } from '$lib/server/access';

const MAX = 64;

export const load: PageServerLoad = ({ cookies, url, locals }) => {
	const access = readStatusAccess(cookies, locals.app.db.keys);
	return { current: access?.reference ?? null, expired: url.searchParams.has('expired') };
};

export const actions: Actions = {
	default: async (event) => {
		const { db } = event.locals.app;
		const ip = event.getClientAddress();
		const form = await event.request.formData();
		const reference = String(form.get('reference') ?? '')
			.trim()
			.slice(0, MAX);
		const accessCode = String(form.get('accessCode') ?? '')
			.trim()
			.slice(0, MAX);
		const errors: Record<string, string> = {};
		if (!reference) errors.reference = 'required';
		if (!accessCode) errors.accessCode = 'required';
		if (Object.keys(errors).length) return fail(400, { reference, errors, failed: false, limited: false });

		const attempt = await guardedAttempt(db, event.locals.app.rateLimits, LIMITS.lookupFailure, ip, () => findForResident(db, reference, accessCode));
		if (attempt.limited) return fail(429, { reference, errors: {}, failed: false, limited: true });
		const found = attempt.result;
		if (!found) {
			// one message for every failure: it never says whether the reference or the code was wrong
			return fail(400, { reference, errors: {}, failed: true, limited: false });
		}
		setStatusAccess(event.cookies, db.keys, { reference: found.view.reference, accessCode });
		redirect(303, `/${event.params.lang}/status/${found.view.reference}`);
	}
};
