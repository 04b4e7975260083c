import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageOrganisations } from '$lib/server/authz';
import { createOrganisation } from '$lib/server/organisations';
import { actorOf, requireStaff } from '../../../../guard';
import { parseOrganisationForm } from '../organisation-form';

export const load: PageServerLoad = (event) => {
	requireStaff(event, canManageOrganisations);
	return { initial: { name: '', nameEn: '', kind: '', languages: '', active: true } };
};

export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canManageOrganisations);
		const { values, data, errors } = parseOrganisationForm(await event.request.formData());
		if (!data) return fail(400, { values, errors });
		const organisation = await createOrganisation(event.locals.app.db, actorOf(event), data);
		redirect(303, `/${event.locals.lang}/staff/admin/organisations/${organisation.id}?saved=1`);
	}
};
