import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canManageSettings } from '$lib/server/authz';
import { changeHelpSettings, getHelpSettings, HELP_SETTING_BOUNDS } from '$lib/server/settings';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageSettings);
	return { help: await getHelpSettings(app().db), bounds: HELP_SETTING_BOUNDS };
};

export const actions: Actions = {
	help: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const values = {
			help_sla_minutes: String(form.get('help_sla_minutes') ?? ''),
			claim_lease_minutes: String(form.get('claim_lease_minutes') ?? '')
		};
		const result = await changeHelpSettings(app().db, values, actorOf(event));
		if (!result.ok) return fail(400, { values, invalid: result.invalid });
		return { saved: true, changed: result.changed.length };
	}
};
