import type { RequestHandler } from './$types';
import { env } from '$env/dynamic/private';
import { metricsAuthorised, registry, useDatabase } from '$lib/server/metrics';

// Prometheus scrape endpoint. Without ANJU_METRICS_TOKEN it does not exist (404); with it, only
// a scraper sending that token as a bearer token gets in.
export const GET: RequestHandler = async ({ request, locals }) => {
	const token = env.ANJU_METRICS_TOKEN;
	if (!token) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	if (!metricsAuthorised(token, request.headers.get('authorization'))) {
		return new Response('Unauthorised', { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' } });
	}
	useDatabase(locals.app.db);
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
