// Early warnings on the steps (issue 13.6): what a rule will find, said on the step where the
// answer is given, as soon as the answers so far can tell. Warnings, not errors: the resident may
// go on (the rules at submission decide, and an officer reviews). The conditions are the rules'
// own (src/lib/domain/rules.ts), judged against today where the check-in is not known yet.

import { addDays } from '$lib/domain/dates';
import { checkInFrom, dateFrom, type AllValues, type StepName } from './steps';

export const STEP_WARNING_CODES = ['DOCUMENT_EXPIRED', 'DOCUMENT_EXPIRES_SOON', 'DOCUMENT_EXPIRES_DURING_STAY', 'VISA_FREE_NOT_ELIGIBLE', 'ENTRY_DATE_IN_FUTURE'] as const;
export type StepWarningCode = (typeof STEP_WARNING_CODES)[number];

/** A passport that ends within this many days is worth a word even before the check-out is known. */
export const EXPIRES_SOON_DAYS = 30;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const real = (d: string | undefined): d is string => d !== undefined && ISO_DATE.test(d);

/**
 * The warnings for one step's answers. `today` is the date in Shanghai; `lists` says whether the
 * nationality (from the person step) is on the visa-free and transit lists, when it is known.
 */
export function stepWarnings(step: StepName, all: AllValues, today: string, lists?: { visaFree: boolean; transit: boolean }): StepWarningCode[] {
	const out: StepWarningCode[] = [];
	if (step === 'document') {
		const expiry = dateFrom(all.document ?? {}, 'expiryDate');
		if (!real(expiry)) return out;
		const checkIn = checkInFrom(all.accommodation ?? {});
		const checkInDate = checkIn && real(checkIn.slice(0, 10)) ? checkIn.slice(0, 10) : today;
		const checkOut = dateFrom(all.accommodation ?? {}, 'checkOut');
		// DOCUMENT_EXPIRED / DOCUMENT_EXPIRES_DURING_STAY, with today for a check-in not given yet
		if (expiry < checkInDate) out.push('DOCUMENT_EXPIRED');
		else if (real(checkOut) && expiry < checkOut) out.push('DOCUMENT_EXPIRES_DURING_STAY');
		else if (expiry < addDays(today, EXPIRES_SOON_DAYS)) out.push('DOCUMENT_EXPIRES_SOON');
	}
	if (step === 'stay') {
		const stay = all.stay ?? {};
		// VISA_FREE_NOT_ELIGIBLE: the nationality is not on the list of the basis chosen
		if (lists && ((stay.basis === 'visa_free' && !lists.visaFree) || (stay.basis === 'transit_visa_free' && !lists.transit))) out.push('VISA_FREE_NOT_ELIGIBLE');
		const entry = dateFrom(stay, 'entryDate');
		// the declaration refuses an entry after the check-in; one after today is already wrong
		if (real(entry) && entry > today) out.push('ENTRY_DATE_IN_FUTURE');
	}
	return out;
}
