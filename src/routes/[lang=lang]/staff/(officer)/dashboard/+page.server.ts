import type { PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canViewDashboard } from '$lib/server/authz';
import { dashboardFigures } from '$lib/server/dashboard';
import { countEscalated } from '$lib/server/help-requests';
import { requireStaff } from '../../guard';
import { windowOf } from './window';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewDashboard);
	const window = windowOf(event.url);
	const [figures, escalated] = await Promise.all([dashboardFigures(app().db, window), countEscalated(app().db)]);
	return { figures, escalated, days: window.days };
};
