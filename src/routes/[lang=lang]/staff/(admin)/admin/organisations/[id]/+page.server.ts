import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageOrganisations } from '$lib/server/authz';
import { findOrganisation, updateOrganisation } from '$lib/server/organisations';
import { listUsers } from '$lib/server/users';
import { actorOf, requireStaff } from '../../../../guard';
import { parseOrganisationForm } from '../organisation-form';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageOrganisations);
	const { db } = event.locals.app;
	const organisation = await findOrganisation(db, event.params.id);
	if (!organisation) error(404, event.locals.t('staff.errors.notFound'));
	const members = await listUsers(db, { organisationId: organisation.id });
	return {
		saved: event.url.searchParams.has('saved'),
		organisation: {
			id: organisation.id,
			name: organisation.name,
			nameEn: organisation.name_en,
			kind: organisation.kind,
			languages: (JSON.parse(organisation.languages) as string[]).join(', '),
			active: organisation.active === 1
		},
		members: members.map((m) => ({ id: m.id, email: m.email, name: m.name, active: m.active === 1 }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canManageOrganisations);
		const { values, data, errors } = parseOrganisationForm(await event.request.formData());
		if (!data) return fail(400, { values, errors });
		if (!(await updateOrganisation(event.locals.app.db, actorOf(event), event.params.id, data))) error(404, event.locals.t('staff.errors.notFound'));
		return { saved: true };
	}
};
