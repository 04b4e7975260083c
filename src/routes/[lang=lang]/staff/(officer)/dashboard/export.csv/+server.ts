import type { RequestHandler } from './$types';
import { canViewDashboard } from '$lib/server/authz';
import { exportFigures } from '$lib/server/dashboard';
import { actorOf, requireStaff } from '../../../guard';
import { windowOf } from '../window';

export const GET: RequestHandler = async (event) => {
	requireStaff(event, canViewDashboard);
	const window = windowOf(event.url);
	const csv = await exportFigures(event.locals.app.db, window, actorOf(event));
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="anju-figures-${window.from}-${window.to}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
