import { isNationality } from '$lib/domain/nationalities';
import { nationalityOptions } from '$lib/nationality-options';
import type { Lang } from '$lib/i18n';
import { tFor } from './i18n';

// What staff type into a nationality field: the code (VNM), the country's name in the staff language
// or in English (越南, Vietnam, viet nam), or "Vietnam (VNM)" as the list beside the field offers it.
// Names are the ones the resident's form shows (Intl.DisplayNames and our own for ICAO codes).

const fold = (s: string) =>
	s
		.normalize('NFKC')
		.toLocaleLowerCase('en')
		.replace(/[\s\-'’.,()（）·]/g, '');

const byName = new Map<Lang, Map<string, string>>();

function namesOf(lang: Lang): Map<string, string> {
	let names = byName.get(lang);
	if (!names) {
		names = new Map(nationalityOptions(lang, tFor(lang)).map((o) => [fold(o.label), o.value]));
		byName.set(lang, names);
	}
	return names;
}

/** The nationality code for what was typed; `''` for nothing typed, `null` when it names no country. */
export function nationalityFromInput(lang: Lang, text: string): string | null {
	const value = text.trim().slice(0, 100);
	if (!value) return '';
	const withCode = /\(([A-Za-z]{1,3})\)\s*$/.exec(value);
	const code = (withCode ? withCode[1] : value).toUpperCase();
	if (isNationality(code)) return code;
	const folded = fold(value);
	return namesOf(lang).get(folded) ?? namesOf('en').get(folded) ?? null;
}
