import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canClaimTask, canClaimTasks, canWorkHelpRequest } from '$lib/server/authz';
import { claimTask, completeHelpRequest, releaseTask, renewLease, validCompletion } from '$lib/server/help-claims';
import { ACTIVE, findHelpRequest } from '$lib/server/help-requests';
import { staffTime } from '$lib/staff-format';
import { openTask, postFromForm, translationRefused } from '$lib/server/help-view';
import { submitTranslation } from '$lib/server/translations';
import { TRANSLATION_TOPIC } from '$lib/domain/translation';
import { LEASE_WARNING_MINUTES } from '$lib/domain/help-request';
import { actorOf, requireStaff } from '../../../guard';

// One task the volunteer holds: the resident's contact (audited on every view), the conversation,
// and renew / release / complete. Holding a running lease is checked on every load and action.
// A task whose claim ended (lapsed, released elsewhere) and that nobody else holds is shown without
// the contact or the conversation, with "claim again": what the volunteer had typed stays on the page.

const MAX_MESSAGE = 2000;

async function held(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireStaff(event, canClaimTasks);
	const task = await findHelpRequest(event.locals.app.db, event.params.id!);
	if (!task) error(404, event.locals.t('staff.errors.notFound'));
	return { user, task, holding: canWorkHelpRequest(user, task) };
}

/** Typed text sent back with a refusal: kept in the page, never stored. */
const typedText = (form: FormData) => String(form.get('text') ?? '').slice(0, MAX_MESSAGE);

export const load: PageServerLoad = async (event) => {
	const { user, task, holding } = await held(event);
	const { db } = event.locals.app;
	const { lang, t } = event.locals;
	const now = new Date();
	const facts = { id: task.id, reference: task.reference, language: task.language, topic: task.topic, channel: task.channel, status: task.status, withPartner: task.organisation_id !== null };
	if (!holding) {
		// free to claim again (nobody else's lease runs): say so on this page, so nothing typed is lost
		const free = ACTIVE.includes(task.status) && (!task.claimed_by || !task.lease_until || task.lease_until < now.toISOString());
		if (free && canClaimTask(user, task)) return { lapsed: true as const, task: facts };
		// closed, or someone else's now: back to the board, which says which
		redirect(303, `/${lang}/staff/tasks?${ACTIVE.includes(task.status) ? (free ? 'taken=1' : 'held=1') : 'closed=1'}`);
	}
	const actor = { id: user.id, role: user.role, ip: actorOf(event).ip };
	const opened = await openTask(db, task, { actor, lang, t, working: true, mayViewContact: () => true });
	return {
		lapsed: false as const,
		...opened,
		task: {
			...facts,
			leaseUntil: task.lease_until ? staffTime(task.lease_until) : null,
			lease: task.lease_until ? { until: task.lease_until, now: now.toISOString(), warnMinutes: LEASE_WARNING_MINUTES } : null
		}
	};
};

export const actions: Actions = {
	renew: async (event) => {
		const { user, task } = await held(event);
		const result = await renewLease(event.locals.app.db, task.id, user.id);
		if (!result.ok) return fail(403, { actionError: event.locals.t('staff.tasks.errors.notHolderRenew') });
		return { renewed: true };
	},

	release: async (event) => {
		const { user, task } = await held(event);
		const result = await releaseTask(event.locals.app.db, task.id, user.id);
		if (!result.ok) return fail(403, { actionError: event.locals.t('staff.tasks.errors.notHolder') });
		redirect(303, `/${event.locals.lang}/staff/tasks`);
	},

	complete: async (event) => {
		const { user, task } = await held(event);
		const t = event.locals.t;
		const form = await event.request.formData();
		const values = { duration: String(form.get('duration') ?? ''), note: String(form.get('note') ?? '') };
		if (task.topic === TRANSLATION_TOPIC) return fail(400, { actionError: t('staff.tasks.translation.errors.completeWithText'), values });
		const parsed = validCompletion(values);
		if (!parsed.ok) return fail(400, { completeErrors: { [parsed.field]: t(`staff.tasks.complete.errors.${parsed.field}`) }, values });
		// the UPDATE itself requires this volunteer's running lease: someone else's claim is never completed
		const result = await completeHelpRequest(event.locals.app.db, task.id, { userId: user.id }, parsed.value);
		if (!result.ok) return fail(403, { actionError: t('staff.tasks.errors.notHolderComplete'), values });
		// the board says what happened (checked there against the request, so the link cannot claim more)
		redirect(303, `/${event.locals.lang}/staff/tasks?completed=${task.id}&outcome=${result.outcome}`);
	},

	translate: async (event) => {
		const { user, task } = await held(event);
		const t = event.locals.t;
		const text = String((await event.request.formData()).get('translation') ?? '');
		// the completion's UPDATE requires this volunteer's running lease: anyone else is refused, nothing changes
		const result = await submitTranslation(event.locals.app.db, task.id, { userId: user.id }, text, { id: user.id, role: user.role, ip: actorOf(event).ip });
		if (!result.ok) return translationRefused(t, result.reason, text);
		redirect(303, `/${event.locals.lang}/staff/tasks?translated=1`);
	},

	message: async (event) => {
		const { user, task, holding } = await held(event);
		const t = event.locals.t;
		const form = await event.request.formData();
		// the claim ended while the volunteer was typing: the text comes back with the page, unsent
		if (!holding) return fail(409, { messageError: t('staff.tasks.lapsed.notSent'), typed: typedText(form) });
		const { db } = event.locals.app;
		const posted = await postFromForm(db, form, { requestId: task.id, author: 'staff', authorId: user.id });
		if (!posted.ok) return fail(400, { messageError: t(posted.messageKey), typed: typedText(form) });
		return { sent: true };
	},

	/** Claim a task again after the claim ended, and send the message typed meanwhile, if any. */
	reclaim: async (event) => {
		const { user, task } = await held(event);
		const t = event.locals.t;
		const { db } = event.locals.app;
		const form = await event.request.formData();
		const typed = typedText(form);
		if (!canClaimTask(user, task)) return fail(403, { reclaimError: t('staff.tasks.errors.language'), typed });
		const claimed = await claimTask(db, task.id, user.id);
		if (!claimed.ok) return fail(409, { reclaimError: t(claimed.reason === 'taken' ? 'staff.tasks.lapsed.taken' : 'staff.tasks.errors.closed'), typed });
		// a translation goes back into its own form, to be checked and sent from there
		if (task.topic === TRANSLATION_TOPIC) return { translationValue: typed };
		if (typed.trim()) {
			const posted = await postFromForm(db, form, { requestId: task.id, author: 'staff', authorId: user.id });
			if (!posted.ok) return fail(400, { messageError: t(posted.messageKey), typed });
		}
		redirect(303, `/${event.locals.lang}/staff/tasks/${task.id}${typed.trim() ? '?sent=1' : ''}`);
	}
};
