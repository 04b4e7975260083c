import type { PageServerLoad } from './$types';
import { loadReceipt } from './receipt.server';

export const load: PageServerLoad = async ({ cookies, params, locals }) => ({ receipt: await loadReceipt(locals.app.db, cookies, params) });
