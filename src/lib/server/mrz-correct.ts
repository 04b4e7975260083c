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
/** A read with the cells of line 2 that no reading decided (worked out from a check digit, or guessed). */
export type MrzCorrection = { read: MrzRead; guessed: number[] };

const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', T: '1', J: '1', Z: '2', S: '5', G: '6', B: '8', A: '4', '<': '0' };
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '4': 'A', '5': 'S', '6': 'G', '7': 'T', '8': 'B' };
// pairs a check digit can tell apart (their values differ by something not a multiple of 10)
const SWAP: Record<string, string> = { O: '0', '0': 'O', I: '1', '1': 'I', B: '8', '8': 'B', S: '5', '5': 'S', Z: '2', '2': 'Z', D: '0', Q: '0' };
// '?' is a cell OCR could not read (mrz-cells.ts)
const FILLER_LOOKALIKE = /[KCL?]/;
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

/** OCR text → MRZ alphabet: upper case, « as two fillers, '?' kept (unreadable), anything else dropped. */
export function cleanOcrLine(text: string): string {
	return text
		.toUpperCase()
		.replace(/«/g, '<<')
		.replace(/[‹([{]/g, '<')
		.replace(/[^A-Z0-9<?]/g, '');
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
	// a name or number ending in L, K or C: the letter right after the last other one is its own
	const start = /[KCL]/.test(chars[i + 1] ?? '') && /[A-Z0-9]/.test(chars[i] ?? '') ? i + 2 : i + 1;
	if (fillers >= 3 && others <= fillers / 3) for (let k = start; k < chars.length; k++) chars[k] = '<';
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
	return cleanFillerTail(chars.join(''), 5)
		.replace(/<[<LKC?]{4,}$/, (run) => '<'.repeat(run.length))
		.replace(/\?/g, '<');
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

const FULL_SCORE = 12;
// every check digit verifies, the nationality is a code, the sex a sex
const checks = (l2: string): boolean => line2Score(l2) === FULL_SCORE;

// An alphanumeric field with its check digit: if the check fails, the variants reached by
// swapping confusable characters (fewest swaps first) that satisfy it. One answer, or none; when
// several satisfy it, the one whose letters and digits stay together (numbers are letters, then
// digits) is taken, but as a guess: the check digit did not choose it.
function fixAlnum(field: string, digit: string, unsure: (i: number) => boolean): { field: string; guessed: boolean } {
	if (!/^\d$/.test(digit) || !/^[A-Z0-9<]*$/.test(field) || Number(digit) === checkDigit(field)) return { field, guessed: false };
	// the characters OCR was unsure of first; the rest only when those do not do it
	const swappable = field.split('').flatMap((c, i) => (SWAP[c] ? [i] : []));
	const doubtful = swappable.filter(unsure);
	for (const positions of doubtful.length > 0 ? [doubtful, swappable] : [swappable]) {
		const found = swapUntilValid(field, digit, positions);
		// Only one swap of a character OCR was unsure of is a correction. More (a character it was
		// sure of, several swaps) is a guess: among that many variants one often makes up for a
		// misread of another kind (a 9 read as O), and the check digit would no longer show it.
		if (found.length === 1) return { field: found[0], guessed: positions !== doubtful || [...field].filter((c, i) => c !== found[0][i]).length > 1 };
		if (found.length > 1) {
			const runs = found.map(classChanges);
			const fewest = Math.min(...runs);
			const together = found.filter((_, k) => runs[k] === fewest);
			return together.length === 1 ? { field: together[0], guessed: true } : { field, guessed: false };
		}
	}
	return { field, guessed: false };
}

/** How often a field goes from letters to digits or back. */
export function classChanges(field: string): number {
	const kinds = field.replace(/<+$/, '').replace(/[A-Z]/g, 'a').replace(/\d/g, '0');
	let n = 0;
	for (let i = 1; i < kinds.length; i++) if (kinds[i] !== kinds[i - 1]) n++;
	return n;
}

// The variants with the fewest swaps that satisfy the check digit.
function swapUntilValid(field: string, digit: string, positions: number[]): string[] {
	if (positions.length === 0 || positions.length > 10) return [];
	for (let swaps = 1; swaps <= Math.min(3, positions.length); swaps++) {
		const found: string[] = [];
		const choose = (start: number, left: number, chars: string[]) => {
			if (left === 0) {
				const candidate = chars.join('');
				if (Number(digit) === checkDigit(candidate)) found.push(candidate);
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
		if (found.length > 0) return found;
	}
	return [];
}

// The fields of line 2 with their check digits: [from, to (exclusive), digit-only field]
const CHECKED: Array<[number, number, boolean]> = [
	[0, 9, false],
	[13, 19, true],
	[21, 27, true],
	[28, 42, false]
];
const COMPOSITE = (l2: string) => l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43);

/**
 * Cells OCR could not read ('?'), worked out where a check digit allows exactly one answer: the
 * check digit itself, or one digit of a date (7, 3 and 1 are prime to 10, so one unknown digit
 * has one value). Every cell so worked out is a guess, which nothing has verified.
 */
export function solveUnknowns(l2: string): { line: string; guessed: number[] } {
	const chars = l2.split('');
	const guessed: number[] = [];
	const solveField = (positions: number[], digitAt: number, digitsOnly: boolean) => {
		const unknown = [...positions, digitAt].filter((i) => chars[i] === '?');
		if (unknown.length !== 1) return;
		const at = unknown[0];
		const field = () => positions.map((i) => chars[i]).join('');
		if (at === digitAt) {
			if (!/^[A-Z0-9<]*$/.test(field())) return;
			// an empty personal number may have '<' for its check digit
			chars[at] = digitAt === 42 && /^<*$/.test(field()) ? '<' : String(checkDigit(field()));
		} else {
			if (!digitsOnly || !/^\d$/.test(chars[digitAt])) return;
			const values = '0123456789'.split('').filter((d) => {
				chars[at] = d;
				return checkDigit(field()) === Number(chars[digitAt]);
			});
			chars[at] = values.length === 1 ? values[0] : '?';
			if (values.length !== 1) return;
		}
		guessed.push(at);
	};
	for (const [from, to, digitsOnly] of CHECKED)
		solveField(
			Array.from({ length: to - from }, (_, k) => from + k),
			to,
			digitsOnly
		);
	solveField([...Array.from({ length: 10 }, (_, k) => k), ...Array.from({ length: 7 }, (_, k) => 13 + k), ...Array.from({ length: 22 }, (_, k) => 21 + k)], 43, false);
	return { line: chars.join(''), guessed };
}

/** How much of a line 2 holds together: the nationality, the sex and each check digit (twice). */
export function line2Score(l2: string): number {
	let score = (NATIONALITY_CODES.has(l2.slice(10, 13).replace(/<+$/, '')) ? 1 : 0) + (/^[MF<]$/.test(l2[20]) ? 1 : 0);
	for (const [from, to] of CHECKED) if (holds(l2.slice(from, to), l2[to])) score += 2;
	if (holds(COMPOSITE(l2), l2[43])) score += 2;
	return score;
}

const holds = (field: string, digit: string) => /^[\d<]$/.test(digit ?? '') && /^[A-Z0-9<]*$/.test(field) && (digit === '<' ? 0 : Number(digit)) === checkDigit(field);

/**
 * Every field verified by its own check digit but the composite digit not: that one digit was
 * misread (far likelier than two misreads that cancel in their field but not in the composite).
 * It is computed, as a guess.
 */
export function recomputeComposite(l2: string): { line: string; guessed: number[] } {
	if (l2.length !== TD3_LINE_LENGTH || !CHECKED.every(([from, to]) => holds(l2.slice(from, to), l2[to])) || holds(COMPOSITE(l2), l2[43])) return { line: l2, guessed: [] };
	return { line: l2.slice(0, 43) + checkDigit(COMPOSITE(l2)), guessed: [43] };
}

function fixLine2Exact(raw: string, unsure: number[], swap = true): { line: string; guessed: number[] } {
	// a character of the wrong class that none of its look-alikes turns right is unreadable
	const chars = raw.split('').map((c, i) => {
		const fixed = toClass(c, LINE2[i]);
		const fits = { digit: /^\d$/, digitOrFiller: /^[\d<]$/, letter: /^[A-Z<]$/, sex: /^[MF<]$/, alnum: /^[A-Z0-9<?]$/ }[LINE2[i]];
		return fits.test(fixed) ? fixed : '?';
	});
	let s = chars.join('');
	s = s.slice(0, 10) + nationality(s.slice(10, 13)) + s.slice(13);
	// the personal-number field is left-aligned: its filler tail may hold look-alikes of '<'
	s = cleanFillerTail(s.slice(0, 42), 28) + s.slice(42);
	const keep = (field: string) => ({ field, guessed: false });
	const number = swap ? fixAlnum(s.slice(0, 9), s[9], (i) => unsure.includes(i)) : keep(s.slice(0, 9));
	const personal = swap ? fixAlnum(s.slice(28, 42), s[42], (i) => unsure.includes(i + 28)) : keep(s.slice(28, 42));
	const solved = solveUnknowns(number.field + s.slice(9, 28) + personal.field + s.slice(42));
	const swapped = (from: string, to: string, at: number) => from.split('').flatMap((c, i) => (c !== to[i] ? [at + i] : []));
	const composite = recomputeComposite(solved.line);
	const guessed = [
		...solved.guessed,
		...composite.guessed,
		...(number.guessed ? swapped(s.slice(0, 9), number.field, 0) : []),
		...(personal.guessed ? swapped(s.slice(28, 42), personal.field, 28) : [])
	];
	return { line: composite.line, guessed };
}

// A line 2 of the wrong length: OCR most often loses or adds a filler in a run of '<', or reads
// a blot ('?') where there is nothing.
function line2Candidates(raw: string): string[] {
	const diff = raw.length - TD3_LINE_LENGTH;
	if (diff === 0) return [raw];
	if (Math.abs(diff) > 3) return [];
	const out = new Set<string>();
	for (const run of raw.matchAll(/[<?]+/g)) {
		const at = run.index ?? 0;
		if (diff > 0 && run[0].length >= diff) {
			// the blots go first
			const kept = run[0].split('');
			for (let k = 0; k < diff; k++) kept.splice(kept.includes('?') ? kept.indexOf('?') : 0, 1);
			out.add(raw.slice(0, at) + kept.join('') + raw.slice(at + run[0].length));
		}
		if (diff < 0) out.add(raw.slice(0, at) + '<'.repeat(-diff) + raw.slice(at));
	}
	return [...out];
}

// A line 2 of the right length whose start is shifted against its end: a character OCR split in
// two (or a filler it lost) up to the personal number, and a filler lost (or one too many) after.
// Only the structure up to the personal number is fixed, so only a shift there is undone. Those
// at a cell OCR was unsure of come first: one check digit cannot tell where in its field a shift is.
function realignments(raw: string, unsure: number[]): string[] {
	const near: string[] = [];
	const far: string[] = [];
	const runs = [...raw.matchAll(/<+/g)].map((m) => ({ from: m.index ?? 0, to: (m.index ?? 0) + m[0].length }));
	for (let i = 0; i <= 28; i++) {
		const list = unsure.includes(i) || unsure.includes(i - 1) ? near : far;
		for (const { from, to } of runs) {
			// one character too many at i, a filler too few in a later run
			if (i < 28 && from > i) list.push(raw.slice(0, i) + raw.slice(i + 1, from) + '<' + raw.slice(from));
			// one lost at i (a filler, or a character to work out), a filler too many in a later run
			const p = Math.max(from, i);
			if (p < to) for (const lost of ['<', '?']) list.push(raw.slice(0, i) + lost + raw.slice(i, p) + raw.slice(p + 1));
		}
	}
	return [...new Set([...near, ...far])].filter((line) => line !== raw);
}

// Two look-alikes in doubt in one field of letters and digits (two O read as 0, say) can change
// its sum by a multiple of 10 together: its check digit no longer vouches for it.
function twoInDoubt(l2: string, unsure: number[]): boolean {
	return [
		[0, 9],
		[28, 42]
	].some(([from, to]) => unsure.filter((i) => i >= from && i < to && SWAP[l2[i]] !== undefined).length >= 2);
}

/** Two OCR'd lines → the corrected read, or null when they are no TD3 MRZ at all. */
export function correctTd3(ocrLine1: string, ocrLine2: string, now = new Date(), unsure: number[] = []): MrzRead | null {
	return correctTd3Cells(ocrLine1, ocrLine2, now, unsure)?.read ?? null;
}

/** correctTd3, with the cells of line 2 that were worked out rather than read. */
export function correctTd3Cells(ocrLine1: string, ocrLine2: string, now = new Date(), unsure: number[] = []): MrzCorrection | null {
	const r1 = cleanOcrLine(ocrLine1);
	const r2 = cleanOcrLine(ocrLine2);
	if (Math.abs(r1.length - TD3_LINE_LENGTH) > 4 || Math.abs(r2.length - TD3_LINE_LENGTH) > 4) return null;
	if (!/^[P?]/.test(r1) || !r1.slice(0, 12).includes('<')) return null;
	const line1 = fixLine1(r1.length > TD3_LINE_LENGTH ? r1.replace(/^\?+/, '') : r1);
	const plain = r2.replace(/\?/g, '<').slice(0, TD3_LINE_LENGTH).padEnd(TD3_LINE_LENGTH, '<');
	if (!NATIONALITY_CODES.has(line1.slice(2, 5).replace(/<+$/, ''))) return { read: { lines: [line1, plain], valid: false, fields: emptyFields() }, guessed: [] };
	const fix = (raw: string) => fixLine2Exact(raw, raw.length === r2.length ? unsure : []);
	let candidates = line2Candidates(r2).map(fix);
	const valid = [...new Set(candidates.filter((c) => c.guessed.length === 0 && checks(c.line)).map((c) => c.line))];
	// A line shifted back is never valid: a shift and a filler within one field (a number of
	// eight characters and its '<') leave only that field's check digit to catch a wrong shift, one
	// chance in ten among about ten places. Nor is it searched for look-alikes.
	if (valid.length === 0 && r2.length === TD3_LINE_LENGTH) candidates = [...candidates, ...realignments(r2, unsure).map((raw) => fixLine2Exact(raw, [], false))];
	// one repair that satisfies every check; several (or none) → not valid, the one that holds
	// together best
	let chosen = valid.length === 1 ? candidates.find((c) => c.line === valid[0] && c.guessed.length === 0) : undefined;
	chosen ??= candidates.reduce<(typeof candidates)[number] | undefined>((best, c) => (best === undefined || line2Score(c.line) > line2Score(best.line) ? c : best), undefined);
	if (!chosen) return { read: { lines: [line1, plain], valid: false, fields: emptyFields() }, guessed: [] };
	const unreadable = chosen.line.split('').flatMap((c, i) => (c === '?' ? [i] : []));
	const line2 = chosen.line.replace(/\?/g, '<');
	// a '<' after a '<' in a left-aligned field is padding: a K there would follow a filler
	const padding = (i: number) => line2[i] === '<' && i !== 0 && i !== 28 && line2[i - 1] === '<';
	const blind =
		unsure.some((i) => (r2.length === TD3_LINE_LENGTH ? ALNUM_POSITION(i) && CHECK_BLIND.test(line2[i]) && !padding(i) : CHECK_BLIND.test(r2[i] ?? ''))) ||
		twoInDoubt(line2, r2.length === TD3_LINE_LENGTH ? unsure : []);
	const guessed = [...chosen.guessed, ...unreadable];
	const parsed = parseTd3(`${line1}\n${line2}`, now);
	if (!parsed.ok) return { read: { lines: [line1, line2], valid: false, fields: emptyFields() }, guessed };
	const f = parsed.fields;
	return {
		read: {
			lines: [line1, line2],
			valid: valid.length === 1 && valid[0] === chosen.line && guessed.length === 0 && checks(line2) && !blind && f.dateOfBirth !== null && f.expiryDate !== null,
			fields: { surname: f.surname, givenNames: f.givenNames, nationality: f.nationality, number: f.documentNumber, dateOfBirth: f.dateOfBirth, sex: f.sex, expiryDate: f.expiryDate }
		},
		guessed
	};
}

function emptyFields(): MrzFields {
	return { surname: '', givenNames: '', nationality: '', number: '', dateOfBirth: null, sex: 'X', expiryDate: null };
}
