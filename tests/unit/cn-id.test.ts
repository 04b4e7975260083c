import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { cnIdCheckChar, isCnResidentId, isForeignPermanentResidentId } from '$lib/domain/cn-id';

const NOW = new Date('2026-11-28T04:00:00Z');
const withCheck = (first17: string): string => first17 + cnIdCheckChar(first17);

describe('GB 11643 resident ID', () => {
	test.each(['11010519491231002X', '440524188001010014', withCheck('31011519900402123'), withCheck('51010720261128001')])('accepts %s', (id) => {
		expect(isCnResidentId(id, NOW)).toBe(true);
	});

	test.each([
		['wrong check character', '110105194912310021'],
		['lower-case x (the schema upper-cases first)', '11010519491231002x'],
		['17 characters', '11010519491231002'],
		['19 characters', '11010519491231002X1'],
		['letters', '11010519491231002A'],
		['no 30 February', withCheck('11010519900230001')],
		['month 13', withCheck('11010519901301001')],
		['born tomorrow', withCheck('11010520261129001')],
		['leading 9 is a foreign permanent resident card', withCheck('91115619850312001')],
		['leading 0', withCheck('01010519900402001')]
	])('rejects %s', (_, id) => {
		expect(isCnResidentId(id, NOW)).toBe(false);
	});

	test('any single changed digit fails the check', () => {
		const id = '440524188001010014';
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (i, delta) => {
				const changed = id.slice(0, i) + String((Number(id[i]) + delta) % 10) + id.slice(i + 1);
				expect(cnIdCheckChar(changed.slice(0, 17))).not.toBe(id[17]);
			})
		);
	});
});

describe('foreign permanent resident ID', () => {
	test.each([
		['2023 form', withCheck('91115619850312001')],
		['2023 form with check X', findWithX()],
		['older 15-character form', 'USA110850312012']
	])('accepts the %s', (_, id) => {
		expect(isForeignPermanentResidentId(id, NOW)).toBe(true);
	});

	test.each([
		['2023 form with a wrong check', '91115619850312001' + (cnIdCheckChar('91115619850312001') === '0' ? '1' : '0')],
		['2023 form with no real birth date', withCheck('91115619851312001')],
		['2023 form born in the future', withCheck('91115620270101001')],
		['resident ID', '11010519491231002X'],
		['old form, lower case', 'usa110850312012'],
		['old form, 2 letters', 'US1108503120123'],
		['old form, 11 digits', 'USA11085031201']
	])('rejects %s', (_, id) => {
		expect(isForeignPermanentResidentId(id, NOW)).toBe(false);
	});
});

function findWithX(): string {
	for (let seq = 0; seq < 1000; seq++) {
		const first17 = '91115619850312' + String(seq).padStart(3, '0');
		if (cnIdCheckChar(first17) === 'X') return first17 + 'X';
	}
	throw new Error('no X check found');
}
