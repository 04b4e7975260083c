import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, ageOn, daysBetween, formatShanghaiInstant, fromEpochDay, isValidIsoDate, parseInstant, shanghaiDate, toEpochDay } from '$lib/domain/dates';

describe('isValidIsoDate', () => {
	test.each(['2026-02-28', '2024-02-29', '2000-02-29', '1990-12-31', '2026-01-01'])('accepts %s', (d) => {
		expect(isValidIsoDate(d)).toBe(true);
	});
	test.each(['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '26-04-01', '2026-04-01T00:00', ' 2026-04-01', '0999-01-01', ''])('rejects %s', (d) => {
		expect(isValidIsoDate(d)).toBe(false);
	});
});

describe('shanghaiDate', () => {
	test('the day changes at 16:00 UTC', () => {
		expect(shanghaiDate(new Date('2026-11-27T15:59:59.999Z'))).toBe('2026-11-27');
		expect(shanghaiDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
	});
	test('agrees with Intl for Asia/Shanghai', () => {
		const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
				expect(shanghaiDate(new Date(ms))).toBe(fmt.format(new Date(ms)));
			})
		);
	});
});

describe('day arithmetic', () => {
	test('addDays crosses months, years and leap days', () => {
		expect(addDays('2026-11-20', 30)).toBe('2026-12-20');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(daysBetween('2026-11-20', '2026-12-20')).toBe(30);
	});
	test('epoch days round trip', () => {
		fc.assert(
			fc.property(fc.integer({ min: -25_000, max: 50_000 }), (day) => {
				expect(toEpochDay(fromEpochDay(day))).toBe(day);
			})
		);
	});
});

describe('ageOn', () => {
	test('counts completed years', () => {
		expect(ageOn('2008-11-28', '2026-11-27')).toBe(17);
		expect(ageOn('2008-11-28', '2026-11-28')).toBe(18);
	});
	test('29 February birthdays turn a year older on 1 March in common years', () => {
		expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
		expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
		expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
	});
});

describe('parseInstant', () => {
	test('reads offsets', () => {
		expect(parseInstant('2026-11-27T20:00:00+08:00')?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
		expect(parseInstant('2026-11-27T12:00:00Z')?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
		expect(parseInstant('2026-11-27T07:00:00.5-05:00')?.toISOString()).toBe('2026-11-27T12:00:00.500Z');
		expect(parseInstant('2026-11-27T12:00+05:30')?.toISOString()).toBe('2026-11-27T06:30:00.000Z');
	});
	test('reads a time without offset as Asia/Shanghai (what datetime-local posts)', () => {
		expect(parseInstant('2026-11-27T20:00')?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
	});
	test.each(['2026-11-27', '2026-02-30T10:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T12:60Z', '2026-11-27 12:00:00Z', '2026-11-27T12:00:00+8', 'now', ''])('rejects %s', (s) => {
		expect(parseInstant(s)).toBeUndefined();
	});
	test('formatShanghaiInstant round trips', () => {
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (s) => {
				const instant = new Date(Math.floor(s / 1000) * 1000);
				expect(parseInstant(formatShanghaiInstant(instant))?.getTime()).toBe(instant.getTime());
			})
		);
	});
});
