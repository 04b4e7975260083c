import type { RequestHandler } from './$types';
import { ADDRESS_PAGE, findAddresses } from '$lib/server/addresses';
import { jsonNoStore, limitByIp } from '$lib/server/http';
import { LIMITS } from '$lib/server/rate-limit';

/** A whole number from a query parameter, kept within bounds (anything else is the default). */
function bounded(value: string | null, fallback: number, min: number, max: number): number {
	const n = Math.floor(Number(value ?? ''));
	return value !== null && Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}

export const GET: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.addressSearch);
	if (limited) return limited;
	const params = event.url.searchParams;
	const q = (params.get('q') ?? '').slice(0, 100);
	const offset = bounded(params.get('offset'), 0, 0, 10_000);
	const limit = bounded(params.get('limit'), ADDRESS_PAGE, 1, 50);
	const found = await findAddresses(event.locals.app.db, q, { offset, limit });
	// Chinese pages show the official label; every other language the pinyin/English form
	const zh = event.locals.lang.startsWith('zh');
	return jsonNoStore({
		items: found.hits.map((h) => ({ id: h.id, label: zh ? h.label : h.labelEn, kind: h.kind })),
		// the whole ranking's size, for "Show more" and the hint to narrow the search
		total: found.total,
		capped: found.capped
	});
};
