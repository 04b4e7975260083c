import { describe, expect, test } from 'vitest';
import { toAsciiDigits } from '$lib/domain/digits';
import { makeDeclarationSchema } from '$lib/domain/declaration';
import { validDeclaration } from '$lib/domain/fixtures';
import { isNumericInput, normaliseDigits, type StepName, type Values } from '../../src/lib/declare/steps';
import { validateStep } from '../../src/lib/declare/validate-step';

const NOW = new Date('2026-11-28T04:00:00Z');

// every digit system people type, by the code point of its zero
const SYSTEMS = { 'Arabic-Indic': 0x0660, 'Extended Arabic-Indic': 0x06f0, Thai: 0x0e50, 'full-width': 0xff10 } as const;
type System = keyof typeof SYSTEMS;
const SYSTEM_NAMES = Object.keys(SYSTEMS) as System[];

/** The ASCII digits of `value` written in another system (full-width also gets full-width separators). */
function typed(value: string, system: System): string {
	const zero = SYSTEMS[system];
	let out = value.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));
	if (system === 'full-width') out = out.replace(/[-+:/]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
	return out;
}

describe('toAsciiDigits', () => {
	test.each(SYSTEM_NAMES)('%s digits 0–9 become ASCII', (system) => {
		expect(toAsciiDigits(typed('0123456789', system))).toBe('0123456789');
	});
	test('separators typed with them', () => {
		expect(toAsciiDigits('＋８６－１３８／１５：３０（０）')).toBe('+86-138/15:30(0)');
		expect(toAsciiDigits('١٥؍٣؍١٩٩٠')).toBe('15/3/1990');
		expect(toAsciiDigits('１３８\u3000１２３４')).toBe('138 1234');
		expect(toAsciiDigits('Ｅ１２３４５６７８')).toBe('E12345678');
		expect(toAsciiDigits('Ｐ＜ＦＲＡ')).toBe('P<FRA');
	});
	test('everything else stays as it is', () => {
		const text = 'DUPONT Marie 王芳 محمد ไทย ١٥'.slice(0, -2);
		expect(toAsciiDigits(text)).toBe(text);
		expect(toAsciiDigits('')).toBe('');
	});
});

describe('the API schema reads every numeric field in every digit system', () => {
	const ascii = validDeclaration(NOW, { stay: { basis: 'residence_permit', permitNumber: 'E1234-5678', validUntil: '2027-12-31', entryDate: '2026-11-20' } });
	test.each(SYSTEM_NAMES)('%s', (system) => {
		const body = structuredClone(ascii);
		const t = (v: string | undefined) => (v === undefined ? undefined : typed(v, system));
		body.person.dateOfBirth = t(body.person.dateOfBirth)!;
		body.document.number = t(body.document.number)!;
		body.document.expiryDate = t(body.document.expiryDate)!;
		body.document.mrz = t(body.document.mrz);
		body.stay.permitNumber = t(body.stay.permitNumber);
		body.stay.validUntil = t(body.stay.validUntil);
		body.stay.entryDate = t(body.stay.entryDate);
		body.accommodation.checkIn = t(body.accommodation.checkIn)!;
		body.accommodation.checkOut = t(body.accommodation.checkOut);
		body.host!.idNumber = t(body.host!.idNumber)!;
		body.host!.phone = t(body.host!.phone)!;
		body.contact.phone = t(body.contact.phone);
		expect(body).not.toEqual(ascii);
		const result = makeDeclarationSchema(NOW).safeParse(body);
		expect(result.error?.issues ?? []).toEqual([]);
		expect(result.data).toEqual(makeDeclarationSchema(NOW).parse(ascii));
	});
	test('a wrong value in another system is still wrong', () => {
		const body = validDeclaration(NOW, { person: { dateOfBirth: '١٩٩٠-٠٢-٣٠' }, contact: { phone: '١٢' } });
		const paths = makeDeclarationSchema(NOW)
			.safeParse(body)
			.error?.issues.map((i) => `${i.path.join('.')}:${i.message}`);
		expect(paths).toEqual(['person.dateOfBirth:invalid_date', 'contact.phone:invalid_phone']);
	});
});

describe('the form reads every numeric input in every digit system', () => {
	// each step's answers in ASCII, valid as of NOW
	const STEP_VALUES: Partial<Record<StepName, Values>> = {
		document: { type: 'passport', number: 'FR1234567', 'expiryDate-day': '1', 'expiryDate-month': '2', 'expiryDate-year': '2030', photoUploadId: 'X1' },
		person: { surname: 'DUPONT', givenNames: 'MARIE', sex: 'F', 'dateOfBirth-day': '15', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990', nationality: 'FRA' },
		stay: {
			basis: 'residence_permit',
			permitNumber: 'E1234-5678',
			'validUntil-day': '31',
			'validUntil-month': '12',
			'validUntil-year': '2027',
			'entryDate-day': '20',
			'entryDate-month': '11',
			'entryDate-year': '2026'
		},
		accommodation: {
			addressId: 'A1',
			kind: 'rented',
			'checkIn-day': '28',
			'checkIn-month': '11',
			'checkIn-year': '2026',
			'checkIn-time': '09:30',
			'checkOut-day': '20',
			'checkOut-month': '12',
			'checkOut-year': '2026'
		},
		host: { name: 'WANG FANG', idType: 'passport', idNumber: 'G12345678', phone: '+86 138-1234-5678', relationship: 'landlord' },
		guardian: { name: 'DUPONT JEAN', phone: '+33 6 12 34 56 78', relationship: 'parent' },
		contact: { phone: '(021) 1234 5678' }
	};
	const cases = SYSTEM_NAMES.flatMap((system) => Object.keys(STEP_VALUES).map((step) => [system, step as StepName] as const));
	test.each(cases)('%s, step %s', (system, step) => {
		const ascii = STEP_VALUES[step]!;
		expect(validateStep(step, ascii, NOW)).toEqual({});
		const entered: Values = {};
		let numeric = 0;
		for (const [name, value] of Object.entries(ascii)) {
			entered[name] = isNumericInput(step, name) ? typed(value, system) : value;
			if (isNumericInput(step, name)) numeric++;
		}
		expect(numeric).toBeGreaterThan(0);
		expect(validateStep(step, entered, NOW)).toEqual({});
		expect(normaliseDigits(step, entered)).toEqual(ascii);
	});
	test('names and free text are not numeric inputs', () => {
		expect(isNumericInput('person', 'surname')).toBe(false);
		expect(isNumericInput('accommodation', 'unit')).toBe(false);
		expect(isNumericInput('host', 'name')).toBe(false);
		expect(isNumericInput('person', 'dateOfBirth-day')).toBe(true);
		expect(isNumericInput('accommodation', 'checkIn-time')).toBe(true);
		expect(isNumericInput('document', 'mrz')).toBe(true);
	});
});
