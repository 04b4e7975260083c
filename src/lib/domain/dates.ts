// Calendar arithmetic for the rules. All rule dates are in Asia/Shanghai, which has been
// UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date the
// rules see and avoids Intl/time-zone look-ups in the hot path.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Seconds and fraction optional; offset optional (absent = Asia/Shanghai local time, which is
// what an <input type="datetime-local"> posts).
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealDate(year: number, month: number, day: number): boolean {
	return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** 'YYYY-MM-DD' naming a real calendar day (2026-02-30 is not); years before 1000 are not dates we meet. */
export function isValidIsoDate(value: string): boolean {
	const m = ISO_DATE.exec(value);
	return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Days since 1970-01-01 of a valid ISO date. */
export function toEpochDay(date: string): number {
	return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function fromEpochDay(day: number): string {
	return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar date of an instant in Asia/Shanghai. */
export function shanghaiDate(instant: Date): string {
	return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant written in Asia/Shanghai local time with its offset, e.g. 2026-11-27T20:00:00+08:00. */
export function formatShanghaiInstant(instant: Date): string {
	return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

export function addDays(date: string, days: number): string {
	return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return toEpochDay(to) - toEpochDay(from);
}

/** Completed years; someone born on 29 February turns a year older on 1 March in common years. */
export function ageOn(dateOfBirth: string, onDate: string): number {
	const years = Number(onDate.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
	return onDate.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/**
 * ISO 8601 date-time with an offset (Z or ±hh:mm); without one it is read as Asia/Shanghai time.
 * Undefined when malformed or not a real date/time.
 */
export function parseInstant(value: string): Date | undefined {
	const m = ISO_INSTANT.exec(value);
	if (m === null) return undefined;
	const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
	const second = m[6] === undefined ? 0 : Number(m[6]);
	const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
	if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
	let offsetMs = SHANGHAI_OFFSET_MS;
	const zone = m[8];
	if (zone === 'Z') offsetMs = 0;
	else if (zone !== undefined) {
		const hours = Number(zone.slice(1, 3));
		const minutes = Number(zone.slice(4, 6));
		if (hours > 14 || minutes > 59) return undefined;
		offsetMs = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
	}
	return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMs);
}
