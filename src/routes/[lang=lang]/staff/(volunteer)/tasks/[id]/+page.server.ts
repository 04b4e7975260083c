import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canClaimTasks, canWorkHelpRequest } from '$lib/server/authz';
import { completeHelpRequest, releaseTask, renewLease, validCompletion } from '$lib/server/help-claims';
import { findHelpRequest } from '$lib/server/help-requests';
import { formatWhen, openTask, postFromForm, translationRefused } from '$lib/server/help-view';
import { submitTranslation } from '$lib/server/translations';
import { TRANSLATION_TOPIC } from '$lib/domain/translation';
import { actorOf, requireStaff } from '../../../guard';

// One task the volunteer holds: the resident's contact (audited on every view), the conversation,
// and renew / release / complete. Holding a running lease is checked on every load and action.

async function held(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireStaff(event, canClaimTasks);
	const task = await findHelpRequest(event.locals.app.db, event.params.id!);
	if (!task) error(404, event.locals.t('staff.errors.notFound'));
	return { user, task, holding: canWorkHelpRequest(user, task) };
}

export const load: PageServerLoad = async (event) => {
	const { user, task, holding } = await held(event);
	// a lapsed or lost claim: back to the board, with the reason
	if (!holding) redirect(303, `/${event.locals.lang}/staff/tasks?taken=1`);
	const { lang, t } = event.locals;
	const actor = { id: user.id, role: user.role, ip: actorOf(event).ip };
	const opened = await openTask(event.locals.app.db, task, { actor, lang, t, working: true, mayViewContact: () => true });
	return {
		...opened,
		task: { ...opened.task, leaseUntil: task.lease_until ? formatWhen(lang, task.lease_until) : null, withPartner: task.organisation_id !== null }
	};
};

export const actions: Actions = {
	renew: async (event) => {
		const { user, task } = await held(event);
		const result = await renewLease(event.locals.app.db, task.id, user.id);
		if (!result.ok) return fail(403, { actionError: event.locals.t('staff.tasks.errors.notHolder') });
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
		if (!result.ok) return fail(403, { actionError: t('staff.tasks.errors.notHolder'), values });
		redirect(303, `/${event.locals.lang}/staff/tasks`);
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
		if (!holding) return fail(403, { messageError: t('staff.tasks.errors.notHolder') });
		const { db } = event.locals.app;
		const form = await event.request.formData();
		const posted = await postFromForm(db, form, { requestId: task.id, author: 'staff', authorId: user.id });
		if (!posted.ok) return fail(400, { messageError: t(posted.messageKey) });
		return { sent: true };
	}
};
