import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageSettings } from '$lib/server/authz';
import { changeHelpSettings, changeRoutineCheckRate, getHelpSettings, getSetting, HELP_SETTING_BOUNDS, ROUTINE_CHECK_RATE_BOUNDS } from '$lib/server/settings';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageSettings);
	const db = event.locals.app.db;
	return {
		help: await getHelpSettings(db),
		bounds: HELP_SETTING_BOUNDS,
		routineCheckRate: await getSetting(db, 'routine_check_rate'),
		routineCheckBounds: ROUTINE_CHECK_RATE_BOUNDS
	};
};

export const actions: Actions = {
	help: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const values = {
			help_sla_minutes: String(form.get('help_sla_minutes') ?? ''),
			claim_lease_minutes: String(form.get('claim_lease_minutes') ?? '')
		};
		const result = await changeHelpSettings(event.locals.app.db, values, actorOf(event));
		if (!result.ok) return fail(400, { values, invalid: result.invalid });
		return { saved: true, changed: result.changed.length };
	},
	rules: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const routineCheckRate = String(form.get('routine_check_rate') ?? '');
		const result = await changeRoutineCheckRate(event.locals.app.db, routineCheckRate, actorOf(event));
		if (!result.ok) return fail(400, { routineCheckRate, routineCheckInvalid: true });
		return { saved: true, changed: result.changed ? 1 : 0 };
	}
};
