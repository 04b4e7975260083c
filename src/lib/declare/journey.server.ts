// The declaration journey runs in two places with the same loads, actions and pages: on the
// resident's phone (`/{lang}/declare`) and on the station's kiosk (`/kiosk/{lang}/declare`, in the
// kiosk's layout, its visit wiped at the end). Each route tree names its journey; nothing reads
// the URL to find out.

import type { Cookies } from '@sveltejs/kit';
import type { Keys } from '$lib/server/crypto';
import { hasVisit } from '$lib/kiosk/visit.server';

export interface Journey {
	kind: 'phone' | 'kiosk';
	/** Where the journey's pages live in this language. */
	base(lang: string): string;
	/**
	 * Whether a request may use the journey at all, and where it goes when not. Form actions do not
	 * run the layout's load, so every load and action asks this itself.
	 */
	admits(cookies: Cookies, keys: Keys): boolean;
	outside: string;
}

export const PHONE: Journey = { kind: 'phone', base: (lang) => `/${lang}/declare`, admits: () => true, outside: '/' };
// the kiosk's pages are for the visitor of the current visit only (a language chosen on the attract screen)
export const KIOSK: Journey = { kind: 'kiosk', base: (lang) => `/kiosk/${lang}/declare`, admits: (cookies, keys) => hasVisit(keys, cookies), outside: '/kiosk' };
