import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { cancelHelpRequest, findByReference, findForResident, rateHelpRequest, readSchedule, type HelpRequest } from '$lib/server/help-requests';
import { listMessages } from '$lib/server/help-conversation';
import { readHelpAccess, setHelpAccess } from '$lib/server/access';
import { formatWhen, postFromForm, threadView } from '$lib/server/help-view';
import { availableVolunteers } from '$lib/server/roster';
import { consume, guardedAttempt, LIMITS } from '$lib/server/rate-limit';
import { normaliseReference } from '$lib/server/ids';
import { HELP_MESSAGE_LIMIT } from '$lib/server/help-messages';

// The resident's view of one request: status, the conversation, cancel and rate. Access is the
// encrypted cookie set after reference + access code; without it the page asks for the code.

async function authorised(event: Pick<RequestEvent, 'cookies' | 'params' | 'locals'>): Promise<HelpRequest | undefined> {
	const { db } = event.locals.app;
	const access = readHelpAccess(event.cookies, db.keys);
	if (!access || access.reference !== normaliseReference(event.params.reference ?? '')) return undefined;
	const row = await findByReference(db, access.reference);
	return row && row.id === access.requestId ? row : undefined;
}

export const load: PageServerLoad = async (event) => {
	const { lang, t } = event.locals;
	const { db } = event.locals.app;
	const reference = normaliseReference(event.params.reference);
	const row = await authorised(event);
	if (!row) return { needsCode: true as const, reference };
	const access = readHelpAccess(event.cookies, db.keys)!;
	// the access code is shown once, right after the request was made
	if (access.newAccessCode) setHelpAccess(event.cookies, db.keys, { requestId: row.id, reference: row.reference });
	const messages = await listMessages(db, row.id);
	const available = row.status === 'open' ? (await availableVolunteers(db, row.language)).length : null;
	return {
		needsCode: false as const,
		reference: row.reference,
		newAccessCode: access.newAccessCode ?? null,
		request: {
			status: row.status,
			language: row.language,
			topic: row.topic,
			channel: row.channel,
			escalated: !!row.escalated_at,
			withPartner: row.organisation_id !== null,
			createdAt: formatWhen(lang, row.created_at),
			scheduledFor: row.scheduled_for ? formatWhen(lang, row.scheduled_for) : null,
			scheduleDetails: readSchedule(db, row),
			completedAt: row.completed_at ? formatWhen(lang, row.completed_at) : null,
			rating: row.rating
		},
		available,
		messages: threadView(t, lang, messages, 'resident', (id) => `/${lang}/help/${row.reference}/images/${id}`)
	};
};

async function requireAccess(event: RequestEvent): Promise<HelpRequest> {
	const row = await authorised(event);
	if (!row) error(403, event.locals.t('help.errors.noAccess'));
	return row;
}

export const actions: Actions = {
	access: async (event) => {
		const { db, rateLimits } = event.locals.app;
		const t = event.locals.t;
		const ip = event.getClientAddress();
		const tooMany = () => fail(429, { accessError: t('help.errors.tooMany') });
		if (rateLimits && !(await consume(db, LIMITS.lookup, ip)).ok) return tooMany();
		const code = String((await event.request.formData()).get('accessCode') ?? '').trim();
		if (!code) return fail(400, { accessError: t('help.follow.codeRequired') });
		const attempt = await guardedAttempt(db, event.locals.app.rateLimits, LIMITS.lookupFailure, ip, () => findForResident(db, event.params.reference, code));
		if (attempt.limited) return tooMany();
		const row = attempt.result;
		if (!row) {
			return fail(404, { accessError: t('help.follow.notFound') });
		}
		setHelpAccess(event.cookies, db.keys, { requestId: row.id, reference: row.reference });
		redirect(303, `/${event.locals.lang}/help/${row.reference}`);
	},

	message: async (event) => {
		const { db, rateLimits } = event.locals.app;
		const t = event.locals.t;
		if (rateLimits && !(await consume(db, HELP_MESSAGE_LIMIT, event.getClientAddress())).ok) return fail(429, { messageError: t('help.errors.tooMany') });
		const row = await requireAccess(event);
		const form = await event.request.formData();
		const posted = await postFromForm(db, form, { requestId: row.id, author: 'resident', authorId: null });
		if (!posted.ok) return fail(400, { messageError: t(posted.messageKey) });
		return { sent: true };
	},

	cancel: async (event) => {
		const row = await requireAccess(event);
		const result = await cancelHelpRequest(event.locals.app.db, row.id);
		if (!result.ok) return fail(409, { statusError: event.locals.t('help.status.cannotCancel') });
		redirect(303, `/${event.locals.lang}/help/${row.reference}`);
	},

	rate: async (event) => {
		const row = await requireAccess(event);
		const rating = Number((await event.request.formData()).get('rating'));
		const result = await rateHelpRequest(event.locals.app.db, row.id, rating);
		if (!result.ok) return fail(400, { ratingError: event.locals.t(result.reason === 'invalid' ? 'help.rating.required' : 'help.rating.closed') });
		redirect(303, `/${event.locals.lang}/help/${row.reference}`);
	}
};
