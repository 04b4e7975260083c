import type { PageServerLoad } from './$types';
import { loadReceipt } from './receipt.server';
import { siteOrigin } from '$lib/server/site';

export const load: PageServerLoad = async ({ cookies, params, locals }) => ({ receipt: await loadReceipt(locals.app.db, cookies, params, siteOrigin()) });
