import type { PageServerLoad } from './$types';
import { canManageOrganisations } from '$lib/server/authz';
import { listOrganisations } from '$lib/server/organisations';
import { requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageOrganisations);
	const organisations = await listOrganisations(event.locals.app.db);
	return {
		organisations: organisations.map((o) => ({
			id: o.id,
			name: o.name,
			nameEn: o.name_en,
			kind: o.kind,
			languages: (JSON.parse(o.languages) as string[]).join(', '),
			active: o.active === 1,
			members: o.members
		}))
	};
};
