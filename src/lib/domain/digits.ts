// Digits as people type them. A phone keyboard in Arabic, Urdu or Persian, a Chinese or Japanese
// input method in full-width mode and a Thai keyboard give their own digits (and, with them,
// full-width or Arabic separators); every numeric field accepts them and reads them as ASCII.

// the first code point (zero) of each digit system besides ASCII
const ZEROS = [
	0x0660, // Arabic-Indic ٠–٩
	0x06f0, // Extended Arabic-Indic ۰–۹ (Urdu, Persian)
	0x0e50, // Thai ๐–๙
	0xff10 // full-width ０–９
];
const DIGITS = /[\u0660-\u0669\u06f0-\u06f9\u0e50-\u0e59\uff10-\uff19]/g;

// separators typed alongside those digits
const SEPARATORS: Readonly<Record<string, string>> = {
	'\uff0b': '+', // full-width plus
	'\uff0d': '-', // full-width hyphen-minus
	'\u2212': '-', // minus sign
	'\u2010': '-', // hyphen
	'\u2011': '-', // non-breaking hyphen
	'\u2013': '-', // en dash
	'\uff0f': '/', // full-width solidus
	'\u060d': '/', // Arabic date separator
	'\uff1a': ':', // full-width colon
	'\uff08': '(', // full-width parentheses
	'\uff09': ')',
	'\u3000': ' ', // ideographic space
	'\u00a0': ' ' // no-break space
};
const SEPARATOR = /[\uff0b\uff0d\u2212\u2010\u2011\u2013\uff0f\u060d\uff1a\uff08\uff09\u3000\u00a0]/g;
// full-width Latin letters (a passport or permit number typed in full-width mode)
const FULL_WIDTH_LETTER = /[\uff21-\uff3a\uff41-\uff5a]/g;
// full-width '<', the MRZ filler
const FULL_WIDTH_LESS = /\uff1c/g;

function digit(ch: string): string {
	const code = ch.codePointAt(0)!;
	for (const zero of ZEROS) if (code >= zero && code <= zero + 9) return String(code - zero);
	return ch;
}

/**
 * The value with every digit of another system read as its ASCII digit, and the full-width or
 * Arabic separators and letters as their ASCII forms. Pure; anything else is left as it is.
 */
export function toAsciiDigits(value: string): string {
	return value
		.replace(DIGITS, digit)
		.replace(SEPARATOR, (ch) => SEPARATORS[ch] ?? ch)
		.replace(FULL_WIDTH_LETTER, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
		.replace(FULL_WIDTH_LESS, '<');
}
