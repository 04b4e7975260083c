// Rule set v1 (DESIGN.md §6.2): turns a valid declaration into findings and a status.
// Runs on every submission, so it stays allocation-light: no zod, no Intl, regexes compiled once.

import { addDays, ageOn, parseInstant, shanghaiDate } from './dates';
import type { DeclarationInput, StayInput, VisaType } from './declaration';
import { parseTd3, toMrzName, type Td3Fields } from './mrz';
import { STATELESS_OR_REFUGEE_CODES } from './nationalities';

export const RULE_SET_VERSION = '1';

export const FINDING_CODES = [
	'MRZ_MISMATCH',
	'DOCUMENT_EXPIRED',
	'DOCUMENT_EXPIRES_DURING_STAY',
	'PERMISSION_EXPIRED',
	'PERMISSION_ENDS_DURING_STAY',
	'VISA_FREE_NOT_ELIGIBLE',
	'LATE_REGISTRATION',
	'LATE_REGISTRATION_SERIOUS',
	'RESIDENCE_PERMIT_OVERDUE',
	'PERMIT_CHANGE_REMINDER',
	'ADDRESS_NOT_IN_REGISTRY',
	'HOTEL_ADDRESS',
	'OVER_OCCUPANCY',
	'MINOR_WITHOUT_GUARDIAN',
	'STATELESS_OR_REFUGEE',
	'DOCUMENT_IN_USE',
	'ROUTINE_CHECK',
	'WATCHLIST'
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'review' | 'notice';

export const FINDINGS: Record<FindingCode, { severity: Severity; hidden: boolean }> = {
	MRZ_MISMATCH: { severity: 'review', hidden: false },
	DOCUMENT_EXPIRED: { severity: 'review', hidden: false },
	DOCUMENT_EXPIRES_DURING_STAY: { severity: 'notice', hidden: false },
	PERMISSION_EXPIRED: { severity: 'review', hidden: false },
	PERMISSION_ENDS_DURING_STAY: { severity: 'notice', hidden: false },
	VISA_FREE_NOT_ELIGIBLE: { severity: 'review', hidden: false },
	LATE_REGISTRATION: { severity: 'notice', hidden: false },
	LATE_REGISTRATION_SERIOUS: { severity: 'review', hidden: false },
	RESIDENCE_PERMIT_OVERDUE: { severity: 'review', hidden: false },
	PERMIT_CHANGE_REMINDER: { severity: 'notice', hidden: false },
	ADDRESS_NOT_IN_REGISTRY: { severity: 'review', hidden: false },
	HOTEL_ADDRESS: { severity: 'review', hidden: false },
	OVER_OCCUPANCY: { severity: 'review', hidden: false },
	MINOR_WITHOUT_GUARDIAN: { severity: 'review', hidden: false },
	STATELESS_OR_REFUGEE: { severity: 'review', hidden: false },
	DOCUMENT_IN_USE: { severity: 'review', hidden: false },
	ROUTINE_CHECK: { severity: 'review', hidden: false },
	// the resident must not learn that a watch list exists: they see a routine check (visibleFindings)
	WATCHLIST: { severity: 'review', hidden: true }
};

/** The codes a resident, the API and its document may name (never a hidden one). */
export const RESIDENT_FINDING_CODES: readonly FindingCode[] = FINDING_CODES.filter((code) => !FINDINGS[code].hidden);

/** What residents see for a hidden finding: exactly what a routine check shows. */
const HIDDEN_AS: Finding = { code: 'ROUTINE_CHECK', severity: 'review' };

export type Finding = { code: FindingCode; severity: Severity };
export type DeclarationStatus = 'approved' | 'pending_review';
export type Decision = { status: DeclarationStatus; findings: Finding[] };

export type AddressKind = 'residential' | 'hotel' | 'dormitory' | 'office';

export type RuleContext = {
	now: Date;
	/** The registry entry of accommodation.addressId; null when addressText was used. */
	address: { kind: AddressKind } | null;
	visaFreeNationalities: ReadonlySet<string>;
	transitNationalities: ReadonlySet<string>;
	/** Other people with current approved or pending declarations at the same address and unit, not counting this one. */
	currentOccupants: number;
	maxForeignOccupants: number;
	/** Someone else (another surname, given names, sex or birth date) holds a current declaration with this document number + nationality. */
	documentInUse: boolean;
	watchlistHit: boolean;
	/** The random draw for a routine check came up (made by the caller, so the checker stays pure). */
	routineCheck: boolean;
};

const HOUR_MS = 60 * 60 * 1000;
const LATE_AFTER_MS = 24 * HOUR_MS;
const SERIOUSLY_LATE_AFTER_MS = 96 * HOUR_MS;
const RESIDENCE_PERMIT_DAYS = 30; // art. 30
const VISA_FREE_DAYS = 30;
const TRANSIT_DAYS = 10;
const ADULT_AGE = 18;
// visa types whose holders must apply for a residence permit within 30 days of entry
const RESIDENCE_PERMIT_VISAS: ReadonlySet<VisaType> = new Set(['Z', 'X1', 'S1', 'Q1', 'J1']);

/** Last day the stay is allowed; undefined when the declaration lacks the date it needs. */
export function permissionEnd(stay: StayInput): string | undefined {
	switch (stay.basis) {
		case 'visa':
		case 'residence_permit':
		case 'permanent_residence':
			return stay.validUntil;
		case 'visa_free':
			return stay.entryDate === undefined ? undefined : addDays(stay.entryDate, VISA_FREE_DAYS);
		case 'transit_visa_free':
			return stay.entryDate === undefined ? undefined : addDays(stay.entryDate, TRANSIT_DAYS);
	}
}

const NON_ALNUM = /[^A-Z0-9]/g;
const FILLER = /</g;
const SPACES = / /g;

const NAME_FIELD_LENGTH = 39;
const TRAILING_FILLER = /<+$/;

function compact(name: string, expand: boolean): string {
	return toMrzName(name, expand).replace(FILLER, '');
}

// The name field as the issuer would have written it from the typed names.
function nameField(surname: string, givenNames: string, expand: boolean): string {
	const given = toMrzName(givenNames, expand);
	const field = toMrzName(surname, expand) + (given === '' ? '' : '<<' + given);
	return field.slice(0, NAME_FIELD_LENGTH).replace(TRAILING_FILLER, '');
}

// Initials or cut words: each MRZ word starts the typed word in the same place.
function wordsStart(mrz: string, typed: string, expand: boolean): boolean {
	const mrzWords = mrz === '' ? [] : mrz.split(' ');
	const typedWords = toMrzName(typed, expand).split('<');
	return mrzWords.length <= typedWords.length && mrzWords.every((w, i) => typedWords[i].startsWith(w));
}

function namesMatch(mrz: Td3Fields, line1: string, person: DeclarationInput['person']): boolean {
	for (const expand of [true, false]) {
		if (compact(person.surname, expand) === mrz.surname.replace(SPACES, '') && compact(person.givenNames, expand) === mrz.givenNames.replace(SPACES, '')) return true;
		// long names are cut at 39 characters
		if (nameField(person.surname, person.givenNames, expand) === line1.slice(5).replace(TRAILING_FILLER, '')) return true;
		if (mrz.nameTruncated && wordsStart(mrz.surname, person.surname, expand) && wordsStart(mrz.givenNames, person.givenNames, expand)) return true;
	}
	return false;
}

// Germany writes D where everyone else writes the alpha-3 code
function sameNationality(mrz: string, typed: string): boolean {
	return mrz === typed || (mrz === 'D' && typed === 'DEU') || (mrz === 'DEU' && typed === 'D');
}

// The MRZ has no century (a 1920 birth reads as 2020), so only the six digits are compared.
function sameYymmdd(mrz: string | null, typed: string): boolean {
	return mrz !== null && mrz.slice(2) === typed.slice(2);
}

/** What can differ between the MRZ and the typed answers, by the answer's path. */
export type MrzField = 'document.number' | 'person.nationality' | 'person.dateOfBirth' | 'person.sex' | 'document.expiryDate' | 'person.names';

/** The typed answers that differ from the MRZ (names compared as an issuer would write them). */
export function mrzDifferences(mrz: Td3Fields, line1: string, declaration: Pick<DeclarationInput, 'person' | 'document'>): MrzField[] {
	const { person, document } = declaration;
	const typedNumber = document.number.toUpperCase().replace(NON_ALNUM, '');
	// numbers longer than 9 characters continue in the optional-data field
	const numberOk = typedNumber.length > 9 ? typedNumber.startsWith(mrz.documentNumber) : typedNumber === mrz.documentNumber;
	const differs: MrzField[] = [];
	if (!numberOk) differs.push('document.number');
	if (!namesMatch(mrz, line1, person)) differs.push('person.names');
	if (!sameYymmdd(mrz.dateOfBirth, person.dateOfBirth)) differs.push('person.dateOfBirth');
	if (mrz.sex !== person.sex) differs.push('person.sex');
	if (!sameNationality(mrz.nationality, person.nationality)) differs.push('person.nationality');
	if (!sameYymmdd(mrz.expiryDate, document.expiryDate)) differs.push('document.expiryDate');
	return differs;
}

/** The MRZ fields differ from what was typed (the MRZ_MISMATCH finding). */
export function mrzDiffers(mrz: Td3Fields, line1: string, declaration: DeclarationInput): boolean {
	return mrzDifferences(mrz, line1, declaration).length > 0;
}

/** Rule set v1. Expects input that passed makeDeclarationSchema. */
export function checkDeclaration(declaration: DeclarationInput, context: RuleContext): Decision {
	const { person, document, stay, accommodation } = declaration;
	const checkIn = parseInstant(accommodation.checkIn);
	if (checkIn === undefined) throw new RangeError('checkIn is not a valid instant; validate first');
	const checkInDate = shanghaiDate(checkIn);
	const checkOut = accommodation.checkOut;
	const codes: FindingCode[] = [];

	if (document.mrz !== undefined) {
		const parsed = parseTd3(document.mrz, context.now);
		if (parsed.ok && mrzDiffers(parsed.fields, parsed.lines[0], declaration)) codes.push('MRZ_MISMATCH');
	}

	if (document.expiryDate < checkInDate) codes.push('DOCUMENT_EXPIRED');
	else if (checkOut !== undefined && document.expiryDate < checkOut) codes.push('DOCUMENT_EXPIRES_DURING_STAY');

	const end = permissionEnd(stay);
	if (end !== undefined) {
		if (end < checkInDate) codes.push('PERMISSION_EXPIRED');
		else if (checkOut !== undefined && end < checkOut) codes.push('PERMISSION_ENDS_DURING_STAY');
	}

	if ((stay.basis === 'visa_free' && !context.visaFreeNationalities.has(person.nationality)) || (stay.basis === 'transit_visa_free' && !context.transitNationalities.has(person.nationality)))
		codes.push('VISA_FREE_NOT_ELIGIBLE');

	const delay = context.now.getTime() - checkIn.getTime();
	if (delay > SERIOUSLY_LATE_AFTER_MS) codes.push('LATE_REGISTRATION_SERIOUS');
	else if (delay > LATE_AFTER_MS) codes.push('LATE_REGISTRATION');

	if (stay.basis === 'visa' && stay.visaType !== undefined && RESIDENCE_PERMIT_VISAS.has(stay.visaType) && stay.entryDate !== undefined && checkInDate > addDays(stay.entryDate, RESIDENCE_PERMIT_DAYS))
		codes.push('RESIDENCE_PERMIT_OVERDUE');

	if (stay.basis === 'residence_permit') codes.push('PERMIT_CHANGE_REMINDER');

	// an unknown addressId is refused before the rules run, so null means free text
	if (context.address === null) codes.push('ADDRESS_NOT_IN_REGISTRY');
	else if (context.address.kind === 'hotel') codes.push('HOTEL_ADDRESS');

	if (context.currentOccupants + 1 > context.maxForeignOccupants) codes.push('OVER_OCCUPANCY');

	if (declaration.declarant === 'self' && declaration.guardian === undefined && ageOn(person.dateOfBirth, checkInDate) < ADULT_AGE) codes.push('MINOR_WITHOUT_GUARDIAN');

	if (STATELESS_OR_REFUGEE_CODES.has(person.nationality)) codes.push('STATELESS_OR_REFUGEE');

	if (context.documentInUse) codes.push('DOCUMENT_IN_USE');

	// Drawn only for declarations that would otherwise be approved; a watch-list hit shows residents
	// this very finding instead (visibleFindings), so the two cannot be told apart.
	if (context.watchlistHit) codes.push('WATCHLIST');
	else if (context.routineCheck && !codes.some((code) => FINDINGS[code].severity === 'review')) codes.push('ROUTINE_CHECK');

	const findings = codes.map((code) => ({ code, severity: FINDINGS[code].severity }));
	const status = findings.some((f) => f.severity === 'review') ? 'pending_review' : 'approved';
	return { status, findings };
}

/**
 * The findings the resident may see. A hidden one (WATCHLIST) becomes a ROUTINE_CHECK at the end,
 * where the draw puts it, unless a visible review finding already explains the review (a routine
 * check is only drawn for declarations that would otherwise be approved).
 */
export function visibleFindings(findings: readonly Finding[]): Finding[] {
	const visible = findings.filter((f) => !FINDINGS[f.code].hidden);
	if (visible.length === findings.length || visible.some((f) => f.severity === 'review')) return visible;
	return [...visible, HIDDEN_AS];
}
