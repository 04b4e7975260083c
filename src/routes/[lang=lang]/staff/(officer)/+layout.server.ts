import type { LayoutServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { requireStaff } from '../guard';

// Officers and admins. Every action below checks again with requireStaff (and the narrower can…() it needs).
export const load: LayoutServerLoad = (event) => {
	requireStaff(event, canReviewDeclarations);
};
