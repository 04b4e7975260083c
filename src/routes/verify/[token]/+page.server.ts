import type { PageServerLoad } from './$types';
import { verifyReceipt } from '$lib/server/declarations';

export const load: PageServerLoad = async ({ params, locals }) => ({ check: await verifyReceipt(locals.app.db, params.token) });
