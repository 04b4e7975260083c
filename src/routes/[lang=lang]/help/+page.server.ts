import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { createHelpRequest, findForResident } from '$lib/server/help-requests';
import { helpErrorMessages } from '$lib/server/help-messages';
import { setHelpAccess } from '$lib/server/access';
import { availableVolunteers } from '$lib/server/roster';
import { consume, guardedAttempt, LIMITS } from '$lib/server/rate-limit';
import { HELP_CHANNELS, HELP_TOPICS } from '$lib/domain/help-request';
import { LANGUAGES } from '$lib/i18n';

// Ask for an interpreter, or follow a request. Plain form actions, so the page works without
// JavaScript and the kiosk can embed the same form.

export const load: PageServerLoad = async ({ locals }) => {
	const available = (await availableVolunteers(locals.app.db, locals.lang)).length;
	return { available, languages: [...LANGUAGES], topics: [...HELP_TOPICS], channels: [...HELP_CHANNELS] };
};

const FIELD_IDS: Record<string, string> = { contact: 'phone', 'contact.phone': 'phone', 'contact.email': 'email' };

async function limited(event: Parameters<Actions[string]>[0], limit: (typeof LIMITS)[keyof typeof LIMITS]): Promise<boolean> {
	const { db, rateLimits } = event.locals.app;
	return rateLimits && !(await consume(db, limit, event.getClientAddress())).ok;
}

export const actions: Actions = {
	request: async (event) => {
		const t = event.locals.t;
		if (await limited(event, LIMITS.helpPost)) return fail(429, { request: true, errors: { form: t('help.errors.tooMany') }, values: {} });
		const form = await event.request.formData();
		const value = (name: string) => String(form.get(name) ?? '').trim();
		const values = {
			language: value('language'),
			topic: value('topic'),
			channel: value('channel'),
			phone: value('phone'),
			email: value('email'),
			note: value('note'),
			declarationReference: value('declarationReference')
		};
		const body = {
			language: values.language || undefined,
			topic: values.topic || undefined,
			channel: values.channel || undefined,
			contact: { ...(values.phone ? { phone: values.phone } : {}), ...(values.email ? { email: values.email } : {}) },
			...(values.note ? { note: values.note } : {}),
			...(values.declarationReference ? { declarationReference: values.declarationReference } : {})
		};
		const { db } = event.locals.app;
		const result = await createHelpRequest(db, body);
		if (!result.ok) {
			const errors: Record<string, string> = {};
			for (const e of helpErrorMessages(t, result.errors)) errors[FIELD_IDS[e.path] ?? e.path] ??= e.message;
			return fail(400, { request: true, errors, values });
		}
		setHelpAccess(event.cookies, db.keys, { requestId: result.id, reference: result.reference, newAccessCode: result.accessCode });
		redirect(303, `/${event.locals.lang}/help/${result.reference}`);
	},

	follow: async (event) => {
		const t = event.locals.t;
		const { db } = event.locals.app;
		const ip = event.getClientAddress();
		const form = await event.request.formData();
		const reference = String(form.get('reference') ?? '').trim();
		const accessCode = String(form.get('accessCode') ?? '').trim();
		const values = { reference };
		const tooMany = () => fail(429, { follow: true, errors: { reference: t('help.errors.tooMany') }, values });
		if (await limited(event, LIMITS.lookup)) return tooMany();
		const errors: Record<string, string> = {};
		if (!reference) errors.reference = t('help.follow.referenceRequired');
		if (!accessCode) errors.accessCode = t('help.follow.codeRequired');
		if (Object.keys(errors).length) return fail(400, { follow: true, errors, values });
		const attempt = await guardedAttempt(db, event.locals.app.rateLimits, LIMITS.lookupFailure, ip, () => findForResident(db, reference, accessCode));
		if (attempt.limited) return tooMany();
		const row = attempt.result;
		if (!row) {
			return fail(404, { follow: true, errors: { reference: t('help.follow.notFound') }, values });
		}
		setHelpAccess(event.cookies, db.keys, { requestId: row.id, reference: row.reference });
		redirect(303, `/${event.locals.lang}/help/${row.reference}`);
	}
};
