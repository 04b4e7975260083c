import type { LayoutServerLoad } from './$types';
import { canWorkPartnerQueue } from '$lib/server/authz';
import { requireStaff } from '../guard';

// Partner staff who belong to an organisation. Every action below checks again with requireStaff.
export const load: LayoutServerLoad = (event) => {
	requireStaff(event, canWorkPartnerQueue);
};
