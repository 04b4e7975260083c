import type { PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { verifyReceipt } from '$lib/server/declarations';

export const load: PageServerLoad = async ({ params }) => ({ check: await verifyReceipt(app(), params.token) });
