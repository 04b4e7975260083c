import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { verifyReceipt } from '$lib/server/declarations';
import { jsonNoStore } from '$lib/server/http';

// JSON for programs (Accept: application/json); browsers get the page next to this file.
export const GET: RequestHandler = async ({ params }) => jsonNoStore(await verifyReceipt(app(), params.token));
