import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { searchAddresses } from '$lib/server/addresses';
import { jsonNoStore, limitByIp } from '$lib/server/http';
import { LIMITS } from '$lib/server/rate-limit';

export const GET: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.addressSearch);
	if (limited) return limited;
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	const hits = await searchAddresses(app().db, q, 10);
	// Chinese pages show the official label; every other language the pinyin/English form
	const zh = event.locals.lang.startsWith('zh');
	return jsonNoStore({ items: hits.map((h) => ({ id: h.id, label: zh ? h.label : h.labelEn, kind: h.kind })) });
};
