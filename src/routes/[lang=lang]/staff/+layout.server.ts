import type { LayoutServerLoad } from './$types';
import { messagesFor } from '$lib/server/i18n';
import { canClaimTasks, canReviewDeclarations, canViewAuditLog, canUseAdminArea, canViewDashboard, canWorkPartnerQueue } from '$lib/server/authz';

// The staff namespace joins the shared ones here, so resident pages never carry it.
export const load: LayoutServerLoad = async ({ locals, parent }) => {
	const { messages } = await parent();
	const user = locals.user;
	const links = [
		canClaimTasks(user) && { path: 'staff/tasks', key: 'staff.nav.tasks' },
		canWorkPartnerQueue(user) && { path: 'staff/partner', key: 'staff.nav.partner' },
		canReviewDeclarations(user) && { path: 'staff/review', key: 'staff.nav.review' },
		canViewDashboard(user) && { path: 'staff/dashboard', key: 'staff.nav.dashboard' },
		canUseAdminArea(user) && { path: 'staff/admin', key: 'staff.nav.admin' }
	].filter((l): l is { path: string; key: string } => !!l);
	return {
		// the review and audit namespaces name the watch list: only for those who review declarations
		// or read the audit log (never the signed-out sign-in page, a volunteer or a partner)
		messages: { ...messages, ...messagesFor(locals.lang, ['staff', ...(canReviewDeclarations(user) ? ['review'] : []), ...(canViewAuditLog(user) ? ['audit'] : [])]) },
		staff: user ? { user: { name: user.name, role: user.role }, links } : null
	};
};
