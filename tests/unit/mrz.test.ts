import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { buildTd3, checkDigit, parseTd3, requiredChecksPass, toMrzName, type Td3Input } from '$lib/domain/mrz';

// ICAO 9303 Part 4, appendix A: the TD3 specimen of Utopia
const LINE1 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<';
const LINE2 = 'L898902C36UTO7408122F1204159ZE184226B<<<<<10';
const SPECIMEN = `${LINE1}\n${LINE2}`;
const NOW = new Date('2026-11-28T04:00:00Z');

function withChar(line: string, index: number, char: string): string {
	return line.slice(0, index) + char + line.slice(index + 1);
}

describe('checkDigit', () => {
	test.each([
		['L898902C3', 6],
		['740812', 2],
		['120415', 9],
		['ZE184226B<<<<<', 1],
		['<<<', 0],
		['', 0]
	])('checkDigit(%s) = %d', (value, digit) => {
		expect(checkDigit(value)).toBe(digit);
	});

	test('throws on characters an MRZ cannot hold', () => {
		expect(() => checkDigit('ab1')).toThrow(RangeError);
	});

	test('detects any single changed digit (weights 7, 3, 1 are prime to 10)', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...'0123456789'), { minLength: 1, maxLength: 14 }), fc.nat(), fc.integer({ min: 1, max: 9 }), (chars, at, delta) => {
				const i = at % chars.length;
				const changed = [...chars];
				changed[i] = String((Number(chars[i]) + delta) % 10);
				expect(checkDigit(changed.join(''))).not.toBe(checkDigit(chars.join('')));
			})
		);
	});
});

describe('parseTd3', () => {
	test('reads the ICAO specimen', () => {
		const result = parseTd3(SPECIMEN, NOW);
		expect(result).toEqual({
			ok: true,
			fields: {
				documentType: 'P',
				issuingState: 'UTO',
				surname: 'ERIKSSON',
				givenNames: 'ANNA MARIA',
				nameTruncated: false,
				documentNumber: 'L898902C3',
				nationality: 'UTO',
				dateOfBirth: '1974-08-12',
				sex: 'F',
				expiryDate: '2012-04-15',
				personalNumber: 'ZE184226B'
			},
			checks: { documentNumber: true, dateOfBirth: true, expiryDate: true, personalNumber: true, composite: true },
			lines: [LINE1, LINE2]
		});
	});

	test('accepts CRLF, surrounding whitespace, lower case and a lost line break', () => {
		for (const text of [`  ${LINE1}\r\n${LINE2}\r\n `, SPECIMEN.toLowerCase(), LINE1 + LINE2, `${LINE1} \n ${LINE2}`]) {
			const result = parseTd3(text, NOW);
			expect(result.ok && requiredChecksPass(result.checks)).toBe(true);
		}
	});

	test.each([
		['documentNumber', 9],
		['dateOfBirth', 19],
		['expiryDate', 27],
		['personalNumber', 42],
		['composite', 43]
	] as const)('a wrong %s check digit fails that check and the composite (which covers it)', (field, index) => {
		const wrong = String((Number(LINE2[index]) + 1) % 10);
		const result = parseTd3(`${LINE1}\n${withChar(LINE2, index, wrong)}`, NOW);
		if (!result.ok) throw new Error('expected a parse');
		for (const [name, ok] of Object.entries(result.checks)) expect(ok, name).toBe(name !== field && name !== 'composite');
		expect(requiredChecksPass(result.checks)).toBe(false);
	});

	test('a filler personal number may carry < or 0 as its check digit', () => {
		const mrz = buildTd3({ issuingState: 'UTO', surname: 'A', givenNames: 'B', documentNumber: 'X1', nationality: 'UTO', dateOfBirth: '1974-08-12', sex: 'F', expiryDate: '2032-04-15' });
		const [l1, l2] = mrz.split('\n');
		expect(l2[42]).toBe('<');
		for (const text of [mrz, `${l1}\n${withChar(l2, 42, '0')}`]) {
			const r = parseTd3(text, NOW);
			expect(r.ok && r.checks.personalNumber && r.checks.composite).toBe(true);
		}
	});

	test('a corrupted data character fails its check and the composite', () => {
		const result = parseTd3(`${LINE1}\n${withChar(LINE2, 3, '9')}`, NOW);
		expect(result.ok && result.checks).toMatchObject({ documentNumber: false, composite: false, dateOfBirth: true });
	});

	test('a letter in a check-digit position is a failed check', () => {
		const result = parseTd3(`${LINE1}\n${withChar(LINE2, 9, 'G')}`, NOW);
		expect(result.ok && result.checks.documentNumber).toBe(false);
	});

	test.each([
		['one line', LINE1, 'line_count'],
		['three lines', `${LINE1}\n${LINE2}\n${LINE2}`, 'line_count'],
		['short line', `${LINE1}\n${LINE2.slice(1)}`, 'line_length'],
		['bad character', `${LINE1}\n${withChar(LINE2, 30, '*')}`, 'invalid_character'],
		['not a passport', `I${LINE1.slice(1)}\n${LINE2}`, 'document_type'],
		['bad sex', `${LINE1}\n${withChar(LINE2, 20, 'Q')}`, 'sex']
	])('rejects %s', (_, text, code) => {
		const result = parseTd3(text, NOW);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors.map((e) => e.code)).toContain(code);
	});

	test('birth century: years after the current two-digit year are 19xx', () => {
		const line2 = (yymmdd: string): string => {
			const l = LINE2.slice(0, 13) + yymmdd + checkDigit(yymmdd) + LINE2.slice(20);
			return l.slice(0, 43) + checkDigit(l.slice(0, 10) + l.slice(13, 20) + l.slice(21, 43));
		};
		const birth = (yymmdd: string): string | null => {
			const r = parseTd3(`${LINE1}\n${line2(yymmdd)}`, NOW);
			return r.ok ? r.fields.dateOfBirth : 'not ok';
		};
		expect(birth('270101')).toBe('1927-01-01');
		expect(birth('260101')).toBe('2026-01-01');
		expect(birth('000101')).toBe('2000-01-01');
		expect(birth('991231')).toBe('1999-12-31');
		expect(birth('990231')).toBeNull(); // no 31 February
	});

	test('unspecified sex < reads as X', () => {
		const r = parseTd3(`${LINE1}\n${withChar(LINE2, 20, '<')}`, NOW);
		expect(r.ok && r.fields.sex).toBe('X');
	});
});

describe('toMrzName', () => {
	test.each([
		['Eriksson', 'ERIKSSON'],
		['Anna Maria', 'ANNA<MARIA'],
		['Jean-Pierre', 'JEAN<PIERRE'],
		["O'Brien", 'OBRIEN'],
		['Müller', 'MUELLER'],
		['Gößmann', 'GOESSMANN'],
		['Ørsted', 'OERSTED'],
		['Åsa', 'AASA'],
		['José Núñez', 'JOSE<NUNEZ'],
		['Łukasz', 'LUKASZ'],
		['  van  der Berg ', 'VAN<DER<BERG']
	])('%s -> %s', (name, mrz) => {
		expect(toMrzName(name)).toBe(mrz);
	});
	test('the plain variant drops marks instead of spelling them out', () => {
		expect(toMrzName('Müller', false)).toBe('MULLER');
		expect(toMrzName('Ørsted', false)).toBe('ORSTED');
	});
});

describe('buildTd3', () => {
	test('reproduces the specimen', () => {
		expect(
			buildTd3({
				issuingState: 'UTO',
				surname: 'Eriksson',
				givenNames: 'Anna Maria',
				documentNumber: 'L898902C3',
				nationality: 'UTO',
				dateOfBirth: '1974-08-12',
				sex: 'F',
				expiryDate: '2012-04-15',
				personalNumber: 'ZE184226B'
			})
		).toBe(SPECIMEN);
	});

	test('cuts long names and says so when parsed', () => {
		const mrz = buildTd3({
			issuingState: 'ESP',
			surname: 'de la Santísima Trinidad Fernández',
			givenNames: 'María de los Ángeles Guadalupe',
			documentNumber: 'AB1234567',
			nationality: 'ESP',
			dateOfBirth: '1985-01-31',
			sex: 'F',
			expiryDate: '2030-06-30'
		});
		const r = parseTd3(mrz, NOW);
		expect(r.ok && r.fields.nameTruncated).toBe(true);
		expect(r.ok && r.fields.surname).toBe('DE LA SANTISIMA TRINIDAD FERNANDEZ');
		expect(r.ok && r.fields.givenNames).toBe('MAR');
	});

	test('refuses a document number that does not fit', () => {
		expect(() =>
			buildTd3({ issuingState: 'UTO', surname: 'A', givenNames: 'B', documentNumber: '1234567890', nationality: 'UTO', dateOfBirth: '1974-08-12', sex: 'F', expiryDate: '2012-04-15' })
		).toThrow(RangeError);
	});

	const alnum = (min: number, max: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
	const word = fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 1, maxLength: 10 }).map((a) => a.join(''));
	const isoDate = (from: number, to: number): fc.Arbitrary<string> =>
		fc.integer({ min: Date.UTC(from, 0, 1) / 864e5, max: Date.UTC(to, 11, 31) / 864e5 }).map((d) => new Date(d * 864e5).toISOString().slice(0, 10));

	test('round trip: every built MRZ parses back with all checks valid', () => {
		const input: fc.Arbitrary<Td3Input> = fc
			.record({
				issuingState: fc.constantFrom('FRA', 'D', 'USA', 'XXA', 'GBN'),
				surname: fc.array(word, { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')),
				givenNames: fc.array(word, { minLength: 0, maxLength: 2 }).map((w) => w.join(' ')),
				documentNumber: alnum(1, 9),
				nationality: fc.constantFrom('FRA', 'D', 'USA', 'XXA', 'GBN'),
				dateOfBirth: isoDate(1927, 2026),
				sex: fc.constantFrom('M', 'F', 'X'),
				expiryDate: isoDate(2000, 2099),
				personalNumber: alnum(0, 14)
			})
			// names must fit the 39-character name field to come back whole; truncation has its own test
			.filter((f) => f.surname.length + 2 + f.givenNames.length <= 39);
		fc.assert(
			fc.property(input, (fields) => {
				const r = parseTd3(buildTd3(fields), NOW);
				if (!r.ok) throw new Error(JSON.stringify(r.errors));
				expect(r.checks).toEqual({ documentNumber: true, dateOfBirth: true, expiryDate: true, personalNumber: true, composite: true });
				expect(r.fields).toMatchObject({
					issuingState: fields.issuingState,
					surname: fields.surname,
					givenNames: fields.givenNames,
					documentNumber: fields.documentNumber,
					nationality: fields.nationality,
					dateOfBirth: fields.dateOfBirth,
					sex: fields.sex,
					expiryDate: fields.expiryDate,
					personalNumber: fields.personalNumber
				});
			})
		);
	});
});
