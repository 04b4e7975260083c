// The answer choices of a declaration, without zod: the browser form imports these, and
// importing them from declaration.ts would pull the whole zod library into every form page.

export const DECLARANTS = ['self', 'host', 'agent'] as const;
export const LANGUAGES = ['en', 'zh-hans', 'zh-hant', 'ko', 'ja', 'de', 'fr', 'es', 'it', 'ru', 'ar', 'ur', 'pt', 'vi', 'th', 'id'] as const;
export const SEXES = ['M', 'F', 'X'] as const;
// Travel documents with a TD3 data page; other identity papers are not accepted for registration.
export const DOCUMENT_TYPES = ['passport', 'travel_document'] as const;
export const STAY_BASES = ['visa', 'residence_permit', 'visa_free', 'transit_visa_free', 'permanent_residence'] as const;
export const VISA_TYPES = ['C', 'D', 'F', 'G', 'J1', 'J2', 'L', 'M', 'Q1', 'Q2', 'R', 'S1', 'S2', 'X1', 'X2', 'Z'] as const;
export const ACCOMMODATION_KINDS = ['rented', 'owned', 'host_home', 'employer_provided', 'other'] as const;
export const HOST_ID_TYPES = ['cn_resident_id', 'foreign_permanent_resident_id', 'passport'] as const;
export const HOST_RELATIONSHIPS = ['landlord', 'relative', 'friend', 'employer', 'school', 'other'] as const;
export const GUARDIAN_RELATIONSHIPS = ['parent', 'legal_guardian', 'relative', 'other'] as const;

export type StayBasis = (typeof STAY_BASES)[number];
export type VisaType = (typeof VISA_TYPES)[number];

/** Bases whose permission end is `validUntil`. */
export const BASES_WITH_VALID_UNTIL: ReadonlySet<StayBasis> = new Set(['visa', 'residence_permit', 'permanent_residence']);
// Entry date drives the checks of these bases (entry + 30/10 days, art. 30); residence permit and
// permanent residence holders may have lived here for years, so for them it is optional.
export const BASES_WITH_ENTRY_DATE: ReadonlySet<StayBasis> = new Set(['visa', 'visa_free', 'transit_visa_free']);
