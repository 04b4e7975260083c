import i18next, { type TOptions } from 'i18next';

// Shared by server and browser: the language list and a per-request `t`. The server never
// calls changeLanguage; each request gets its own fixed `t` for its language.

export const LANGUAGES = ['en', 'zh-hans', 'zh-hant', 'ko', 'ja', 'de', 'fr', 'es', 'it', 'ru', 'ar', 'ur', 'pt', 'vi', 'th', 'id'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'en';
/** The languages staff texts are complete in, and so the choice for a staff member's e-mails. */
export const STAFF_MAIL_LANGUAGES = ['en', 'zh-hans'] as const;
export type StaffMailLanguage = (typeof STAFF_MAIL_LANGUAGES)[number];
export function staffMailLanguage(value: string | null | undefined): StaffMailLanguage {
	return (STAFF_MAIL_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as StaffMailLanguage) : 'en';
}

/** Each language named in itself, for the switcher and the kiosk grid. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
	en: 'English',
	'zh-hans': '简体中文',
	'zh-hant': '繁體中文',
	ko: '한국어',
	ja: '日本語',
	de: 'Deutsch',
	fr: 'Français',
	es: 'Español',
	it: 'Italiano',
	ru: 'Русский',
	ar: 'العربية',
	ur: 'اردو',
	pt: 'Português',
	vi: 'Tiếng Việt',
	th: 'ไทย',
	id: 'Bahasa Indonesia'
};

const RTL = new Set<Lang>(['ar', 'ur']);

export function isLang(value: string | null | undefined): value is Lang {
	return !!value && (LANGUAGES as readonly string[]).includes(value);
}

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
	return RTL.has(lang) ? 'rtl' : 'ltr';
}

/** BCP 47 form for <html lang>, Intl and i18next plural rules: zh-hans → zh-Hans. */
export function bcp47(lang: Lang): string {
	return lang.replace(/-(hans|hant)$/, (_, s: string) => '-' + s[0].toUpperCase() + s.slice(1));
}

/** Best supported language for an Accept-Language header, or undefined. */
export function negotiate(header: string | null | undefined): Lang | undefined {
	if (!header) return undefined;
	const ranges = header
		.split(',')
		.map((part) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
		})
		.filter((r) => r.tag && r.q > 0)
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranges) {
		const match = matchTag(tag);
		if (match) return match;
	}
	return undefined;
}

function matchTag(tag: string): Lang | undefined {
	if (isLang(tag)) return tag;
	if (tag.startsWith('zh')) {
		// Traditional script by explicit script or by region.
		if (/-(hant|tw|hk|mo)\b/.test(tag)) return 'zh-hant';
		return 'zh-hans';
	}
	const primary = tag.split('-')[0];
	return isLang(primary) ? primary : undefined;
}

/**
 * A left-to-right value (reference, e-mail, phone, document number) set inside a translated
 * sentence: wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE so that in Arabic and Urdu
 * its letters, digits and hyphens keep their order and do not pull the sentence's punctuation
 * around (the text equivalent of <bdi dir="ltr">, for interpolations and <title>).
 */
export function ltr(value: string): string {
	return `\u2066${value}\u2069`;
}

export type Messages = Record<string, unknown>;
export type T = (key: string, options?: TOptions) => string;

/** A `t` bound to one language; `messages` already holds the English fallback merged in. */
export function makeT(lang: Lang, messages: Messages): T {
	const instance = i18next.createInstance();
	void instance.init({
		lng: bcp47(lang),
		resources: { [bcp47(lang)]: { translation: messages } },
		initAsync: false,
		interpolation: { escapeValue: false }, // Svelte escapes on output
		returnNull: false
	});
	return instance.t.bind(instance) as T;
}
