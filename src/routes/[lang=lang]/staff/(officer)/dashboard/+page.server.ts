import type { PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canViewDashboard } from '$lib/server/authz';
import { dashboardFigures } from '$lib/server/dashboard';
import { requireStaff } from '../../guard';
import { windowOf } from './window';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewDashboard);
	const window = windowOf(event.url);
	return { figures: await dashboardFigures(app().db, window), days: window.days };
};
