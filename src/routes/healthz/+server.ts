import type { RequestHandler } from './$types';

// Liveness only: no database, so it is also the no-op baseline of the benchmark.
export const GET: RequestHandler = () => new Response('{"status":"ok"}', { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
