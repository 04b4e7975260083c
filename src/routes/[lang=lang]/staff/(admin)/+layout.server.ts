import type { LayoutServerLoad } from './$types';
import { canUseAdminArea } from '$lib/server/authz';
import { requireStaff } from '../guard';

// Administrators only. Every action below checks again with requireStaff.
export const load: LayoutServerLoad = (event) => {
	requireStaff(event, canUseAdminArea);
};
