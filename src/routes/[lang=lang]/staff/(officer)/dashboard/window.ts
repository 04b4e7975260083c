import { addDays, isValidIsoDate, shanghaiDate } from '$lib/domain/dates';

/** The dashboard window from ?days= or ?from=&to=, default the last 30 days (Shanghai calendar). */
export function windowOf(url: URL, now = new Date()): { from: string; to: string; days: number } {
	const from = url.searchParams.get('from') ?? '';
	const to = url.searchParams.get('to') ?? '';
	if (isValidIsoDate(from) && isValidIsoDate(to) && from <= to) {
		return { from, to, days: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1 };
	}
	const days = [7, 30, 90, 365].includes(Number(url.searchParams.get('days'))) ? Number(url.searchParams.get('days')) : 30;
	const today = shanghaiDate(now);
	return { from: addDays(today, -(days - 1)), to: today, days };
}
