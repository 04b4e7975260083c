// The declaration form as a list of small steps. Shared by the server (to validate and build the
// API body) and the browser (progress, field ids). Values are kept exactly as typed, one flat
// string map per step, so a wrong answer is shown back as it was entered and nothing is lost.

import { ageOn, parseInstant, shanghaiDate } from '$lib/domain/dates';
import { toAsciiDigits } from '$lib/domain/digits';
import { BASES_WITH_VALID_UNTIL, DECLARANTS, type StayBasis } from '$lib/domain/declaration-choices';
import type { Finding } from '$lib/domain/rules';
import type { PassportMarks } from './passport-fill';

export const STEPS = ['declarant', 'document', 'person', 'stay', 'accommodation', 'host', 'guardian', 'contact'] as const;
export type StepName = (typeof STEPS)[number];
export type Values = Record<string, string>;
export type AllValues = Partial<Record<StepName, Values>>;

export interface Submission {
	reference: string;
	/** Cleared once the confirmation page has shown it. */
	accessCode: string | null;
	status: string;
	findings: Finding[];
	receiptToken: string | null;
	emailed: boolean;
	/** Set once the confirmation page has been shown (a repeat of an earlier declaration has no code to clear). */
	shown?: boolean;
}

export interface DraftData {
	consent: boolean;
	values: AllValues;
	submission?: Submission;
	/** The early warnings last shown on each step (step-warnings.ts): the same ones again do not hold the resident up. */
	warned?: Partial<Record<StepName, string>>;
	/** The passport as read from its lines (photo or typed): what it filled, and the last photo reading's outcome. */
	passport?: { marks: PassportMarks; outcome?: PassportReadOutcome };
}

/** What the document step tells the resident after "Fill in from the photo". */
export type PassportReadOutcome = 'read' | 'not_found' | 'unreadable' | 'busy';

export const ADDRESS_NOT_LISTED = 'not-listed';

/** Date fields are three numeric inputs each: `<name>-day`, `<name>-month`, `<name>-year`. */
export const DATE_FIELDS: Partial<Record<StepName, readonly string[]>> = {
	document: ['expiryDate'],
	person: ['dateOfBirth'],
	stay: ['validUntil', 'entryDate'],
	accommodation: ['checkIn', 'checkOut']
};

/** Fields read with other digit systems as ASCII (besides every date's and time's parts). */
const NUMERIC_FIELDS: Partial<Record<StepName, readonly string[]>> = {
	document: ['number', 'mrz'],
	stay: ['permitNumber'],
	host: ['idNumber', 'phone'],
	guardian: ['phone'],
	contact: ['phone']
};

/** Whether an input of this step holds a number (date part, time, phone, ID, document number, MRZ). */
export function isNumericInput(step: StepName, name: string): boolean {
	const date = /^(.+)-(day|month|year|time)$/.exec(name);
	if (date) return DATE_FIELDS[step]?.includes(date[1]) ?? false;
	return NUMERIC_FIELDS[step]?.includes(name) ?? false;
}

/**
 * The answers with Arabic-Indic, Urdu, Thai and full-width digits (and full-width separators) in
 * numeric inputs read as ASCII: what is saved, checked and shown back (digits.ts).
 */
export function normaliseDigits(step: StepName, values: Values): Values {
	const out: Values = {};
	for (const [name, value] of Object.entries(values)) out[name] = isNumericInput(step, name) ? toAsciiDigits(value) : value;
	return out;
}

/** In the browser: a numeric input just left shows its value with ASCII digits (what the server keeps). */
export function showAsciiDigits(step: StepName, input: HTMLInputElement | HTMLTextAreaElement): void {
	if (!isNumericInput(step, input.name)) return;
	const ascii = toAsciiDigits(input.value);
	if (ascii === input.value) return;
	input.value = ascii;
	input.dispatchEvent(new Event('input', { bubbles: true })); // bound values follow
}

export function isStep(value: string): value is StepName {
	return (STEPS as readonly string[]).includes(value);
}

function blank(value: string | undefined): boolean {
	return value === undefined || value.trim() === '';
}

/**
 * 'YYYY-MM-DD' from three inputs; undefined when all three are empty. Anything that is not a
 * real date becomes a string the schema rejects as `invalid_date`, so the message is the schema's.
 */
export function dateFrom(values: Values, name: string): string | undefined {
	const [d, m, y] = ['day', 'month', 'year'].map((p) => (values[`${name}-${p}`] ?? '').trim());
	if (!d && !m && !y) return undefined;
	if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
	return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

/** The three inputs of a date field from 'YYYY-MM-DD' (used when the MRZ fills a date). */
export function datePartsOf(name: string, iso: string): Values {
	return { [`${name}-day`]: String(Number(iso.slice(8, 10))), [`${name}-month`]: String(Number(iso.slice(5, 7))), [`${name}-year`]: iso.slice(0, 4) };
}

/** Check-in: a date and a 24-hour time, read as Asia/Shanghai time (no offset). */
export function checkInFrom(values: Values): string | undefined {
	const date = dateFrom(values, 'checkIn');
	const time = (values['checkIn-time'] ?? '').trim();
	if (date === undefined && !time) return undefined;
	return `${date ?? ''}T${/^\d{1,2}:\d{2}$/.test(time) ? time.padStart(5, '0') : 'invalid'}`;
}

const opt = (value: string | undefined): string | undefined => (blank(value) ? undefined : value);

/** One step's answers in the shape of the shared schema (DESIGN.md §5). */
export function sectionOf(step: StepName, v: Values): Record<string, unknown> | undefined {
	switch (step) {
		case 'declarant':
			return { declarant: opt(v.declarant) };
		case 'document':
			return { type: opt(v.type), number: v.number ?? '', expiryDate: dateFrom(v, 'expiryDate'), mrz: opt(v.mrz), photoUploadId: opt(v.photoUploadId) };
		case 'person':
			return { surname: v.surname ?? '', givenNames: v.givenNames ?? '', sex: opt(v.sex), dateOfBirth: dateFrom(v, 'dateOfBirth'), nationality: opt(v.nationality) };
		case 'stay': {
			const basis = opt(v.basis) as StayBasis | undefined;
			// Fields that do not belong to the chosen basis are dropped rather than refused: without
			// JavaScript every field is on the page, and a value left from an earlier choice is no error.
			return {
				basis,
				visaType: basis === 'visa' ? opt(v.visaType) : undefined,
				permitNumber: opt(v.permitNumber?.toUpperCase()),
				validUntil: basis && BASES_WITH_VALID_UNTIL.has(basis) ? dateFrom(v, 'validUntil') : undefined,
				entryDate: dateFrom(v, 'entryDate')
			};
		}
		case 'accommodation': {
			const choice = opt(v.addressId);
			return {
				addressId: choice === ADDRESS_NOT_LISTED ? undefined : choice,
				addressText: choice === ADDRESS_NOT_LISTED ? (opt(v.addressText) ?? '') : undefined,
				unit: opt(v.unit),
				kind: opt(v.kind),
				checkIn: checkInFrom(v),
				checkOut: dateFrom(v, 'checkOut')
			};
		}
		case 'host':
			return { name: v.name ?? '', idType: opt(v.idType), idNumber: v.idNumber ?? '', phone: v.phone ?? '', relationship: opt(v.relationship) };
		case 'guardian':
			// optional as a whole: an empty page means no guardian is named
			if (['name', 'phone', 'relationship'].every((k) => blank(v[k]))) return undefined;
			return { name: v.name ?? '', phone: v.phone ?? '', relationship: opt(v.relationship) };
		case 'contact':
			return { phone: opt(v.phone), email: opt(v.email) };
	}
}

export function declarantError(v: Values): string | undefined {
	if (blank(v.declarant)) return 'required';
	return (DECLARANTS as readonly string[]).includes(v.declarant) ? undefined : 'invalid_choice';
}

/** Steps that apply to these answers: no host for an owned home, a guardian only for a minor. */
export function applicableSteps(values: AllValues, now: Date): StepName[] {
	return STEPS.filter((step) => {
		if (step === 'host') return values.accommodation?.kind !== 'owned';
		if (step === 'guardian') return isMinor(values, now);
		return true;
	});
}

export function isMinor(values: AllValues, now: Date): boolean {
	const dob = dateFrom(values.person ?? {}, 'dateOfBirth');
	if (!dob || dob === 'invalid' || !/^\d{4}-\d{2}-\d{2}$/.test(dob)) return false;
	const checkIn = parseInstant(checkInFrom(values.accommodation ?? {}) ?? '');
	return ageOn(dob, shanghaiDate(checkIn ?? now)) < 18;
}

/** The id of the control an error about `path` (within the step) should lead to. */
export function fieldId(step: StepName, path: string): string {
	const field = path.split('.')[0] ?? '';
	if (DATE_FIELDS[step]?.includes(field)) return `${field}-day`;
	if (step === 'document' && field === 'photoUploadId') return 'photo';
	if (step === 'accommodation' && field === 'addressId') return 'address-search';
	if (step === 'contact' && field === '') return 'phone';
	if (step === 'declarant') return 'declarant';
	return field || 'main';
}

/** Each step's fields in the order the page shows them, with the key of the label they carry. */
const FIELD_LABELS: Record<StepName, readonly (readonly [field: string, key: string])[]> = {
	declarant: [['declarant', 'declare.declarant.legend']],
	document: [
		['photoUploadId', 'declare.document.photo'],
		['type', 'declare.document.type'],
		['mrz', 'declare.document.mrz'],
		['number', 'declare.document.number'],
		['expiryDate', 'declare.document.expiryDate']
	],
	person: [
		['surname', 'declare.person.surname'],
		['givenNames', 'declare.person.givenNames'],
		['sex', 'declare.person.sex'],
		['dateOfBirth', 'declare.person.dateOfBirth'],
		['nationality', 'declare.person.nationality']
	],
	stay: [
		['basis', 'declare.stay.basis'],
		['visaType', 'declare.stay.visaType'],
		['permitNumber', 'declare.stay.permitNumber'],
		['validUntil', 'declare.stay.validUntil'],
		['entryDate', 'declare.stay.entryDate']
	],
	accommodation: [
		['addressId', 'declare.accommodation.address'],
		['addressText', 'declare.accommodation.addressText'],
		['unit', 'declare.accommodation.unit'],
		['kind', 'declare.accommodation.kind'],
		['checkIn', 'declare.accommodation.checkIn'],
		['checkOut', 'declare.accommodation.checkOut']
	],
	host: [
		['name', 'declare.host.name'],
		['idType', 'declare.host.idType'],
		['idNumber', 'declare.host.idNumber'],
		['phone', 'declare.host.phone'],
		['relationship', 'declare.host.relationship']
	],
	guardian: [
		['name', 'declare.guardian.name'],
		['phone', 'declare.guardian.phone'],
		['relationship', 'declare.guardian.relationship']
	],
	// '' is the step as a whole (neither a phone nor an e-mail): it leads to the phone
	contact: [
		['', 'declare.contact.phone'],
		['phone', 'declare.contact.phone'],
		['email', 'declare.contact.email']
	]
};

export interface SummaryItem {
	id: string;
	label?: string;
	message: string;
	href?: string;
}
type Translate = (key: string) => string;

/** Where a field stands on its page (unknown fields last), and the key of its label. */
function placeOf(step: StepName, path: string): { rank: number; key?: string } {
	const field = path.split('.')[0] ?? '';
	const rank = FIELD_LABELS[step].findIndex(([f]) => f === field);
	return rank < 0 ? { rank: FIELD_LABELS[step].length } : { rank, key: FIELD_LABELS[step][rank][1] };
}

/** A step's error summary: each error named by its field's label, in the page's order. */
export function stepSummary(step: StepName, codes: Record<string, string>, t: Translate): SummaryItem[] {
	return Object.entries(codes)
		.map(([path, code]) => ({ path, code, ...placeOf(step, path) }))
		.sort((a, b) => a.rank - b.rank)
		.map(({ path, code, key }) => ({ id: fieldId(step, path), label: key ? t(key) : undefined, message: t(`validation.${code}`) }));
}

/** The check page's summary: every error of the declaration, step by step in the journey's order. */
export function declarationSummary(problems: readonly { path: string; code: string }[], base: string, t: Translate): SummaryItem[] {
	return problems
		.map(({ path, code }) => {
			const where = locate(path);
			const step = where.step === 'start' ? undefined : where.step;
			const place = step ? placeOf(step, path.split('.').slice(1).join('.')) : { rank: 0, key: undefined };
			// a whole section missing (host_required) is named by the section's title
			const key = place.key ?? (step && !path.includes('.') && step !== 'declarant' ? `declare.${step}.title` : step === 'declarant' ? 'declare.declarant.legend' : undefined);
			const href = step ? `${base}/${step}?change=1#${where.id}` : base;
			return { order: (step ? STEPS.indexOf(step) + 1 : 0) * 100 + place.rank, item: { id: where.id, href, label: key ? t(key) : undefined, message: t(`validation.${code}`) } };
		})
		.sort((a, b) => a.order - b.order)
		.map((x) => x.item);
}

/** The step and field a full-declaration error path (e.g. `person.dateOfBirth`) belongs to. */
export function locate(path: string): { step: StepName | 'start'; id: string } {
	const [head, ...rest] = path.split('.');
	if (head === 'consent') return { step: 'start', id: 'consent' };
	if (head === 'declarant' || head === 'language') return { step: 'declarant', id: 'declarant' };
	if (isStep(head)) return { step: head, id: fieldId(head, rest.join('.')) };
	return { step: 'contact', id: 'main' };
}
