// The declaration journey runs in two places with the same loads, actions and pages: on the
// resident's phone (`/{lang}/declare`) and on the station's kiosk (`/kiosk/{lang}/declare`, in the
// kiosk's layout, its visit wiped at the end). Each route tree names its journey; nothing reads
// the URL to find out.

export interface Journey {
	kind: 'phone' | 'kiosk';
	/** Where the journey's pages live in this language. */
	base(lang: string): string;
}

export const PHONE: Journey = { kind: 'phone', base: (lang) => `/${lang}/declare` };
export const KIOSK: Journey = { kind: 'kiosk', base: (lang) => `/kiosk/${lang}/declare` };
