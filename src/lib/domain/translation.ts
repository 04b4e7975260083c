// Free text across the language wall (issue 16, point 2): which questions and answers go to the
// volunteer interpreters for a written translation. Pure: no I/O.

/** The languages officers read; free text in any other resident language is translated. */
export const OFFICER_LANGUAGES: readonly string[] = ['zh-hans', 'en'];

/** The help-request topic and channel of a translation task on the volunteer board (never offered to residents). */
export const TRANSLATION_TOPIC = 'translation';
export const TRANSLATION_CHANNEL = 'written';

/** As long as the longest text it translates (an answer). */
export const MAX_TRANSLATION_LENGTH = 4000;

export type TranslationKind = 'question' | 'answer';

/** A resident writing in this language needs an interpreter between them and the officers. */
export function needsTranslation(residentLang: string): boolean {
	return !OFFICER_LANGUAGES.includes(residentLang);
}

/** An answer is translated into the language of the question it answers, when officers read it (else Chinese). */
export function answerTarget(questionLang: string | null | undefined): string {
	return questionLang && OFFICER_LANGUAGES.includes(questionLang) ? questionLang : 'zh-hans';
}

export type TranslationCheck = { ok: true; text: string } | { ok: false; code: 'required' | 'too_long' };

export function checkTranslation(input: unknown): TranslationCheck {
	const text = typeof input === 'string' ? input.trim() : '';
	if (!text) return { ok: false, code: 'required' };
	if (text.length > MAX_TRANSLATION_LENGTH) return { ok: false, code: 'too_long' };
	return { ok: true, text };
}

/** A question or answer as each side sees it: a translation done, on its way, or none needed. */
export type TranslationState = { state: 'pending'; lang: string } | { state: 'done'; lang: string; text: string; at: string };
