import { bcp47, DEFAULT_LANG, LANGUAGES, makeT, type Lang, type Messages, type T } from '$lib/i18n';

// Every locales/<lang>/<namespace>.json, bundled at build time. Each namespace becomes a
// top-level key: locales/en/common.json → t('common.…').
const files = import.meta.glob<Messages>('/locales/*/*.json', { eager: true, import: 'default' });

const byLang = new Map<string, Record<string, Messages>>();
for (const [file, messages] of Object.entries(files)) {
	const [, , lang, name] = file.split('/');
	const namespace = name.replace(/\.json$/, '');
	if (!byLang.has(lang)) byLang.set(lang, {});
	byLang.get(lang)![namespace] = messages;
}

export function rawMessages(lang: string): Record<string, Messages> {
	return byLang.get(lang) ?? {};
}

function deepMerge(base: Messages, over: Messages): Messages {
	const out: Messages = { ...base };
	for (const [key, value] of Object.entries(over)) {
		const prev = out[key];
		out[key] = value && typeof value === 'object' && prev && typeof prev === 'object' ? deepMerge(prev as Messages, value as Messages) : value;
	}
	return out;
}

const merged = new Map<string, Messages>();

/** The namespaces of `lang`, English filled in where a translation is still missing. */
export function messagesFor(lang: Lang, namespaces?: readonly string[]): Messages {
	const cacheKey = `${lang}:${namespaces?.join(',') ?? '*'}`;
	let result = merged.get(cacheKey);
	if (!result) {
		const pick = (all: Record<string, Messages>): Messages => (namespaces ? Object.fromEntries(namespaces.filter((n) => n in all).map((n) => [n, all[n]])) : all);
		result = lang === DEFAULT_LANG ? pick(rawMessages(DEFAULT_LANG)) : deepMerge(pick(rawMessages(DEFAULT_LANG)), pick(rawMessages(lang)));
		merged.set(cacheKey, result);
	}
	return result;
}

const serverT = new Map<Lang, T>();

/** The server's `t` for a language (all namespaces), one instance per language, never switched. */
export function tFor(lang: Lang): T {
	let t = serverT.get(lang);
	if (!t) {
		t = makeT(lang, messagesFor(lang));
		serverT.set(lang, t);
	}
	return t;
}

export { LANGUAGES, bcp47 };
