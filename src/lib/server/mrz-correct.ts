// What OCR reads from a TD3 machine-readable zone, corrected with what ICAO 9303 fixes: the
// character class of every position, the nationality codes, and the check digits. The result is
// `valid` only when every check digit verifies on the corrected line 2.
//
// Corrections never guess between two digits (a misread 3/8 stays a misread and fails its check):
// they only pick, for a character OCR confuses across classes (O/0, I/1, B/8, S/5, Z/2, G/6, the
// filler '<' read as K/C/L), the member the position allows, or the one the check digit asks for.
// G/6, K/< and A/0 weigh the same modulo 10 in a check digit, so between those the check cannot
// choose and the OCR's own reading stands.

import { parseTd3, TD3_LINE_LENGTH, checkDigit } from '../domain/mrz';
import { NATIONALITY_CODES } from '../domain/nationalities';

export type MrzFields = {
	surname: string;
	givenNames: string;
	nationality: string;
	number: string;
	dateOfBirth: string | null;
	sex: 'M' | 'F' | 'X';
	expiryDate: string | null;
};
export type MrzRead = { lines: [string, string]; valid: boolean; fields: MrzFields };

const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', T: '1', J: '1', Z: '2', S: '5', G: '6', B: '8', A: '4', '<': '0' };
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '7': 'T', '8': 'B' };
// pairs a check digit can tell apart (their values differ by something not a multiple of 10)
const SWAP: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', B: '8', '8': 'B', S: '5', '5': 'S', Z: '2', '2': 'Z', D: '0', Q: '0' };
const FILLER_LOOKALIKE = /[KCL]/;
// Characters whose values differ by a multiple of 10 (0/A/K/U/<, 1/L/V, 6/G/Q, 8/I/S, …) weigh the
// same in every check digit: a misread among them passes. Where OCR was unsure of one that looks
// like another of its group (G/6, S/8, K/<) in a field without a fixed class, the read is not valid.
const CHECK_BLIND = /[G6S8K<]/;
const ALNUM_POSITION = (i: number) => i < 9 || (i >= 28 && i < 42);

type Cls = 'digit' | 'letter' | 'alnum' | 'sex' | 'digitOrFiller';

// TD3 line 2, position by position
const LINE2: Cls[] = [
	...Array<Cls>(9).fill('alnum'),
	'digit',
	'letter',
	'letter',
	'letter',
	...Array<Cls>(6).fill('digit'),
	'digit',
	'sex',
	...Array<Cls>(6).fill('digit'),
	'digit',
	...Array<Cls>(14).fill('alnum'),
	'digitOrFiller',
	'digit'
];

function toClass(c: string, cls: Cls): string {
	if (cls === 'digit') return /\d/.test(c) ? c : (TO_DIGIT[c] ?? c);
	if (cls === 'digitOrFiller') return /[\d<]/.test(c) ? c : (TO_DIGIT[c] ?? c);
	if (cls === 'letter') return /[A-Z<]/.test(c) ? c : (TO_LETTER[c] ?? c);
	if (cls === 'sex') return c === 'M' || c === 'F' || c === '<' ? c : c === 'H' || c === 'N' ? 'M' : c === 'E' || c === 'P' ? 'F' : c;
	return c;
}

/** OCR text → MRZ alphabet: upper case, « as two fillers, anything else dropped. */
export function cleanOcrLine(text: string): string {
	return text
		.toUpperCase()
		.replace(/«/g, '<<')
		.replace(/[‹([{]/g, '<')
		.replace(/[^A-Z0-9<]/g, '');
}

// A name field ends in a run of fillers: anything OCR saw in a run of mostly '<' is a filler.
function cleanFillerTail(s: string, from: number): string {
	const chars = s.split('');
	// only the trailing run
	let i = chars.length - 1;
	let fillers = 0;
	let others = 0;
	while (i >= from && (chars[i] === '<' || FILLER_LOOKALIKE.test(chars[i]))) {
		if (chars[i] === '<') fillers++;
		else others++;
		i--;
	}
	if (fillers >= 3 && others <= fillers / 3) for (let k = i + 1; k < chars.length; k++) chars[k] = '<';
	return chars.join('');
}

function fixLine1(raw: string): string {
	let s = raw;
	if (s.length > TD3_LINE_LENGTH) s = s.replace(/<+$/, (run) => run.slice(0, Math.max(0, run.length - (s.length - TD3_LINE_LENGTH))));
	if (s.length > TD3_LINE_LENGTH) s = s.slice(0, TD3_LINE_LENGTH);
	s = s.padEnd(TD3_LINE_LENGTH, '<');
	const chars = s.split('');
	chars[0] = 'P';
	for (let i = 1; i < TD3_LINE_LENGTH; i++) chars[i] = toClass(chars[i], 'letter');
	chars.splice(2, 3, ...nationality(chars.slice(2, 5).join('')).split(''));
	// the name field's filler tail, where OCR saw L, K or C for some '<'
	return cleanFillerTail(chars.join(''), 5).replace(/<[<LKC]{4,}$/, (run) => '<'.repeat(run.length));
}

// A code OCR got slightly wrong: the valid code reached by swapping confusable characters.
function nationality(code: string): string {
	if (NATIONALITY_CODES.has(code.replace(/<+$/, ''))) return code;
	const options = code.split('').map((c) => [c, ...(c === '<' ? ['K', 'C', 'L'] : FILLER_LOOKALIKE.test(c) ? ['<'] : [])].concat(TO_LETTER[c] ? [TO_LETTER[c]] : []));
	const found = new Set<string>();
	for (const a of options[0])
		for (const b of options[1])
			for (const c of options[2]) {
				const candidate = a + b + c;
				if (/^[A-Z]+<*$/.test(candidate) && NATIONALITY_CODES.has(candidate.replace(/<+$/, ''))) found.add(candidate);
			}
	return found.size === 1 ? [...found][0] : code;
}

function checks(l2: string): boolean {
	if (!NATIONALITY_CODES.has(l2.slice(10, 13).replace(/<+$/, '')) || !/^[MF<]$/.test(l2[20])) return false;
	const ok = (field: string, digit: string) => /^[\d<]$/.test(digit) && /^[A-Z0-9<]*$/.test(field) && (digit === '<' ? 0 : Number(digit)) === checkDigit(field);
	return ok(l2.slice(0, 9), l2[9]) && ok(l2.slice(13, 19), l2[19]) && ok(l2.slice(21, 27), l2[27]) && ok(l2.slice(28, 42), l2[42]) && ok(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), l2[43]);
}

// An alphanumeric field with its check digit: if the check fails, the variants reached by
// swapping confusable characters (fewest swaps first) that satisfy it; one answer or none.
function fixAlnum(field: string, digit: string, unsure: (i: number) => boolean): string {
	if (/^\d$/.test(digit) && Number(digit) === checkDigit(field)) return field;
	if (digit === '<' && /^<*$/.test(field)) return field;
	// the characters OCR was unsure of first; the rest only when those do not do it
	const swappable = field.split('').flatMap((c, i) => (SWAP[c] ? [i] : []));
	const doubtful = swappable.filter(unsure);
	for (const positions of doubtful.length > 0 ? [doubtful, swappable] : [swappable]) {
		const fixed = swapUntilValid(field, digit, positions);
		if (fixed !== undefined) return fixed;
	}
	return field;
}

function swapUntilValid(field: string, digit: string, positions: number[]): string | undefined {
	if (positions.length === 0 || positions.length > 10) return undefined;
	for (let swaps = 1; swaps <= Math.min(3, positions.length); swaps++) {
		const found: string[] = [];
		const choose = (start: number, left: number, chars: string[]) => {
			if (left === 0) {
				const candidate = chars.join('');
				if (/^\d$/.test(digit) && Number(digit) === checkDigit(candidate)) found.push(candidate);
				return;
			}
			for (let k = start; k < positions.length; k++) {
				const p = positions[k];
				const was = chars[p];
				chars[p] = SWAP[was];
				choose(k + 1, left - 1, chars);
				chars[p] = was;
			}
		};
		choose(0, swaps, field.split(''));
		if (found.length === 1) return found[0];
		if (found.length > 1) return undefined; // the check cannot decide
	}
	return undefined;
}

function fixLine2Exact(raw: string, unsure: number[]): string {
	const chars = raw.split('').map((c, i) => toClass(c, LINE2[i]));
	let s = chars.join('');
	s = s.slice(0, 10) + nationality(s.slice(10, 13)) + s.slice(13);
	// the personal-number field is left-aligned: its filler tail may hold look-alikes of '<'
	s = cleanFillerTail(s.slice(0, 42), 28) + s.slice(42);
	const number = fixAlnum(s.slice(0, 9), s[9], (i) => unsure.includes(i));
	const personal = fixAlnum(s.slice(28, 42), s[42], (i) => unsure.includes(i + 28));
	return number + s.slice(9, 28) + personal + s.slice(42);
}

// A line 2 of the wrong length: OCR most often loses or adds a filler in a run of '<'.
function line2Candidates(raw: string): string[] {
	const diff = raw.length - TD3_LINE_LENGTH;
	if (diff === 0) return [raw];
	if (Math.abs(diff) > 3) return [];
	const out = new Set<string>();
	for (const run of raw.matchAll(/<+/g)) {
		const at = run.index ?? 0;
		if (diff > 0 && run[0].length >= diff) out.add(raw.slice(0, at) + raw.slice(at + diff));
		if (diff < 0) out.add(raw.slice(0, at) + '<'.repeat(-diff) + raw.slice(at));
	}
	return [...out];
}

/** Two OCR'd lines → the corrected read, or null when they are no TD3 MRZ at all. */
export function correctTd3(ocrLine1: string, ocrLine2: string, now = new Date(), unsure: number[] = []): MrzRead | null {
	const r1 = cleanOcrLine(ocrLine1);
	const r2 = cleanOcrLine(ocrLine2);
	if (Math.abs(r1.length - TD3_LINE_LENGTH) > 4 || Math.abs(r2.length - TD3_LINE_LENGTH) > 4) return null;
	if (!/^[P]/.test(r1) || !r1.slice(0, 12).includes('<')) return null;
	const line1 = fixLine1(r1);
	if (!NATIONALITY_CODES.has(line1.slice(2, 5).replace(/<+$/, ''))) return { lines: [line1, r2], valid: false, fields: emptyFields() };
	const candidates = line2Candidates(r2).map((raw) => fixLine2Exact(raw, raw.length === r2.length ? unsure : []));
	const valid = [...new Set(candidates.filter(checks))];
	// one length repair that satisfies every check; several (or none) → not valid
	let line2 = valid.length === 1 ? valid[0] : (candidates[0] ?? r2.slice(0, TD3_LINE_LENGTH).padEnd(TD3_LINE_LENGTH, '<'));
	// an unreadable composite digit: computed so the line is whole, but then nothing verified it
	let guessed = false;
	if (valid.length === 0 && line2.length === TD3_LINE_LENGTH && !/\d/.test(line2[43])) {
		const whole = line2.slice(0, 43) + checkDigit(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43));
		if (checks(whole)) {
			line2 = whole;
			guessed = true;
		}
	}
	const blind = unsure.some((i) => (r2.length === TD3_LINE_LENGTH ? ALNUM_POSITION(i) && CHECK_BLIND.test(line2[i]) : CHECK_BLIND.test(r2[i] ?? '')));
	const parsed = parseTd3(`${line1}\n${line2}`, now);
	if (!parsed.ok) return { lines: [line1, line2], valid: false, fields: emptyFields() };
	const f = parsed.fields;
	return {
		lines: [line1, line2],
		valid: valid.length === 1 && !guessed && checks(line2) && !blind && parsed.fields.dateOfBirth !== null && parsed.fields.expiryDate !== null,
		fields: { surname: f.surname, givenNames: f.givenNames, nationality: f.nationality, number: f.documentNumber, dateOfBirth: f.dateOfBirth, sex: f.sex, expiryDate: f.expiryDate }
	};
}

function emptyFields(): MrzFields {
	return { surname: '', givenNames: '', nationality: '', number: '', dateOfBirth: null, sex: 'X', expiryDate: null };
}
