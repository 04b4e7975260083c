import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { canViewDashboard } from '$lib/server/authz';
import { recordAudit } from '$lib/server/audit';
import { dashboardFigures, figuresCsv } from '$lib/server/dashboard';
import { actorOf, requireStaff } from '../../../guard';
import { windowOf } from '../window';

// Aggregates only (no personal data), but exports are audited all the same.
export const GET: RequestHandler = async (event) => {
	requireStaff(event, canViewDashboard);
	const window = windowOf(event.url);
	const figures = await dashboardFigures(app().db, window);
	const actor = actorOf(event);
	await recordAudit(app().db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'dashboard.export', details: { from: window.from, to: window.to } });
	return new Response(figuresCsv(figures), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="anju-figures-${window.from}-${window.to}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
