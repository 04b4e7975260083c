// ICAO 9303 TD3 machine-readable zone (passports): two lines of 44 characters.
// Hand-written rather than the `mrz` package: we need field-level check results, browser use
// and a builder for test data, and the format is small and frozen.

import { shanghaiDate } from './dates';

export const TD3_LINE_LENGTH = 44;
const NAME_FIELD_LENGTH = 39;
const MRZ_CHARS = /^[A-Z0-9<]*$/;
const LINE_BREAK = /\r?\n/;
const WHITESPACE = /\s+/g;
const SIX_DIGITS = /^\d{6}$/;
const TRAILING_FILLER = /<+$/;
const FILLER = /</g;
const ONLY_FILLER = /^<*$/;

export type Sex = 'M' | 'F' | 'X';

export type Td3Fields = {
	/** 'P' or 'P' plus the issuer's subtype letter, filler removed. */
	documentType: string;
	issuingState: string;
	surname: string;
	givenNames: string;
	/** The name field is full, so the names may have been cut short by the issuer. */
	nameTruncated: boolean;
	documentNumber: string;
	nationality: string;
	/** YYYY-MM-DD; null when the MRZ holds no real date (e.g. '<<' for an unknown day). */
	dateOfBirth: string | null;
	sex: Sex;
	expiryDate: string | null;
	personalNumber: string;
};

export type Td3Checks = {
	documentNumber: boolean;
	dateOfBirth: boolean;
	expiryDate: boolean;
	personalNumber: boolean;
	composite: boolean;
};

export type Td3FormatError = {
	code: 'line_count' | 'line_length' | 'invalid_character' | 'document_type' | 'sex';
	line?: 1 | 2;
};

export type Td3Result = { ok: true; fields: Td3Fields; checks: Td3Checks; lines: [string, string] } | { ok: false; errors: Td3FormatError[] };

function charValue(code: number): number {
	if (code >= 48 && code <= 57) return code - 48; // 0-9
	if (code >= 65 && code <= 90) return code - 55; // A=10 … Z=35
	if (code === 60) return 0; // '<'
	return -1;
}

const WEIGHTS = [7, 3, 1];

/** ICAO 9303 check digit (weights 7-3-1). Throws on characters that cannot appear in an MRZ. */
export function checkDigit(value: string): number {
	let sum = 0;
	for (let i = 0; i < value.length; i++) {
		const v = charValue(value.charCodeAt(i));
		if (v < 0) throw new RangeError(`not an MRZ character: ${value[i]}`);
		sum += v * WEIGHTS[i % 3];
	}
	return sum % 10;
}

// A filler '<' in a check-digit position reads as 0 (ICAO allows it for an empty personal number).
function checkMatches(field: string, digit: string): boolean {
	const value = charValue(digit.charCodeAt(0));
	return value >= 0 && value <= 9 && value === checkDigit(field);
}

function mrzDate(yymmdd: string, century: number): string | null {
	if (!SIX_DIGITS.test(yymmdd)) return null;
	const date = `${century + Number(yymmdd.slice(0, 2))}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
	const check = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === date ? date : null;
}

function stripFiller(value: string): string {
	return value.replace(TRAILING_FILLER, '');
}

/** Parses two TD3 lines; `now` resolves the century of the birth date. */
export function parseTd3(text: string, now: Date = new Date()): Td3Result {
	const raw = text.trim().toUpperCase();
	let lines = raw.split(LINE_BREAK).map((line) => line.replace(WHITESPACE, ''));
	// OCR and copy-paste sometimes lose the line break
	if (lines.length === 1 && lines[0].length === 2 * TD3_LINE_LENGTH) {
		lines = [lines[0].slice(0, TD3_LINE_LENGTH), lines[0].slice(TD3_LINE_LENGTH)];
	}
	if (lines.length !== 2) return { ok: false, errors: [{ code: 'line_count' }] };

	const errors: Td3FormatError[] = [];
	lines.forEach((line, i) => {
		const lineNo = (i + 1) as 1 | 2;
		if (line.length !== TD3_LINE_LENGTH) errors.push({ code: 'line_length', line: lineNo });
		if (!MRZ_CHARS.test(line)) errors.push({ code: 'invalid_character', line: lineNo });
	});
	const [l1, l2] = lines;
	if (l1[0] !== 'P') errors.push({ code: 'document_type', line: 1 });
	const sexChar = l2[20];
	if (sexChar !== 'M' && sexChar !== 'F' && sexChar !== 'X' && sexChar !== '<') errors.push({ code: 'sex', line: 2 });
	if (errors.length > 0) return { ok: false, errors };

	const nameField = l1.slice(5);
	const separator = nameField.indexOf('<<');
	const surnamePart = separator < 0 ? stripFiller(nameField) : nameField.slice(0, separator);
	const givenPart = separator < 0 ? '' : stripFiller(nameField.slice(separator + 2));
	const currentYy = Number(shanghaiDate(now).slice(2, 4));
	const birthYy = Number(l2.slice(13, 15));

	const fields: Td3Fields = {
		documentType: stripFiller(l1.slice(0, 2)),
		issuingState: stripFiller(l1.slice(2, 5)),
		surname: surnamePart.replace(FILLER, ' ').trim(),
		givenNames: givenPart.replace(FILLER, ' ').trim(),
		nameTruncated: nameField[NAME_FIELD_LENGTH - 1] !== '<',
		documentNumber: stripFiller(l2.slice(0, 9)),
		nationality: stripFiller(l2.slice(10, 13)),
		dateOfBirth: mrzDate(l2.slice(13, 19), birthYy > currentYy ? 1900 : 2000),
		sex: sexChar === '<' ? 'X' : (sexChar as Sex),
		expiryDate: mrzDate(l2.slice(21, 27), 2000),
		personalNumber: stripFiller(l2.slice(28, 42))
	};
	const checks: Td3Checks = {
		documentNumber: checkMatches(l2.slice(0, 9), l2[9]),
		dateOfBirth: checkMatches(l2.slice(13, 19), l2[19]),
		expiryDate: checkMatches(l2.slice(21, 27), l2[27]),
		personalNumber: checkMatches(l2.slice(28, 42), l2[42]),
		composite: checkMatches(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), l2[43])
	};
	return { ok: true, fields, checks, lines: [l1, l2] };
}

/** The check digits 6.1 requires (the personal-number digit is covered by the composite). */
export function requiredChecksPass(checks: Td3Checks): boolean {
	return checks.documentNumber && checks.dateOfBirth && checks.expiryDate && checks.composite;
}

// ICAO 9303 Part 3 transliteration of Latin letters with diacritics that do not simply drop
// their mark; the rest lose it through NFD below.
const EXPANSIONS: ReadonlyArray<[RegExp, string]> = [
	[/[ÄǼÆ]/g, 'AE'],
	[/Å/g, 'AA'],
	[/[ÖØŒ]/g, 'OE'],
	[/Ü/g, 'UE'],
	[/ẞ/g, 'SS'],
	[/Þ/g, 'TH'],
	[/Ð|Đ/g, 'D'],
	[/Ĳ/g, 'IJ'],
	[/Ł/g, 'L']
];
// The plain variant some issuers use: marks dropped, only letters NFD cannot split are spelt out.
const PLAIN: ReadonlyArray<[RegExp, string]> = [
	[/ẞ/g, 'SS'],
	[/[ÆǼ]/g, 'AE'],
	[/Ø/g, 'O'],
	[/Œ/g, 'OE'],
	[/Þ/g, 'TH'],
	[/Ð|Đ/g, 'D'],
	[/Ĳ/g, 'IJ'],
	[/Ł/g, 'L']
];
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const OMITTED = /['’`.,]/g;
const NOT_MRZ = /[^A-Z0-9]+/g;
const EDGE_FILLER = /^<+|<+$/g;
const PLAIN_ASCII = /^[\x20-\x7e]*$/; // nothing to transliterate

/**
 * A name as an issuer writes it in the MRZ: upper case, diacritics transliterated
 * (`expand`: Ä → AE as ICAO recommends; otherwise Ä → A, which some issuers use),
 * apostrophes dropped, any other separator → '<'.
 */
export function toMrzName(name: string, expand = true): string {
	let s = name.toUpperCase();
	if (PLAIN_ASCII.test(s)) return s.replace(OMITTED, '').replace(NOT_MRZ, '<').replace(EDGE_FILLER, '');
	for (const [pattern, replacement] of expand ? EXPANSIONS : PLAIN) s = s.replace(pattern, replacement);
	return s.normalize('NFD').replace(COMBINING_MARKS, '').replace(OMITTED, '').replace(NOT_MRZ, '<').replace(EDGE_FILLER, '');
}

export type Td3Input = {
	/** 'P' by default; a second letter is the issuer's subtype. */
	documentType?: string;
	issuingState: string;
	surname: string;
	givenNames: string;
	documentNumber: string;
	nationality: string;
	dateOfBirth: string;
	sex: Sex;
	expiryDate: string;
	personalNumber?: string;
};

function field(value: string, length: number): string {
	if (value.length > length) throw new RangeError(`MRZ field longer than ${length}: ${value}`);
	return value.padEnd(length, '<');
}

function yymmdd(date: string): string {
	return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** Two valid TD3 lines joined by '\n'; names are transliterated and cut to fit. */
export function buildTd3(input: Td3Input): string {
	const given = toMrzName(input.givenNames);
	const names = (toMrzName(input.surname) + (given === '' ? '' : '<<' + given)).slice(0, NAME_FIELD_LENGTH);
	const line1 = field(input.documentType ?? 'P', 2) + field(input.issuingState, 3) + field(names, NAME_FIELD_LENGTH);

	const number = field(input.documentNumber.toUpperCase(), 9);
	const birth = yymmdd(input.dateOfBirth);
	const expiry = yymmdd(input.expiryDate);
	const personal = field((input.personalNumber ?? '').toUpperCase(), 14);
	const personalCheck = ONLY_FILLER.test(personal) ? '<' : String(checkDigit(personal));
	const withChecks =
		number + checkDigit(number) + field(input.nationality, 3) + birth + checkDigit(birth) + (input.sex === 'X' ? '<' : input.sex) + expiry + checkDigit(expiry) + personal + personalCheck;
	const composite = withChecks.slice(0, 10) + withChecks.slice(13, 20) + withChecks.slice(21, 43);
	return line1 + '\n' + withChecks + checkDigit(composite);
}
