import type { PageServerLoad } from './$types';
import { canViewDashboard } from '$lib/server/authz';
import { dashboardFigures } from '$lib/server/dashboard';
import { countEscalated, listEscalated } from '$lib/server/help-claims';
import { requireStaff } from '../../guard';
import { windowOf } from './window';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewDashboard);
	const window = windowOf(event.url);
	const { db } = event.locals.app;
	const [figures, escalated, escalations] = await Promise.all([dashboardFigures(db, window), countEscalated(db), listEscalated(db)]);
	return { figures, escalated, escalations, days: window.days };
};
