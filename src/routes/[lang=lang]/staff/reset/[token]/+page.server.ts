import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { completePasswordReset, findPasswordReset } from '$lib/server/auth';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '$lib/server/password-policy';
import { clientIp } from '../../guard';

const POLICY_KEYS = { too_short: 'staff.password.tooShort', too_long: 'staff.password.tooLong', common: 'staff.password.common' } as const;

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = await findPasswordReset(locals.app.db, params.token);
	return { valid: found.ok, min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, params, locals } = event;
		const form = await request.formData();
		const password = String(form.get('password') ?? '');
		const confirm = String(form.get('confirm') ?? '');
		const errors: Record<string, string> = {};
		if (!password) errors.password = 'staff.password.tooShort';
		if (!confirm) errors.confirm = 'staff.password.confirmRequired';
		else if (password && confirm !== password) errors.confirm = 'staff.password.mismatch';
		if (Object.keys(errors).length) return fail(400, { errors, invalid: false });

		const result = await completePasswordReset(locals.app.db, params.token, password, clientIp(event));
		if (!result.ok && result.reason === 'invalid') return fail(400, { errors: {} as Record<string, string>, invalid: true });
		if (!result.ok && result.reason === 'weak_password') return fail(400, { errors: { password: POLICY_KEYS[result.check.reason] } as Record<string, string>, invalid: false });
		redirect(303, `/${locals.lang}/staff/login?notice=passwordSet`);
	}
};
