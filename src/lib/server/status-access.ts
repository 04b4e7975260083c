import type { Cookies } from '@sveltejs/kit';
import { decryptJson, encryptJson, type Keys } from './crypto';

// After a successful look-up (or right after submitting) the browser keeps reference + access
// code in an encrypted, HttpOnly cookie for a short while, so the status and receipt pages can be
// reloaded and printed without typing the code again. The cookie is useless without the server key.

export const STATUS_COOKIE = 'anju_status';
const TTL_SECONDS = 30 * 60;
const AAD = 'status-access';

export interface StatusAccess {
	reference: string;
	accessCode: string;
}

export function setStatusAccess(cookies: Cookies, keys: Keys, access: StatusAccess, now = new Date()): void {
	const value = encryptJson(keys, { ...access, exp: now.getTime() + TTL_SECONDS * 1000 }, AAD);
	cookies.set(STATUS_COOKIE, value, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: TTL_SECONDS });
}

export function readStatusAccess(cookies: Cookies, keys: Keys, now = new Date()): StatusAccess | undefined {
	const value = cookies.get(STATUS_COOKIE);
	if (!value) return undefined;
	try {
		const access = decryptJson<StatusAccess & { exp: number }>(keys, value, AAD);
		return access.exp > now.getTime() ? { reference: access.reference, accessCode: access.accessCode } : undefined;
	} catch {
		return undefined;
	}
}

export function clearStatusAccess(cookies: Cookies): void {
	cookies.delete(STATUS_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}
