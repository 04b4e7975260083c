import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canSeeHelpContact, canWorkHelpRequest, canWorkPartnerQueue } from '$lib/server/authz';
import { completeHelpRequest, validCompletion } from '$lib/server/help-claims';
import { findHelpRequest, readSchedule } from '$lib/server/help-requests';
import { findOrganisationOf, scheduleHelpRequest } from '$lib/server/help-partners';
import { staffTime } from '$lib/staff-format';
import { openTask, postFromForm, translationRefused } from '$lib/server/help-view';
import { submitTranslation } from '$lib/server/translations';
import { actorOf, requireStaff } from '../../../guard';

// A request the organisation accepted: contact (audited), conversation, schedule, complete.

async function accepted(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireStaff(event, canWorkPartnerQueue);
	const task = await findHelpRequest(event.locals.app.db, event.params.id!);
	if (!task) error(404, event.locals.t('staff.errors.notFound'));
	if (task.organisation_id !== user.organisation_id) error(403, event.locals.t('staff.partner.errors.notYours'));
	return { user, task, working: canWorkHelpRequest(user, task) };
}

/** `datetime-local` input, read as Asia/Shanghai time (no daylight saving). */
function shanghaiInput(value: string): Date {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? new Date(`${value}:00+08:00`) : new Date(NaN);
}

export const load: PageServerLoad = async (event) => {
	const { user, task, working } = await accepted(event);
	const { db } = event.locals.app;
	const { lang, t } = event.locals;
	const actor = { id: user.id, role: user.role, ip: actorOf(event).ip };
	// an organisation of another kind, here to interpret a legal or medical request, does not see the contact
	const mayViewContact = async () => canSeeHelpContact(user, task, new Date(), await findOrganisationOf(db, user.organisation_id));
	const opened = await openTask(db, task, { actor, lang, t, working, mayViewContact });
	return {
		...opened,
		task: {
			...opened.task,
			withPartner: true,
			scheduledFor: task.scheduled_for ? staffTime(task.scheduled_for) : null,
			scheduleDetails: working ? readSchedule(db, task) : null
		},
		working
	};
};

export const actions: Actions = {
	schedule: async (event) => {
		const { user, task } = await accepted(event);
		const t = event.locals.t;
		const form = await event.request.formData();
		const values = { when: String(form.get('when') ?? ''), details: String(form.get('details') ?? '') };
		const errors: Record<string, string> = {};
		const when = shanghaiInput(values.when);
		if (Number.isNaN(when.getTime())) errors.when = t('staff.partner.schedule.whenInvalid');
		else if (when.getTime() <= Date.now()) errors.when = t('staff.partner.schedule.whenPast');
		if (!values.details.trim()) errors.details = t('staff.partner.schedule.detailsRequired');
		if (Object.keys(errors).length) return fail(400, { scheduleErrors: errors, values });
		const result = await scheduleHelpRequest(event.locals.app.db, task.id, user.organisation_id!, { when, details: values.details });
		if (!result.ok) return fail(409, { actionError: t('staff.partner.errors.closed'), values });
		return { scheduled: true };
	},

	complete: async (event) => {
		const { user, task } = await accepted(event);
		const t = event.locals.t;
		const form = await event.request.formData();
		const values = { duration: String(form.get('duration') ?? ''), note: String(form.get('note') ?? '') };
		const parsed = validCompletion(values);
		if (!parsed.ok) return fail(400, { completeErrors: { [parsed.field]: t(`staff.tasks.complete.errors.${parsed.field}`) }, completeValues: values });
		const result = await completeHelpRequest(event.locals.app.db, task.id, { organisationId: user.organisation_id! }, parsed.value);
		if (!result.ok) return fail(409, { actionError: t('staff.partner.errors.closed') });
		redirect(303, `/${event.locals.lang}/staff/partner?completed=${task.id}&outcome=${result.outcome}`);
	},

	translate: async (event) => {
		const { user, task } = await accepted(event);
		const text = String((await event.request.formData()).get('translation') ?? '');
		// completed only while the organisation holds the task: anyone else is refused, nothing changes
		const result = await submitTranslation(event.locals.app.db, task.id, { organisationId: user.organisation_id! }, text, { id: user.id, role: user.role, ip: actorOf(event).ip });
		if (!result.ok) return translationRefused(event.locals.t, result.reason, text);
		redirect(303, `/${event.locals.lang}/staff/partner`);
	},

	message: async (event) => {
		const { user, task, working } = await accepted(event);
		const t = event.locals.t;
		if (!working) return fail(409, { messageError: t('help.thread.closed') });
		const { db } = event.locals.app;
		const form = await event.request.formData();
		const posted = await postFromForm(db, form, { requestId: task.id, author: 'staff', authorId: user.id });
		if (!posted.ok) return fail(400, { messageError: t(posted.messageKey) });
		return { sent: true };
	}
};
