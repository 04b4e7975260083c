import { describe, expect, test } from 'vitest';
import { NATIONALITY_CODES, STATELESS_OR_REFUGEE_CODES, alpha3ToAlpha2, isNationality } from '$lib/domain/nationalities';

const ICAO_ONLY = ['D', 'XXA', 'XXB', 'XXC', 'XXX', 'UNO', 'UNA', 'UNK', 'EUE', 'GBD', 'GBN', 'GBO', 'GBS', 'GBP', 'RKS'];

describe('nationality codes', () => {
	test('hold the 249 ISO 3166-1 codes plus the 15 ICAO codes', () => {
		expect(NATIONALITY_CODES.size).toBe(249 + ICAO_ONLY.length);
		for (const code of ICAO_ONLY) expect(isNationality(code)).toBe(true);
	});

	test('every ISO code maps to a distinct region that Intl.DisplayNames knows', () => {
		const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
		const seen = new Set<string>();
		for (const code of NATIONALITY_CODES) {
			if (ICAO_ONLY.includes(code)) continue;
			expect(code).toMatch(/^[A-Z]{3}$/);
			const alpha2 = alpha3ToAlpha2(code);
			expect(alpha2, code).toMatch(/^[A-Z]{2}$/);
			expect(seen.has(alpha2!), `${code} -> ${alpha2} twice`).toBe(false);
			seen.add(alpha2!);
			expect(names.of(alpha2!), `${code} -> ${alpha2}`).toBeTruthy();
		}
	});

	test.each([
		['FRA', 'FR'],
		['DEU', 'DE'],
		['USA', 'US'],
		['CHN', 'CN'],
		['KOR', 'KR'],
		['PRK', 'KP'],
		['D', 'DE'],
		['GBN', 'GB'],
		['GBD', 'GB'],
		['RKS', 'XK'],
		['XXA', undefined],
		['UNO', undefined],
		['EUE', undefined],
		['ZZZ', undefined]
	])('alpha3ToAlpha2(%s) = %s', (alpha3, alpha2) => {
		expect(alpha3ToAlpha2(alpha3)).toBe(alpha2);
	});

	test('unknown, lower-case and retired codes are not nationalities', () => {
		for (const code of ['ZZZ', 'fra', 'FR', '', 'YUG', 'SUN', 'ANT']) expect(isNationality(code)).toBe(false);
	});

	test('stateless and refugee codes', () => {
		expect([...STATELESS_OR_REFUGEE_CODES].sort()).toEqual(['XXA', 'XXB', 'XXC', 'XXX']);
	});
});
