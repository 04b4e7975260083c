// Test data shared by unit tests, integration tests and the benchmark: a declaration that passes
// makeDeclarationSchema(now) and that rule set v1 approves with no findings, given a registry
// address of kind 'residential', FRA on the visa-free list and room for one more occupant.

import { cnIdCheckChar } from './cn-id';
import { addDays, formatShanghaiInstant, isValidIsoDate, shanghaiDate } from './dates';
import type { DeclarationInput } from './declaration';
import { buildTd3 } from './mrz';

/** Placeholders: integration tests override them with ids that exist in their database. */
export const FIXTURE_ADDRESS_ID = '01JANJUFIXTUREADDRESS00001';
export const FIXTURE_UPLOAD_ID = '01JANJUFIXTUREUPLOAD000001';

type Sections = Omit<DeclarationInput, 'declarant' | 'language' | 'consent'>;
/** Top-level fields replace; sections merge key by key; an explicit undefined removes the key or section. */
export type DeclarationOverrides = Partial<Pick<DeclarationInput, 'declarant' | 'language' | 'consent'>> & {
	[K in keyof Sections]?: Partial<NonNullable<Sections[K]>> | undefined;
};

const HOST_ID_FIRST17 = '11010519850312002';
const MRZ_NUMBER = /^[A-Z0-9]{1,9}$/;
const MRZ_NATIONALITY = /^[A-Z]{1,3}$/;

function merge(base: Record<string, unknown> | undefined, patch: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) delete out[key];
		else out[key] = value;
	}
	return out;
}

/** The document number for a seed: distinct for seeds 0 … 9 999 999. */
export function fixtureDocumentNumber(seed: number): string {
	return 'FR' + String(Math.abs(Math.trunc(seed)) % 10_000_000).padStart(7, '0');
}

/**
 * A valid, approvable declaration: a French passport holder, visa-free, checked in two hours
 * before `now` at a registry address, renting from a host. `seed` varies the document number,
 * unit and e-mail so many can be submitted without duplicates or over-occupancy.
 * The MRZ is rebuilt from the final fields unless `overrides.document.mrz` is given.
 */
export function validDeclaration(now: Date, overrides: DeclarationOverrides = {}, seed = 0): DeclarationInput {
	const checkIn = new Date(now.getTime() - 2 * 60 * 60 * 1000);
	const checkInDate = shanghaiDate(checkIn);
	const base: DeclarationInput = {
		declarant: 'self',
		language: 'en',
		person: { surname: 'DUPONT', givenNames: 'MARIE CLAIRE', sex: 'F', dateOfBirth: '1990-04-02', nationality: 'FRA' },
		document: {
			type: 'passport',
			number: fixtureDocumentNumber(seed),
			expiryDate: addDays(shanghaiDate(now), 5 * 365),
			photoUploadId: FIXTURE_UPLOAD_ID
		},
		stay: { basis: 'visa_free', entryDate: addDays(checkInDate, -3) },
		accommodation: {
			addressId: FIXTURE_ADDRESS_ID,
			unit: `Bldg ${1 + (seed % 50)}, Room ${seed}`,
			kind: 'rented',
			checkIn: formatShanghaiInstant(checkIn),
			checkOut: addDays(checkInDate, 20)
		},
		host: {
			name: 'WANG FANG',
			idType: 'cn_resident_id',
			idNumber: HOST_ID_FIRST17 + cnIdCheckChar(HOST_ID_FIRST17),
			phone: '13812345678',
			relationship: 'landlord'
		},
		contact: { phone: '+33 6 12 34 56 78', email: `marie.dupont.${seed}@example.org` },
		consent: true
	};

	const out: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) delete out[key];
		else if (typeof value === 'object' && value !== null && !Array.isArray(value)) out[key] = merge(out[key] as Record<string, unknown> | undefined, value as Record<string, unknown>);
		else out[key] = value;
	}
	const declaration = out as DeclarationInput;
	if (!(overrides.document !== undefined && 'mrz' in overrides.document)) {
		const mrz = mrzFor(declaration);
		if (mrz === undefined) delete declaration.document.mrz;
		else declaration.document = { ...declaration.document, mrz };
	}
	return declaration;
}

// The MRZ matching the typed fields, when they can be written as one.
function mrzFor(d: DeclarationInput): string | undefined {
	const { person, document } = d as Partial<DeclarationInput>;
	if (
		person === undefined ||
		document === undefined ||
		typeof person.surname !== 'string' ||
		typeof person.givenNames !== 'string' ||
		!['M', 'F', 'X'].includes(person.sex) ||
		typeof document.number !== 'string' ||
		typeof person.nationality !== 'string' ||
		typeof person.dateOfBirth !== 'string' ||
		typeof document.expiryDate !== 'string' ||
		!MRZ_NUMBER.test(document.number) ||
		!MRZ_NATIONALITY.test(person.nationality) ||
		!isValidIsoDate(person.dateOfBirth) ||
		!isValidIsoDate(document.expiryDate)
	)
		return undefined;
	return buildTd3({
		issuingState: person.nationality,
		surname: person.surname,
		givenNames: person.givenNames,
		documentNumber: document.number,
		nationality: person.nationality,
		dateOfBirth: person.dateOfBirth,
		sex: person.sex,
		expiryDate: document.expiryDate
	});
}
