// The declaration body of POST /api/v1/declarations (DESIGN.md §5) and every 6.1 rule on it.
// The same schemas validate the API, each step of the web form and the OpenAPI document, so
// every issue message is a stable code (translated elsewhere as `validation.<code>`).

import * as z from 'zod';
import { isCnResidentId, isForeignPermanentResidentId } from './cn-id';
import { ageOn, isValidIsoDate, parseInstant, shanghaiDate } from './dates';
import { toAsciiDigits } from './digits';
import { parseTd3, requiredChecksPass } from './mrz';
import { isNationality } from './nationalities';

export * from './declaration-codes';
import { codeFor } from './declaration-codes';

export * from './declaration-choices';
import {
	DECLARANTS,
	LANGUAGES,
	SEXES,
	DOCUMENT_TYPES,
	STAY_BASES,
	VISA_TYPES,
	ACCOMMODATION_KINDS,
	HOST_ID_TYPES,
	HOST_RELATIONSHIPS,
	GUARDIAN_RELATIONSHIPS,
	BASES_WITH_VALID_UNTIL,
	BASES_WITH_ENTRY_DATE,
	type StayBasis
} from './declaration-choices';

const CHECK_IN_MAX_AHEAD_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_AGE = 120;

const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const DIGIT = /\d/g;
const ID = /^[A-Za-z0-9_-]+$/;
const DOCUMENT_NUMBER = /^[A-Z0-9]+$/;
const PERMIT_NUMBER = /^[A-Z0-9-]+$/;
const HOST_PASSPORT = /^[A-Z0-9]{5,20}$/;
// Characters no name or address holds, which would make stored text read differently from what it
// is (shown reversed, or two texts that look alike): C0 and C1 controls, bidi embeddings,
// overrides and isolates, zero-width characters, the byte-order mark and lone surrogate halves.
// Letters and combining marks of every script stay allowed.
const INVISIBLE_OR_CONTROL =
	// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
	/[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether free text is free of controls, bidi and zero-width characters and lone surrogates. */
export function isCleanText(value: string): boolean {
	return !INVISIBLE_OR_CONTROL.test(value);
}
// the static host schema cannot know today; the now-aware one rejects future birth dates
const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');

const E = { error: codeFor };
const always = { when: (): boolean => true };

function blankToUndefined(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const trimmed = value.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** An optional field; a blank string (what an empty form field posts) counts as absent. */
function optional<T extends z.ZodType>(schema: T): z.ZodPreprocess<z.ZodOptional<T>, unknown> {
	return z.preprocess(blankToUndefined, schema.optional());
}

function text(max: number): z.ZodString {
	return z.string(E).trim().min(1, E).max(max, E).refine(isCleanText, { error: 'invalid_characters' });
}

// Numeric fields (dates, times, phones, ID, document and permit numbers, the MRZ) read other
// digit systems and full-width separators as ASCII before any other rule (digits.ts).
function numeric(): z.ZodString {
	return z.string(E).overwrite(toAsciiDigits);
}

function isoDate(): z.ZodString {
	return numeric().trim().max(10, { error: 'invalid_date', abort: true }).refine(isValidIsoDate, { error: 'invalid_date' });
}

function id(): z.ZodString {
	return z.string(E).trim().min(1, E).max(64, E).regex(ID, E);
}

function isPhone(value: string): boolean {
	return PHONE.test(value) && (value.match(DIGIT)?.length ?? 0) >= 6;
}

function phone(): z.ZodString {
	return numeric().trim().min(1, E).max(20, { error: 'invalid_phone', abort: true }).refine(isPhone, { error: 'invalid_phone' });
}

function choice<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }> {
	return z.enum(values, E);
}

// Loose reading of a value that may not have passed its own schema (refinements run anyway).
type Loose = Record<string, unknown> | undefined;
function obj(value: unknown): Loose {
	return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}
function str(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
function validDate(value: unknown): string | undefined {
	return typeof value === 'string' && isValidIsoDate(value) ? value : undefined;
}

// ---- steps (static rules: everything that does not depend on "now") ----

export const person = z.strictObject(
	{
		surname: text(100),
		// may be empty: some passports carry a single name
		givenNames: z.string(E).trim().max(100, E).refine(isCleanText, { error: 'invalid_characters' }),
		sex: choice(SEXES),
		dateOfBirth: isoDate(),
		nationality: z.string(E).trim().toUpperCase().max(3, { error: 'invalid_nationality', abort: true }).refine(isNationality, { error: 'invalid_nationality' })
	},
	E
);

export const document = z.strictObject(
	{
		type: choice(DOCUMENT_TYPES),
		number: numeric().trim().toUpperCase().min(1, E).max(20, E).regex(DOCUMENT_NUMBER, E),
		expiryDate: isoDate(),
		mrz: optional(
			numeric()
				.max(120, { error: 'mrz_format', abort: true })
				.superRefine((value, ctx) => {
					const parsed = parseTd3(value);
					if (!parsed.ok) ctx.addIssue({ code: 'custom', message: 'mrz_format', params: { errors: parsed.errors } });
					else if (!requiredChecksPass(parsed.checks)) ctx.addIssue({ code: 'custom', message: 'mrz_check_digit', params: { checks: parsed.checks } });
				})
		),
		photoUploadId: id()
	},
	E
);

export const stay = z
	.strictObject(
		{
			basis: choice(STAY_BASES),
			visaType: optional(choice(VISA_TYPES)),
			permitNumber: optional(numeric().toUpperCase().max(30, E).regex(PERMIT_NUMBER, E)),
			validUntil: optional(isoDate()),
			entryDate: optional(isoDate())
		},
		E
	)
	.superRefine((value: unknown, ctx) => {
		const v = obj(value);
		const basis = str(v?.basis) as StayBasis | undefined;
		if (basis === undefined || !(STAY_BASES as readonly string[]).includes(basis)) return;
		const expect = (field: string, wanted: boolean): void => {
			const present = v?.[field] !== undefined;
			if (wanted && !present) ctx.addIssue({ code: 'custom', message: 'required', path: [field] });
			if (!wanted && present) ctx.addIssue({ code: 'custom', message: 'not_applicable', path: [field] });
		};
		expect('visaType', basis === 'visa');
		expect('validUntil', BASES_WITH_VALID_UNTIL.has(basis));
		if (BASES_WITH_ENTRY_DATE.has(basis)) expect('entryDate', true);
	}, always);

export const accommodation = z
	.strictObject(
		{
			addressId: optional(id()),
			addressText: optional(text(300)),
			unit: optional(text(100)),
			kind: choice(ACCOMMODATION_KINDS),
			checkIn: numeric()
				.trim()
				.min(1, E)
				.max(40, { error: 'invalid_datetime', abort: true })
				.refine((v) => parseInstant(v) !== undefined, { error: 'invalid_datetime' }),
			checkOut: optional(isoDate())
		},
		E
	)
	.superRefine((value: unknown, ctx) => {
		const v = obj(value);
		const hasId = v?.addressId !== undefined;
		const hasText = v?.addressText !== undefined;
		if (!hasId && !hasText) ctx.addIssue({ code: 'custom', message: 'address_required', path: ['addressId'] });
		if (hasId && hasText) ctx.addIssue({ code: 'custom', message: 'address_conflict', path: ['addressText'] });
		const checkIn = parseInstant(str(v?.checkIn) ?? '');
		const checkOut = validDate(v?.checkOut);
		if (checkIn !== undefined && checkOut !== undefined && checkOut < shanghaiDate(checkIn)) ctx.addIssue({ code: 'custom', message: 'checkout_before_checkin', path: ['checkOut'] });
	}, always);

/** Host step; an ID birth date in the future is caught by the now-aware schemas. */
export const host = z
	.strictObject(
		{
			name: text(100),
			idType: choice(HOST_ID_TYPES),
			idNumber: numeric().trim().toUpperCase().min(1, E).max(30, E),
			phone: phone(),
			relationship: choice(HOST_RELATIONSHIPS)
		},
		E
	)
	.superRefine((value: unknown, ctx) => {
		const v = obj(value);
		const number = str(v?.idNumber);
		if (number === undefined || number === '' || number.length > 30) return;
		const path = ['idNumber'];
		if (v?.idType === 'cn_resident_id' && !isCnResidentId(number, FAR_FUTURE)) ctx.addIssue({ code: 'custom', message: 'invalid_cn_id', path });
		if (v?.idType === 'foreign_permanent_resident_id' && !isForeignPermanentResidentId(number, FAR_FUTURE)) ctx.addIssue({ code: 'custom', message: 'invalid_fpr_id', path });
		if (v?.idType === 'passport' && !HOST_PASSPORT.test(number)) ctx.addIssue({ code: 'custom', message: 'invalid_format', path });
	}, always);

export const guardian = z.strictObject({ name: text(100), phone: phone(), relationship: choice(GUARDIAN_RELATIONSHIPS) }, E);

export const contact = z
	.strictObject(
		{
			phone: optional(phone()),
			email: optional(z.email(E).max(254, E))
		},
		// a missing contact block gets the same message as an empty one
		{ error: (issue) => (issue.input === undefined ? 'contact_required' : codeFor(issue)) }
	)
	.superRefine((value: unknown, ctx) => {
		const v = obj(value);
		if (v !== undefined && v.phone === undefined && v.email === undefined) ctx.addIssue({ code: 'custom', message: 'contact_required' });
	}, always);

type Steps = {
	person: typeof person;
	document: typeof document;
	stay: typeof stay;
	accommodation: typeof accommodation;
	host: typeof host;
	guardian: typeof guardian;
	contact: typeof contact;
};

function declarationShape(steps: Steps) {
	return {
		declarant: choice(DECLARANTS),
		language: choice(LANGUAGES),
		person: steps.person,
		document: steps.document,
		stay: steps.stay,
		accommodation: steps.accommodation,
		host: steps.host.optional(),
		guardian: steps.guardian.optional(),
		contact: steps.contact,
		consent: z.literal(true, { error: 'consent_required' })
	};
}

// Rules across steps that do not depend on "now".
function crossStepRules(value: unknown, ctx: z.RefinementCtx): void {
	const v = obj(value);
	const acc = obj(v?.accommodation);
	const kind = str(acc?.kind);
	if (kind !== undefined && kind !== 'owned' && (ACCOMMODATION_KINDS as readonly string[]).includes(kind) && v?.host === undefined)
		ctx.addIssue({ code: 'custom', message: 'host_required', path: ['host'] });
	const checkIn = parseInstant(str(acc?.checkIn) ?? '');
	const entryDate = validDate(obj(v?.stay)?.entryDate);
	if (checkIn !== undefined && entryDate !== undefined && entryDate > shanghaiDate(checkIn)) ctx.addIssue({ code: 'custom', message: 'entry_after_checkin', path: ['stay', 'entryDate'] });
}

/** The body without the rules that need "now"; for types and the OpenAPI document. Validate with makeDeclarationSchema. */
export const declarationInput = z.strictObject(declarationShape({ person, document, stay, accommodation, host, guardian, contact }), E).superRefine(crossStepRules, always);

export type DeclarationInput = z.output<typeof declarationInput>;
export type PersonInput = z.output<typeof person>;
export type DocumentInput = z.output<typeof document>;
export type StayInput = z.output<typeof stay>;
export type AccommodationInput = z.output<typeof accommodation>;
export type HostInput = z.output<typeof host>;
export type GuardianInput = z.output<typeof guardian>;
export type ContactInput = z.output<typeof contact>;

// ---- rules that depend on "now" ----

type Path = readonly (string | number)[];

/**
 * The "now" the refinements below read. Each parse sets it just before it starts; zod parses
 * synchronously, so no other request can change it half-way. The schemas themselves are built
 * once: zod 4 compiles a schema instance on its first use, and a new schema per request cost
 * about a millisecond each time.
 */
const clock = { now: new Date(0) };

function personRules(at: Path) {
	return (value: unknown, ctx: z.RefinementCtx): void => {
		const dateOfBirth = validDate(obj(value)?.dateOfBirth);
		if (dateOfBirth === undefined) return;
		const today = shanghaiDate(clock.now);
		const path = [...at, 'dateOfBirth'];
		if (dateOfBirth > today) ctx.addIssue({ code: 'custom', message: 'date_in_future', path });
		else if (ageOn(dateOfBirth, today) > MAX_AGE) ctx.addIssue({ code: 'custom', message: 'too_old', path });
	};
}

function accommodationRules(at: Path) {
	return (value: unknown, ctx: z.RefinementCtx): void => {
		const checkIn = parseInstant(str(obj(value)?.checkIn) ?? '');
		if (checkIn !== undefined && checkIn.getTime() - clock.now.getTime() > CHECK_IN_MAX_AHEAD_MS) ctx.addIssue({ code: 'custom', message: 'checkin_too_far_ahead', path: [...at, 'checkIn'] });
	};
}

// The static host schema accepts an ID with any birth date; here it must not be after today.
function hostRules(at: Path) {
	return (value: unknown, ctx: z.RefinementCtx): void => {
		const v = obj(value);
		const number = str(v?.idNumber)?.trim().toUpperCase();
		if (number === undefined) return;
		const path = [...at, 'idNumber'];
		if (v?.idType === 'cn_resident_id' && isCnResidentId(number, FAR_FUTURE) && !isCnResidentId(number, clock.now)) ctx.addIssue({ code: 'custom', message: 'invalid_cn_id', path });
		if (v?.idType === 'foreign_permanent_resident_id' && isForeignPermanentResidentId(number, FAR_FUTURE) && !isForeignPermanentResidentId(number, clock.now))
			ctx.addIssue({ code: 'custom', message: 'invalid_fpr_id', path });
	};
}

/** A schema bound to one "now": parse and safeParse only. */
export interface NowParser<S extends z.ZodType> {
	safeParse(data: unknown): z.ZodSafeParseResult<z.output<S>>;
	parse(data: unknown): z.output<S>;
}

function at<S extends z.ZodType>(schema: S, now: Date): NowParser<S> {
	return {
		safeParse: (data) => {
			clock.now = now;
			return schema.safeParse(data);
		},
		parse: (data) => {
			clock.now = now;
			return schema.parse(data);
		}
	};
}

const nowAwareSteps = {
	person: person.superRefine(personRules([]), always),
	accommodation: accommodation.superRefine(accommodationRules([]), always),
	host: host.superRefine(hostRules([]), always)
};

export type StepParsers = { [K in keyof Steps]: NowParser<Steps[K]> };

/** The step schemas with every rule, "now" included; the form validates one step with these. */
export function makeStepSchemas(now: Date): StepParsers {
	return {
		person: at(nowAwareSteps.person, now),
		document: at(document, now),
		stay: at(stay, now),
		accommodation: at(nowAwareSteps.accommodation, now),
		host: at(nowAwareSteps.host, now),
		guardian: at(guardian, now),
		contact: at(contact, now)
	};
}

const fullDeclaration = (() => {
	const personCheck = personRules(['person']);
	const accommodationCheck = accommodationRules(['accommodation']);
	const hostCheck = hostRules(['host']);
	return declarationInput.superRefine((value: unknown, ctx) => {
		const v = obj(value);
		personCheck(v?.person, ctx);
		accommodationCheck(v?.accommodation, ctx);
		hostCheck(v?.host, ctx);
	}, always);
})();

/** The full POST /api/v1/declarations body with every 6.1 rule except upload existence, as of `now`. */
export function makeDeclarationSchema(now: Date): NowParser<typeof declarationInput> {
	return at(fullDeclaration, now);
}
