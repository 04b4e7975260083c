// Chinese identity numbers a host may give (GB 11643-1999 and the 2023 foreign permanent
// resident ID card, which reuses its layout and check character).

import { isValidIsoDate, shanghaiDate } from './dates';

const RESIDENT_ID = /^[1-8]\d{16}[\dX]$/;
// 2023 card: '9', issuing province (2), nationality (3), birth date (8), sequence (3), check.
// "18 digits" in practice, but the check character is X whenever MOD 11-2 gives 10.
const FPR_ID_2023 = /^9\d{16}[\dX]$/;
// Card issued 2004–2023: nationality letters + region (2) + birth YYMMDD + sequence (2) + check.
const FPR_ID_OLD = /^[A-Z]{3}\d{12}$/;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function cnIdCheckChar(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
	return CHECK_CHARS[sum % 11];
}

function birthDateOk(id: string, now: Date): boolean {
	const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
	return isValidIsoDate(date) && date <= shanghaiDate(now);
}

/**
 * PRC resident identity card number: 18 characters, a region code (first digit 1–8; 9 is the
 * foreign permanent resident card), a real birth date not after `now`, the MOD 11-2 check.
 */
export function isCnResidentId(value: string, now: Date = new Date()): boolean {
	return RESIDENT_ID.test(value) && birthDateOk(value, now) && cnIdCheckChar(value) === value[17];
}

/** Foreign permanent resident ID: the 2023 18-character form or the older 15-character form. */
export function isForeignPermanentResidentId(value: string, now: Date = new Date()): boolean {
	if (FPR_ID_OLD.test(value)) return true;
	return FPR_ID_2023.test(value) && birthDateOk(value, now) && cnIdCheckChar(value) === value[17];
}
