import type { PageServerLoad } from './$types';
import { canManageAccounts } from '$lib/server/authz';
import { listOrganisations } from '$lib/server/organisations';
import { isRole, listUsers } from '$lib/server/users';
import { requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageAccounts);
	const { searchParams } = event.url;
	const role = searchParams.get('role') ?? '';
	const status = searchParams.get('status') ?? '';
	const q = (searchParams.get('q') ?? '').trim().slice(0, 100);
	const { db } = event.locals.app;
	const users = await listUsers(db, {
		role: isRole(role) ? role : undefined,
		active: status === 'active' ? true : status === 'inactive' ? false : undefined,
		q: q || undefined
	});
	const organisations = new Map((await listOrganisations(db)).map((o) => [o.id, o.name_en]));
	return {
		filter: { role: isRole(role) ? role : '', status: status === 'active' || status === 'inactive' ? status : '', q },
		accounts: users.map((u) => ({
			id: u.id,
			email: u.email,
			name: u.name,
			role: u.role,
			organisation: u.organisation_id ? (organisations.get(u.organisation_id) ?? '') : '',
			active: u.active === 1
		}))
	};
};
