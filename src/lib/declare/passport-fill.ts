// Filling the document and person steps from the passport's machine-readable lines: the same
// function on the server (after a photo is read, or lines are typed) and in the browser (as the
// lines are typed), so both fill the same fields the same way.

import { parseTd3, requiredChecksPass } from '$lib/domain/mrz';
import { datePartsOf, type AllValues, type Values } from './steps';

/** What a reading of the passport put into each step's fields, by field name (date parts each). */
export type PassportMarks = { document?: Values; person?: Values };

export interface PassportFill {
	document: Values;
	person: Values;
	/** The values the passport gave, kept to mark those fields and to replace them on a new reading. */
	marks: PassportMarks;
}

const group = (key: string) => key.replace(/-(day|month|year)$/, '');

/**
 * The document and person answers with what the passport's lines say. A field (a date as a
 * whole) is filled when it is empty or still holds what an earlier reading put there: what the
 * resident typed always wins. Undefined when the lines are not a TD3 whose checks hold.
 */
export function fillFromPassport(all: AllValues, mrz: string, earlier: PassportMarks = {}, now = new Date()): PassportFill | undefined {
	const parsed = mrz.trim() ? parseTd3(mrz, now) : undefined;
	if (!parsed?.ok || !requiredChecksPass(parsed.checks)) return undefined;
	const f = parsed.fields;
	const read: Required<PassportMarks> = {
		document: { type: 'passport', number: f.documentNumber, ...(f.expiryDate ? datePartsOf('expiryDate', f.expiryDate) : {}) },
		person: { surname: f.surname, givenNames: f.givenNames, sex: f.sex, nationality: f.nationality, ...(f.dateOfBirth ? datePartsOf('dateOfBirth', f.dateOfBirth) : {}) }
	};
	const out: PassportFill = { document: { ...all.document }, person: { ...all.person }, marks: {} };
	for (const section of ['document', 'person'] as const) {
		const current = out[section];
		const before = earlier[section] ?? {};
		const marks: Values = {};
		const groups = new Set(Object.keys(read[section]).map(group));
		for (const name of groups) {
			const keys = Object.keys(read[section]).filter((k) => group(k) === name);
			const free = keys.every((k) => {
				const value = (current[k] ?? '').trim();
				return value === '' || value === before[k] || value === read[section][k];
			});
			if (!free) continue;
			for (const k of keys) {
				current[k] = read[section][k];
				marks[k] = read[section][k];
			}
		}
		out.marks[section] = marks;
	}
	return out;
}

/** The fields of a step whose answer is still what the passport gave (to mark "read from your passport"). */
export function markedFields(values: Values, marks: Values | undefined): string[] {
	if (!marks) return [];
	const names = new Set<string>();
	for (const [key, value] of Object.entries(marks)) if ((values[key] ?? '').trim() === value) names.add(group(key));
	// a date is marked only when all its parts still are
	return [...names].filter((name) =>
		Object.keys(marks)
			.filter((k) => group(k) === name)
			.every((k) => (values[k] ?? '').trim() === marks[k])
	);
}
