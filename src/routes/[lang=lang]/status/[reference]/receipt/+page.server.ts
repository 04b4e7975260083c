import type { PageServerLoad } from './$types';
import { loadReceipt } from './receipt.server';

export const load: PageServerLoad = async ({ cookies, params, url }) => ({ receipt: await loadReceipt(cookies, params, url.origin) });
