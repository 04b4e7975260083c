import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { canChangeRoleOf, canDeactivate, canManageAccounts } from '$lib/server/authz';
import { listOrganisations } from '$lib/server/organisations';
import { findUserById, setAccountActive, updateAccount } from '$lib/server/users';
import { actorOf, requireStaff } from '../../../../guard';
import { ACCOUNT_ERRORS, parseAccountForm } from '../account-form';
import { sendPasswordLink } from '../reset-link';

async function target(event: RequestEvent) {
	const user = await findUserById(event.locals.app.db, event.params.id);
	if (!user) error(404, event.locals.t('staff.errors.notFound'));
	return user;
}

export const load: PageServerLoad = async (event) => {
	const admin = requireStaff(event, canManageAccounts);
	const user = await target(event);
	const organisations = await listOrganisations(event.locals.app.db);
	return {
		account: {
			id: user.id,
			email: user.email,
			name: user.name,
			role: user.role,
			organisationId: user.organisation_id ?? '',
			mailLanguage: user.mail_language,
			active: user.active === 1,
			hasPassword: !!user.password_hash
		},
		organisations: organisations.map((o) => ({ id: o.id, name: o.name_en })),
		canChangeRole: canChangeRoleOf(admin, user),
		canDeactivate: canDeactivate(admin, user)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const admin = requireStaff(event, canManageAccounts);
		const user = await target(event);
		const { values, data, errors } = parseAccountForm(await event.request.formData());
		if (!data) return fail(400, { values, errors });
		if (data.role !== user.role && !canChangeRoleOf(admin, user)) return fail(403, { values, errors: { role: 'staff.admin.account.selfRole' } });
		const result = await updateAccount(event.locals.app.db, actorOf(event), user.id, data);
		if (!result.ok) {
			if (result.reason === 'not_found') error(404, event.locals.t('staff.errors.notFound'));
			const { field, key } = ACCOUNT_ERRORS[result.reason];
			return fail(400, { values, errors: { [field]: key } });
		}
		return { notice: 'staff.admin.account.saved' };
	},
	deactivate: async (event) => {
		const admin = requireStaff(event, canManageAccounts);
		const user = await target(event);
		if (!canDeactivate(admin, user)) return fail(403, { notice: 'staff.admin.account.selfDeactivate' });
		await setAccountActive(event.locals.app.db, actorOf(event), user.id, false);
		return { notice: 'staff.admin.account.deactivated' };
	},
	reactivate: async (event) => {
		requireStaff(event, canManageAccounts);
		const user = await target(event);
		await setAccountActive(event.locals.app.db, actorOf(event), user.id, true);
		return { notice: 'staff.admin.account.reactivated' };
	},
	reset: async (event) => {
		requireStaff(event, canManageAccounts);
		const user = await target(event);
		if (user.active !== 1) return fail(400, { notice: 'staff.admin.account.inactive' });
		const { link, expires } = await sendPasswordLink(event, user);
		return { reset: { link, expires } };
	}
};
