import type { Cookies } from '@sveltejs/kit';
import { decryptJson, encryptJson, type Keys } from './crypto';

// What a resident's browser may see again without typing its code: an encrypted, HttpOnly cookie
// that expires (sealedCookie; the kiosk's visit cookie is one too). It is useless without the
// server key and names no personal data.
// - status: after a declaration's look-up (or right after submitting) the reference and access
//   code, so the status and receipt pages can be reloaded and printed (30 min).
// - help: after reference + access code of an interpreter request, the request it may follow, so
//   the conversation can reload and stream live (2 h); right after creating the request it also
//   carries the access code once, for the confirmation page to show.

export const STATUS_COOKIE = 'anju_status';
export const HELP_COOKIE = 'anju_help';

export interface StatusAccess {
	reference: string;
	accessCode: string;
}

export interface HelpAccess {
	requestId: string;
	reference: string;
	/** Only right after creation, to show once. */
	newAccessCode?: string;
}

const OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

/** A sealed cookie carrying `T` until `ttlSeconds` from when it is set; `aad` binds it to its purpose. */
export function sealedCookie<T extends object>(name: string, ttlSeconds: number, aad: string) {
	return {
		set(cookies: Cookies, keys: Keys, value: T, now = new Date()): void {
			cookies.set(name, encryptJson(keys, { value, exp: now.getTime() + ttlSeconds * 1000 }, aad), { ...OPTIONS, maxAge: ttlSeconds });
		},
		read(cookies: Cookies, keys: Keys, now = new Date()): T | undefined {
			const sealed = cookies.get(name);
			if (!sealed) return undefined;
			try {
				const { value, exp } = decryptJson<{ value: T; exp: number }>(keys, sealed, aad);
				return exp > now.getTime() ? value : undefined;
			} catch {
				return undefined;
			}
		},
		clear(cookies: Cookies): void {
			cookies.delete(name, OPTIONS);
		}
	};
}

const status = sealedCookie<StatusAccess>(STATUS_COOKIE, 30 * 60, 'status-access');
const help = sealedCookie<HelpAccess>(HELP_COOKIE, 2 * 60 * 60, 'help-access');

export const setStatusAccess = status.set;
export const readStatusAccess = status.read;
export const clearStatusAccess = status.clear;
export const setHelpAccess = help.set;
export const readHelpAccess = help.read;
export const clearHelpAccess = help.clear;
