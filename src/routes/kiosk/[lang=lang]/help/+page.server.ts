import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { env } from '$env/dynamic/private';
import { DRAFT_COOKIE, loadDraft } from '$lib/server/drafts';
import { createKioskHelpRequest } from '$lib/server/help-requests';
import { helpErrorMessages } from '$lib/server/help-messages';
import { availableVolunteers } from '$lib/server/roster';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { qrSvg } from '$lib/server/qr';
import type { DraftData } from '$lib/declare/steps';
import { hasVisit } from '$lib/kiosk/visit.server';
import { siteUrl } from '$lib/server/site';

// "Call an interpreter": an in-person help request about registration, in the kiosk's language,
// made by the same server code as the help form and the API.

export const load: PageServerLoad = async ({ locals }) => ({ available: (await availableVolunteers(locals.app.db, locals.lang)).length });

export const actions: Actions = {
	default: async (event) => {
		const { locals, cookies } = event;
		const t = locals.t;
		const { db, rateLimits } = locals.app;
		// only inside a kiosk visit (the layout's check does not run for actions): like a page, back to the attract screen
		if (!hasVisit(locals.app.db.keys, cookies)) redirect(303, '/kiosk');
		if (rateLimits && !(await consume(db, LIMITS.helpPost, event.getClientAddress())).ok) return fail(429, { error: t('help.errors.tooMany'), phone: '' });
		const typed = String((await event.request.formData()).get('phone') ?? '')
			.trim()
			.slice(0, 40);
		// How the interpreter reaches the visitor: the number typed here, else the one in their
		// answers, else the centre's front desk (ANJU_KIOSK_DESK_PHONE). With none of them the
		// request has no contact: the visitor waits in the centre, where the interpreter finds them.
		const draft = await loadDraft<DraftData>(db, cookies.get(DRAFT_COOKIE));
		const phone = typed || draft?.data.values.contact?.phone?.trim() || env.ANJU_KIOSK_DESK_PHONE?.trim() || '';
		const result = await createKioskHelpRequest(db, {
			language: locals.lang,
			topic: 'registration',
			channel: 'in_person',
			...(phone ? { contact: { phone } } : {})
		});
		if (!result.ok) {
			const messages = helpErrorMessages(t, result.errors);
			return fail(400, { error: messages[0]?.message ?? t('common.error.unexpected'), phone: typed });
		}
		// The access code is shown once, here: with the reference it lets the visitor follow or
		// cancel the request from their phone on the resident help page (a QR code and the URL as
		// text: the kiosk has no link that leaves it).
		const called = {
			reference: result.reference,
			accessCode: result.accessCode,
			followUrl: siteUrl.helpRequest(locals.lang, result.reference)
		};
		return { called: { ...called, followQr: await qrSvg(called.followUrl) } };
	}
};
