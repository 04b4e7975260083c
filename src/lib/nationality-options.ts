import { alpha3ToAlpha2, NATIONALITY_CODES } from '$lib/domain/nationalities';
import { bcp47, type Lang, type T } from '$lib/i18n';

// ICAO codes that Intl.DisplayNames cannot name (no country), or would name like another entry
// (D is Germany like DEU; the British codes would all read "United Kingdom"): translated by us.
const OWN_NAMES: ReadonlySet<string> = new Set(['D', 'EUE', 'GBD', 'GBN', 'GBO', 'GBP', 'GBS', 'UNA', 'UNK', 'UNO', 'XXA', 'XXB', 'XXC', 'XXX']);

const cache = new Map<Lang, { value: string; label: string }[]>();

/** Every nationality code, named in the page language and sorted the way that language sorts. */
export function nationalityOptions(lang: Lang, t: T): { value: string; label: string }[] {
	let options = cache.get(lang);
	if (!options) {
		const names = new Intl.DisplayNames([bcp47(lang)], { type: 'region', fallback: 'code' });
		const collator = new Intl.Collator(bcp47(lang));
		options = [...NATIONALITY_CODES]
			.map((code) => {
				const region = alpha3ToAlpha2(code);
				const label = OWN_NAMES.has(code) || !region ? t(`declare.nationality.${code}`) : (names.of(region) ?? code);
				return { value: code, label };
			})
			.sort((a, b) => collator.compare(a.label, b.label));
		cache.set(lang, options);
	}
	return options;
}

export function nationalityName(lang: Lang, t: T, code: string): string {
	return nationalityOptions(lang, t).find((o) => o.value === code)?.label ?? code;
}
