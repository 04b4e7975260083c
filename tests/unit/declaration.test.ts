import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod';
import { cnIdCheckChar } from '$lib/domain/cn-id';
import { VALIDATION_CODES, declarationInput, makeDeclarationSchema, makeStepSchemas, person, toFieldErrors, type FieldError } from '$lib/domain/declaration';
import { validDeclaration, type DeclarationOverrides } from '$lib/domain/fixtures';
import { buildTd3 } from '$lib/domain/mrz';
import { formatShanghaiInstant } from '$lib/domain/dates';

const NOW = new Date('2026-11-28T04:00:00Z'); // 12:00 in Shanghai
const DAY_MS = 24 * 60 * 60 * 1000;
const schema = makeDeclarationSchema(NOW);

// Overrides may hold values the types forbid: that is the point of these tests.
function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return validDeclaration(NOW, overrides as DeclarationOverrides) as unknown as Record<string, unknown>;
}

function errorsOf(input: unknown): FieldError[] {
	const result = schema.safeParse(input);
	return result.success ? [] : toFieldErrors(result.error);
}

function expectOnly(input: unknown, path: string, code: string): void {
	expect(errorsOf(input)).toEqual([{ path, code }]);
}

describe('a valid declaration', () => {
	test('passes, and parsing its output again changes nothing', () => {
		const result = schema.safeParse(body());
		expect(result.success).toBe(true);
		expect(schema.parse(result.data)).toEqual(result.data);
	});

	test('fixtures with any seed pass', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 9_999_999 }), (seed) => {
				expect(errorsOf(validDeclaration(NOW, {}, seed))).toEqual([]);
			}),
			{ numRuns: 50 }
		);
	});

	test('strings are trimmed and codes upper-cased', () => {
		const parsed = schema.parse(body({ person: { surname: '  DUPONT ', nationality: 'fra' }, document: { number: ' fr0000000 ' } }));
		expect(parsed.person.surname).toBe('DUPONT');
		expect(parsed.person.nationality).toBe('FRA');
		expect(parsed.document.number).toBe('FR0000000');
	});

	test('blank optional fields count as absent', () => {
		const parsed = schema.parse(body({ contact: { phone: '', email: 'a@example.org' }, accommodation: { unit: ' ', checkOut: '' } }));
		expect(parsed.contact.phone).toBeUndefined();
		expect(parsed.accommodation.unit).toBeUndefined();
	});

	test('owned accommodation needs no host', () => {
		expect(errorsOf(body({ accommodation: { kind: 'owned' }, host: undefined }))).toEqual([]);
	});

	test('free-text address instead of a registry id', () => {
		expect(errorsOf(body({ accommodation: { addressId: undefined, addressText: '88 Nanjing Road, Room 5' } }))).toEqual([]);
	});

	test('residence permit without entry date', () => {
		expect(errorsOf(body({ stay: { basis: 'residence_permit', validUntil: '2028-01-31', entryDate: undefined } }))).toEqual([]);
	});

	test('visa with type, number and last day', () => {
		expect(errorsOf(body({ stay: { basis: 'visa', visaType: 'Z', permitNumber: 'ab-12345', validUntil: '2027-01-31' } }))).toEqual([]);
	});
});

describe('6.1 invalid input', () => {
	test('a missing field', () => {
		const b = body();
		delete (b.person as Record<string, unknown>).surname;
		expectOnly(b, 'person.surname', 'required');
	});

	test('a blank required field', () => expectOnly(body({ person: { surname: '   ' } }), 'person.surname', 'required'));
	test('a wrong type', () => expectOnly(body({ person: { surname: 42 } }), 'person.surname', 'invalid_type'));
	test('a value outside the list', () => expectOnly(body({ person: { sex: 'Q' } }), 'person.sex', 'invalid_choice'));
	test('a name over 100 characters', () => {
		expect(errorsOf(body({ person: { surname: 'A'.repeat(100) } }))).toEqual([]);
		expectOnly(body({ person: { surname: 'A'.repeat(101) } }), 'person.surname', 'too_long');
	});
	test('an address text over 300 characters', () => expectOnly(body({ accommodation: { addressId: undefined, addressText: 'x'.repeat(301) } }), 'accommodation.addressText', 'too_long'));
	test('control characters in a name', () => expectOnly(body({ person: { surname: 'DU\u0000PONT' } }), 'person.surname', 'invalid_characters'));

	test('unknown fields, at the top and inside a step', () => {
		expect(errorsOf({ ...body(), extra: 1 })).toEqual([{ path: 'extra', code: 'unknown_field' }]);
		expectOnly(body({ person: { middleName: 'X' } }), 'person.middleName', 'unknown_field');
	});

	test('a body that is not an object', () => {
		expect(errorsOf('hello')).toEqual([{ path: '', code: 'invalid_type' }]);
		expect(errorsOf(null)).toEqual([{ path: '', code: 'invalid_type' }]);
	});

	test.each(['ZZZ', 'FR', 'YUG', 'FRANCE'])('unknown nationality %s', (code) => expectOnly(body({ person: { nationality: code } }), 'person.nationality', 'invalid_nationality'));
	test.each(['D', 'XXA', 'RKS', 'GBN'])('ICAO nationality %s is accepted', (code) => expect(errorsOf(body({ person: { nationality: code } }))).toEqual([]));

	test.each(['2026-02-30', '1990-13-01', '02/04/1990', '1990-4-2'])('impossible date %s', (date) => expectOnly(body({ person: { dateOfBirth: date } }), 'person.dateOfBirth', 'invalid_date'));

	test('birth date: today is fine, tomorrow is in the future', () => {
		expect(errorsOf(body({ person: { dateOfBirth: '2026-11-28' }, guardian: { name: 'DUPONT JEAN', phone: '+33 6 00 00 00 00', relationship: 'parent' } }))).toEqual([]);
		expect(errorsOf(body({ person: { dateOfBirth: '2026-11-29' } }))).toContainEqual({ path: 'person.dateOfBirth', code: 'date_in_future' });
	});

	test('age: 120 is fine, 121 is too old', () => {
		expect(errorsOf(body({ person: { dateOfBirth: '1905-11-29' } }))).toEqual([]);
		expectOnly(body({ person: { dateOfBirth: '1905-11-28' } }), 'person.dateOfBirth', 'too_old');
	});

	test('checkOut on the check-in day is fine, the day before is not', () => {
		expect(errorsOf(body({ accommodation: { checkOut: '2026-11-28' } }))).toEqual([]);
		expectOnly(body({ accommodation: { checkOut: '2026-11-27' } }), 'accommodation.checkOut', 'checkout_before_checkin');
	});

	test('entry on the check-in day is fine, the day after is not', () => {
		expect(errorsOf(body({ stay: { entryDate: '2026-11-28' } }))).toEqual([]);
		expectOnly(body({ stay: { entryDate: '2026-11-29' } }), 'stay.entryDate', 'entry_after_checkin');
	});

	test('check-in exactly 7 days ahead is fine, one second more is not', () => {
		const at = (ms: number): Record<string, unknown> => body({ accommodation: { checkIn: formatShanghaiInstant(new Date(NOW.getTime() + ms)), checkOut: '2026-12-31' } });
		expect(errorsOf(at(7 * DAY_MS))).toEqual([]);
		expectOnly(at(7 * DAY_MS + 1000), 'accommodation.checkIn', 'checkin_too_far_ahead');
	});

	test.each(['2026-11-28', '2026-11-28 10:00', 'yesterday', '2026-11-31T10:00:00+08:00'])('check-in %s is not a date and time', (checkIn) =>
		expectOnly(body({ accommodation: { checkIn } }), 'accommodation.checkIn', 'invalid_datetime')
	);

	test('an MRZ whose check digit fails', () => {
		const mrz = validDeclaration(NOW).document.mrz!;
		const broken = mrz.slice(0, -1) + String((Number(mrz.slice(-1)) + 1) % 10);
		expectOnly(body({ document: { mrz: broken } }), 'document.mrz', 'mrz_check_digit');
	});

	test('an MRZ that is not two TD3 lines', () => {
		expectOnly(body({ document: { mrz: 'P<FRADUPONT' } }), 'document.mrz', 'mrz_format');
		expectOnly(body({ document: { mrz: 'x'.repeat(500) } }), 'document.mrz', 'mrz_format');
	});

	test('an MRZ that differs from the typed fields is valid input (a finding, not an error)', () => {
		const mrz = buildTd3({
			issuingState: 'FRA',
			surname: 'DURAND',
			givenNames: 'MARIE',
			documentNumber: 'FR0000000',
			nationality: 'FRA',
			dateOfBirth: '1990-04-02',
			sex: 'F',
			expiryDate: '2031-11-27'
		});
		expect(errorsOf(body({ document: { mrz } }))).toEqual([]);
	});

	describe('host ID numbers', () => {
		const host = (idType: string, idNumber: string): Record<string, unknown> => body({ host: { idType, idNumber } });
		test('a GB 11643 number that fails', () => {
			expectOnly(host('cn_resident_id', '110105194912310021'), 'host.idNumber', 'invalid_cn_id');
			expectOnly(host('cn_resident_id', '1101051949123'), 'host.idNumber', 'invalid_cn_id');
		});
		test('lower-case x is read as X', () => expect(errorsOf(host('cn_resident_id', '11010519491231002x'))).toEqual([]));
		test('a resident ID born tomorrow fails only with "now"', () => {
			const id = '11010520261129001' + cnIdCheckChar('11010520261129001');
			expectOnly(host('cn_resident_id', id), 'host.idNumber', 'invalid_cn_id');
			expect(declarationInput.safeParse(host('cn_resident_id', id)).success).toBe(true);
		});
		test('foreign permanent resident IDs', () => {
			expect(errorsOf(host('foreign_permanent_resident_id', '91115619850312001' + cnIdCheckChar('91115619850312001')))).toEqual([]);
			expect(errorsOf(host('foreign_permanent_resident_id', 'USA110850312012'))).toEqual([]);
			expectOnly(host('foreign_permanent_resident_id', '11010519491231002X'), 'host.idNumber', 'invalid_fpr_id');
			expectOnly(host('foreign_permanent_resident_id', 'US1108503120123'), 'host.idNumber', 'invalid_fpr_id');
		});
		test('passport numbers', () => {
			expect(errorsOf(host('passport', 'E12345678'))).toEqual([]);
			expectOnly(host('passport', 'E1'), 'host.idNumber', 'invalid_format');
		});
	});

	test('no contact', () => {
		expectOnly(body({ contact: { phone: undefined, email: undefined } }), 'contact', 'contact_required');
		expectOnly(body({ contact: { phone: '', email: ' ' } }), 'contact', 'contact_required');
		expectOnly(body({ contact: undefined }), 'contact', 'contact_required');
	});
	test('one contact is enough', () => {
		expect(errorsOf(body({ contact: { phone: undefined } }))).toEqual([]);
		expect(errorsOf(body({ contact: { email: undefined } }))).toEqual([]);
	});
	test.each(['12345', 'call me', '+86 138 1234 5678 9999 0'])('phone %s', (phone) => expectOnly(body({ contact: { phone } }), 'contact.phone', 'invalid_phone'));
	test.each(['+86 138 1234 5678', '13812345678', '(010) 6512-3456'])('phone %s is fine', (phone) => expect(errorsOf(body({ contact: { phone } }))).toEqual([]));
	test('email', () => expectOnly(body({ contact: { email: 'not-an-email' } }), 'contact.email', 'invalid_email'));

	test.each([false, 'true', 1, undefined])('consent %s', (consent) => expectOnly(body({ consent }), 'consent', 'consent_required'));

	test.each(['rented', 'host_home', 'employer_provided', 'other'])('host missing when kind is %s', (kind) => expectOnly(body({ accommodation: { kind }, host: undefined }), 'host', 'host_required'));

	test('visa needs a visa type from the list', () => {
		expectOnly(body({ stay: { basis: 'visa', validUntil: '2027-01-31' } }), 'stay.visaType', 'required');
		expectOnly(body({ stay: { basis: 'visa', visaType: 'Z9', validUntil: '2027-01-31' } }), 'stay.visaType', 'invalid_choice');
		expectOnly(body({ stay: { visaType: 'Z' } }), 'stay.visaType', 'not_applicable');
	});

	test.each(['visa', 'residence_permit', 'permanent_residence'])('%s needs validUntil', (basis) =>
		expectOnly(body({ stay: { basis, visaType: basis === 'visa' ? 'L' : undefined } }), 'stay.validUntil', 'required')
	);
	test('visa-free has no validUntil', () => expectOnly(body({ stay: { validUntil: '2027-01-31' } }), 'stay.validUntil', 'not_applicable'));

	test.each(['visa', 'visa_free', 'transit_visa_free'])('%s needs entryDate', (basis) =>
		expectOnly(body({ stay: { basis, entryDate: undefined, visaType: basis === 'visa' ? 'L' : undefined, validUntil: basis === 'visa' ? '2027-01-31' : undefined } }), 'stay.entryDate', 'required')
	);

	test('address id or text, not both, not neither', () => {
		expectOnly(body({ accommodation: { addressId: undefined } }), 'accommodation.addressId', 'address_required');
		expectOnly(body({ accommodation: { addressText: 'somewhere' } }), 'accommodation.addressText', 'address_conflict');
	});

	test('a guardian with missing fields', () => {
		expectOnly(body({ guardian: { name: 'X', relationship: 'parent' } }), 'guardian.phone', 'required');
	});

	test('many problems are all reported at once', () => {
		const found = errorsOf({ person: { nationality: 'ZZZ' }, accommodation: { kind: 'rented', checkIn: 'x' }, extra: true });
		expect(found).toEqual(
			expect.arrayContaining([
				{ path: 'person.nationality', code: 'invalid_nationality' },
				{ path: 'person.surname', code: 'required' },
				{ path: 'accommodation.checkIn', code: 'invalid_datetime' },
				{ path: 'accommodation.addressId', code: 'address_required' },
				{ path: 'contact', code: 'contact_required' },
				{ path: 'consent', code: 'consent_required' },
				{ path: 'host', code: 'host_required' },
				{ path: 'extra', code: 'unknown_field' }
			])
		);
	});
});

describe('error codes', () => {
	const codes: ReadonlySet<string> = new Set(VALIDATION_CODES);

	test('every issue message is a validation code, whatever the input', () => {
		const anything = fc.oneof(
			fc.anything(),
			fc.record({ person: fc.anything(), stay: fc.anything(), accommodation: fc.anything(), contact: fc.anything(), host: fc.anything() }, { requiredKeys: [] })
		);
		fc.assert(
			fc.property(anything, (input) => {
				const result = schema.safeParse(input);
				if (!result.success) for (const issue of result.error.issues) expect(codes.has(issue.message), issue.message).toBe(true);
			})
		);
	});

	test('toFieldErrors maps zod issues that carry no code of ours', () => {
		const other = z.strictObject({ a: z.string(), b: z.enum(['x']), c: z.string().max(1) });
		const result = other.safeParse({ b: 'y', c: 'long', d: 1 });
		expect(toFieldErrors(result.error!)).toEqual([
			{ path: 'a', code: 'required' },
			{ path: 'b', code: 'invalid_choice' },
			{ path: 'c', code: 'too_long' },
			{ path: 'd', code: 'unknown_field' }
		]);
	});
});

describe('step schemas', () => {
	test('the static person step leaves "now" rules out, the dated one applies them', () => {
		const p = { surname: 'DUPONT', givenNames: '', sex: 'F', dateOfBirth: '2030-01-01', nationality: 'FRA' };
		expect(person.safeParse(p).success).toBe(true);
		const result = makeStepSchemas(NOW).person.safeParse(p);
		expect(result.success ? [] : toFieldErrors(result.error)).toEqual([{ path: 'dateOfBirth', code: 'date_in_future' }]);
	});

	test('the dated accommodation step rejects a check-in too far ahead', () => {
		const a = { addressId: 'A1', kind: 'owned', checkIn: '2026-12-31T10:00:00+08:00' };
		const result = makeStepSchemas(NOW).accommodation.safeParse(a);
		expect(result.success ? [] : toFieldErrors(result.error)).toEqual([{ path: 'checkIn', code: 'checkin_too_far_ahead' }]);
	});
});

// Issue 14.7: text that reads differently from what it is (bidi overrides, zero-width characters,
// controls, lone surrogates) is refused in every free-text person field; real names in every script pass.
describe('names: invisible and control characters refused, every script accepted', () => {
	const noMrz = { document: { mrz: undefined } };
	const FIELDS: [string, (v: string) => Record<string, unknown>][] = [
		['person.surname', (v) => ({ person: { surname: v } })],
		['person.givenNames', (v) => ({ person: { givenNames: v } })],
		['host.name', (v) => ({ host: { name: v } })],
		['guardian.name', (v) => ({ guardian: { name: v, phone: '13812345678', relationship: 'parent' } })],
		['accommodation.unit', (v) => ({ accommodation: { unit: v } })],
		['accommodation.addressText', (v) => ({ accommodation: { addressId: undefined, addressText: v } })]
	];
	const BAD: [string, string][] = [
		['right-to-left override', '\u202e'],
		['left-to-right embedding', '\u202a'],
		['pop directional formatting', '\u202c'],
		['right-to-left isolate', '\u2067'],
		['pop directional isolate', '\u2069'],
		['zero-width space', '\u200b'],
		['zero-width non-joiner', '\u200c'],
		['zero-width joiner', '\u200d'],
		['word joiner', '\u2060'],
		['byte-order mark', '\ufeff'],
		['C0 control (escape)', '\u001b'],
		['delete', '\u007f'],
		['C1 control (next line)', '\u0085'],
		['C1 control (CSI)', '\u009b'],
		['lone high surrogate', '\ud800'],
		['lone low surrogate', '\udc00']
	];
	for (const [path, at] of FIELDS)
		test.each(BAD)(`${path}: %s is refused with invalid_characters`, (_, ch) => {
			expectOnly(body({ ...noMrz, ...merge(at(`MAL${ch}LORY`)) }), path, 'invalid_characters');
		});

	const GOOD = [
		'DUPONT',
		"O'BRIEN",
		'O’Brien',
		'Jean-Pierre',
		'محمد عبد الله',
		'عبداللہ',
		'王小明',
		'李 娜',
		'สมชาย ใจดี',
		'ณัฐพงศ์ ศรีสุข',
		'Nguyễn Thị Ánh',
		'Trần Đức Thắng',
		'Ólafsdóttir',
		'Müller-Lüdenscheidt',
		'Łukasz Żółć',
		'Иванова Мария',
		'Παπαδόπουλος',
		'김민준',
		'やまだ たろう',
		'José María',
		'𠮷野' // a name outside the BMP: a surrogate pair is whole, not lone
	];
	test.each(GOOD)('%s is accepted in every name field', (name) => {
		for (const [, at] of FIELDS) expect(errorsOf(body({ ...noMrz, ...merge(at(name)) }))).toEqual([]);
	});

	test('property: a legitimate name with any refused character inserted anywhere is refused; without it, accepted', () => {
		fc.assert(
			fc.property(fc.constantFrom(...GOOD), fc.constantFrom(...BAD.map(([, ch]) => ch)), fc.nat(), (name, ch, pos) => {
				const at = 1 + (pos % Math.max(1, name.length - 1));
				// never split a surrogate pair of the name itself
				const cut = /[\udc00-\udfff]/.test(name[at] ?? '') ? at + 1 : at;
				const dirty = name.slice(0, cut) + ch + name.slice(cut);
				expect(errorsOf(body({ ...noMrz, person: { surname: dirty } }))).toEqual([{ path: 'person.surname', code: 'invalid_characters' }]);
				expect(errorsOf(body({ ...noMrz, person: { surname: name } }))).toEqual([]);
			})
		);
	});

	// the overrides of one field, with the declaration's own MRZ left out
	function merge(o: Record<string, unknown>): Record<string, unknown> {
		return o.document ? o : { ...o, document: { mrz: undefined } };
	}
});
