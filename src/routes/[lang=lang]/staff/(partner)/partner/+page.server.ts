import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canAcceptForOrganisation, canWorkPartnerQueue } from '$lib/server/authz';
import { acceptAsPartner, findOrganisationOf, listPartnerQueue } from '$lib/server/help-partners';
import { findHelpRequest } from '$lib/server/help-requests';
import type { CompletionOutcome } from '$lib/server/help-claims';
import type { Reader } from '$lib/server/db';
import { requireStaff } from '../../guard';

async function organisationOf(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireStaff(event, canWorkPartnerQueue);
	const organisation = await findOrganisationOf(event.locals.app.db, user.organisation_id);
	if (!organisation || organisation.active !== 1) error(403, event.locals.t('staff.errors.forbidden'));
	return { user, organisation };
}

/** After "Mark as completed": what was done, for a request this organisation completed (a hand-made link shows nothing). */
async function completedHere(db: Reader, organisationId: string, params: URLSearchParams): Promise<{ reference: string; outcome: CompletionOutcome } | null> {
	const id = params.get('completed');
	const outcome = params.get('outcome');
	if (!id || (outcome !== 'resident_emailed' && outcome !== 'resident_not_emailed')) return null;
	const task = await findHelpRequest(db, id);
	return task && task.organisation_id === organisationId && task.status === 'completed' ? { reference: task.reference, outcome } : null;
}

export const load: PageServerLoad = async (event) => {
	const { organisation } = await organisationOf(event);
	const { db } = event.locals.app;
	const queue = await listPartnerQueue(db, organisation);
	return {
		organisation: { name: organisation.name, nameEn: organisation.name_en, kind: organisation.kind },
		queue,
		completed: await completedHere(db, organisation.id, event.url.searchParams)
	};
};

export const actions: Actions = {
	accept: async (event) => {
		const { user, organisation } = await organisationOf(event);
		const t = event.locals.t;
		const { db } = event.locals.app;
		const task = await findHelpRequest(db, String((await event.request.formData()).get('taskId') ?? ''));
		if (!task) return fail(404, { acceptError: t('staff.errors.notFound') });
		if (!canAcceptForOrganisation(user, organisation, task)) {
			// a request this organisation could have taken, accepted by someone else a moment ago, was taken, not "not yours"
			const taken = canAcceptForOrganisation(user, organisation, { ...task, organisation_id: null, status: 'open' });
			return fail(taken ? 409 : 403, { acceptError: t(taken ? 'staff.partner.errors.taken' : 'staff.partner.errors.notForYou') });
		}
		const result = await acceptAsPartner(db, task.id, organisation);
		if (!result.ok) return fail(409, { acceptError: t('staff.partner.errors.taken') });
		redirect(303, `/${event.locals.lang}/staff/partner/${task.id}`);
	}
};
