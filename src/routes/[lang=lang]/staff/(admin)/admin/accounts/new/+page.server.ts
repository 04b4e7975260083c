import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageAccounts } from '$lib/server/authz';
import { listOrganisations } from '$lib/server/organisations';
import { createAccount, isRole } from '$lib/server/users';
import { actorOf, requireStaff } from '../../../../guard';
import { ACCOUNT_ERRORS, parseAccountForm } from '../account-form';
import { sendPasswordLink } from '../reset-link';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageAccounts);
	const role = event.url.searchParams.get('role') ?? '';
	const organisations = await listOrganisations(event.locals.app.db);
	const organisationId = event.url.searchParams.get('organisation') ?? '';
	return {
		organisations: organisations.map((o) => ({ id: o.id, name: o.name_en })),
		initial: { email: '', name: '', role: isRole(role) ? role : '', organisationId: organisations.some((o) => o.id === organisationId) ? organisationId : '', mailLanguage: 'en' }
	};
};

export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canManageAccounts);
		const { values, data, errors } = parseAccountForm(await event.request.formData());
		if (!data) return fail(400, { values, errors, created: null });
		const result = await createAccount(event.locals.app.db, actorOf(event), data);
		if (!result.ok) {
			if (result.reason === 'not_found') return fail(404, { values, errors: {}, created: null });
			const { field, key } = ACCOUNT_ERRORS[result.reason];
			return fail(400, { values, errors: { [field]: key }, created: null });
		}
		const { link, expires } = await sendPasswordLink(event, result.user);
		return { values, errors: {}, created: { id: result.user.id, email: result.user.email, link, expires } };
	}
};
