import { COMMON_PASSWORDS } from './common-passwords';

// Staff passwords: long rather than complex (NIST SP 800-63B): at least 12 characters, not a
// common password or a small variation of one, not the account's own e-mail. Paste is allowed.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordCheck = { ok: true } | { ok: false; reason: 'too_short' | 'too_long' | 'common' };

const COMMON = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

/** True for a common password, or one with only digits/symbols around a common stem, or a repeat of one. */
export function isCommonPassword(password: string): boolean {
	const lower = password.normalize('NFKC').toLowerCase();
	if (COMMON.has(lower)) return true;
	const stem = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
	if (stem === '' || COMMON.has(stem)) return true;
	// one short unit repeated ("aaaaaaaaaaaa", "abcabcabcabc", "qwertyqwerty")
	if (/^(.{1,6})\1+$/u.test(lower)) return true;
	const repeated = /^(.+?)\1+$/u.exec(stem);
	if (repeated && COMMON.has(repeated[1])) return true;
	return isSequence(lower);
}

function isSequence(value: string): boolean {
	const codes = [...value].map((c) => c.codePointAt(0)!);
	const step = codes[1] - codes[0];
	return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

export function checkPassword(password: string, context: { email?: string } = {}): PasswordCheck {
	const length = [...password].length;
	if (length < MIN_PASSWORD_LENGTH) return { ok: false, reason: 'too_short' };
	if (length > MAX_PASSWORD_LENGTH) return { ok: false, reason: 'too_long' };
	if (isCommonPassword(password)) return { ok: false, reason: 'common' };
	const email = context.email?.trim().toLowerCase();
	if (email) {
		const local = email.split('@')[0];
		const lower = password.toLowerCase();
		if (lower === email || (local.length >= 4 && lower.replace(/[^\p{L}\p{N}]/gu, '').includes(local.replace(/[^\p{L}\p{N}]/gu, '')))) {
			return { ok: false, reason: 'common' };
		}
	}
	return { ok: true };
}
