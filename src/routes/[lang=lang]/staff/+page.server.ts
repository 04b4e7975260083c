import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { homePathFor } from '$lib/server/authz';

// /{lang}/staff: each role's own area, or the sign-in page.
export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.user ? `/${locals.lang}/${homePathFor(locals.user.role)}` : `/${locals.lang}/staff/login`);
};
