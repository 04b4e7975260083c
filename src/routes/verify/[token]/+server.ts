import type { RequestHandler } from './$types';
import { verifyReceipt } from '$lib/server/declarations';
import { jsonNoStore } from '$lib/server/http';

// JSON for programs (Accept: application/json); browsers get the page next to this file.
export const GET: RequestHandler = async ({ params, locals }) => jsonNoStore(await verifyReceipt(locals.app.db, params.token));
