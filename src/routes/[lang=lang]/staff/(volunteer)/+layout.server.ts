import type { LayoutServerLoad } from './$types';
import { canClaimTasks } from '$lib/server/authz';
import { requireStaff } from '../guard';

// Volunteer interpreters only. Every action below checks again with requireStaff.
export const load: LayoutServerLoad = (event) => {
	requireStaff(event, canClaimTasks);
};
