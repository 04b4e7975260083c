import type { RequestHandler } from './$types';
import { readiness } from '$lib/server/readiness';

// Readiness for a load balancer: 200 when this process can serve, 503 with the reasons when not.
export const GET: RequestHandler = async ({ locals }) => {
	const check = await readiness(locals.app.db);
	return new Response(JSON.stringify(check.ok ? { status: 'ok' } : { status: 'unavailable', reasons: check.reasons }), {
		status: check.ok ? 200 : 503,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
};
