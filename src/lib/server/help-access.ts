import type { Cookies } from '@sveltejs/kit';
import { decryptJson, encryptJson, type Keys } from './crypto';

// After reference + access code, the browser keeps an encrypted, HttpOnly cookie naming the request
// it may follow, so the conversation can reload and stream live without the code on every request.
// The cookie is useless without the server key and names no personal data. Right after creating a
// request it also carries the access code once, so the confirmation page can show it.

export const HELP_COOKIE = 'anju_help';
const TTL_SECONDS = 2 * 60 * 60;
const AAD = 'help-access';

export interface HelpAccess {
	requestId: string;
	reference: string;
	/** Only right after creation, to show once. */
	newAccessCode?: string;
}

export function setHelpAccess(cookies: Cookies, keys: Keys, access: HelpAccess, now = new Date()): void {
	const value = encryptJson(keys, { ...access, exp: now.getTime() + TTL_SECONDS * 1000 }, AAD);
	cookies.set(HELP_COOKIE, value, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: TTL_SECONDS });
}

export function readHelpAccess(cookies: Cookies, keys: Keys, now = new Date()): HelpAccess | undefined {
	const value = cookies.get(HELP_COOKIE);
	if (!value) return undefined;
	try {
		const access = decryptJson<HelpAccess & { exp: number }>(keys, value, AAD);
		return access.exp > now.getTime() ? { requestId: access.requestId, reference: access.reference, newAccessCode: access.newAccessCode } : undefined;
	} catch {
		return undefined;
	}
}

export function clearHelpAccess(cookies: Cookies): void {
	cookies.delete(HELP_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}
