import { bcp47, isLang, LANGUAGES, type Lang } from '$lib/i18n';
import { isValidIsoDate } from './dates';

// Officers' question templates: a question written in every language, with fields the officer
// fills in (a date, a document number). Pure: rendering and checks, no I/O.

export type TemplateFieldKind = 'date' | 'code';
export interface TemplateField {
	name: string;
	kind: TemplateFieldKind;
}
export type TemplateTexts = Partial<Record<Lang, string>>;

/** What an asked template question keeps (in the encrypted event): enough to render it in any language later. */
export interface AskedTemplate {
	id: string;
	key: string;
	version: number;
	fields: TemplateField[];
	texts: TemplateTexts;
	values: Record<string, string>;
}

/** An admin may not save a template without these; the others show as "needs translation". */
export const REQUIRED_TEMPLATE_LANGS: readonly Lang[] = ['en', 'zh-hans'];
export const MAX_TEMPLATE_TEXT = 1000;
export const TEMPLATE_KEY = /^[a-z][a-z0-9_]{1,59}$/;
const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,29}$/;
const CODE_VALUE = /^[A-Z0-9][A-Z0-9<\-/ ]{0,29}$/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
	return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

export function missingLanguages(texts: TemplateTexts): Lang[] {
	return LANGUAGES.filter((lang) => !texts[lang]?.trim());
}

export type TemplateCheck = { ok: true } | { ok: false; errors: { path: string; code: string }[] };

/**
 * A template an admin saves: a key, fields, and texts whose placeholders are exactly the fields.
 * en and zh-hans are required; every other language is optional ("needs translation").
 */
export function checkTemplate(input: { key: string; fields: TemplateField[]; texts: TemplateTexts }): TemplateCheck {
	const errors: { path: string; code: string }[] = [];
	if (!TEMPLATE_KEY.test(input.key)) errors.push({ path: 'key', code: 'template_key' });
	const names = input.fields.map((f) => f.name);
	for (const f of input.fields) if (!FIELD_NAME.test(f.name) || (f.kind !== 'date' && f.kind !== 'code')) errors.push({ path: 'fields', code: 'template_fields' });
	if (new Set(names).size !== names.length) errors.push({ path: 'fields', code: 'template_fields' });
	for (const lang of LANGUAGES) {
		const text = input.texts[lang]?.trim() ?? '';
		if (!text) {
			if (REQUIRED_TEMPLATE_LANGS.includes(lang)) errors.push({ path: `texts.${lang}`, code: 'required' });
			continue;
		}
		if (text.length > MAX_TEMPLATE_TEXT) errors.push({ path: `texts.${lang}`, code: 'too_long' });
		const used = placeholdersOf(text);
		if (used.length !== names.length || used.some((p) => !names.includes(p))) errors.push({ path: `texts.${lang}`, code: 'template_placeholders' });
	}
	return errors.length ? { ok: false, errors: errors.filter((e, i) => errors.findIndex((x) => x.path === e.path) === i) } : { ok: true };
}

/** The officer's values for a template's fields, normalised, or the field that is wrong. */
export function checkValues(fields: TemplateField[], given: Record<string, string>): { ok: true; values: Record<string, string> } | { ok: false; field: string } {
	const values: Record<string, string> = {};
	for (const f of fields) {
		const raw = (given[f.name] ?? '').trim();
		const value = f.kind === 'code' ? raw.toUpperCase() : raw;
		if (f.kind === 'date' ? !isValidIsoDate(value) : !CODE_VALUE.test(value)) return { ok: false, field: f.name };
		values[f.name] = value;
	}
	return { ok: true, values };
}

/** The template's text in one language with its fields filled in (dates in that language's form), or null if it has no text there. */
export function renderTemplate(t: Pick<AskedTemplate, 'fields' | 'texts' | 'values'>, lang: Lang): string | null {
	const text = t.texts[lang]?.trim();
	if (!text) return null;
	const day = new Intl.DateTimeFormat(bcp47(lang), { dateStyle: 'long', timeZone: 'UTC' });
	return text.replace(PLACEHOLDER, (whole, name: string) => {
		const field = t.fields.find((f) => f.name === name);
		const value = t.values[name];
		if (!field || value === undefined) return whole;
		// U+2068/U+2069 isolate a Latin number or date inside right-to-left text
		return field.kind === 'date' ? day.format(new Date(`${value}T00:00:00Z`)) : `\u2068${value}\u2069`;
	});
}

/** A question as asked: the officer's words (the original), and the template it came from, if any. */
export interface AskedQuestion {
	/** The event that asked it (what a translation is linked to). */
	id?: string;
	askedAt: string;
	/** As the officer sent it, in `language`. */
	text: string;
	/** The language of `text` (the officer's page language); null for questions from before templates. */
	language: string | null;
	template: AskedTemplate | null;
	/** Words the officer added to a template question, in `language`. */
	note?: string | null;
}

/**
 * The question for a reader of `lang`: the template in that language, else in the declaration's
 * language, else the original. `original` is set when what is shown is not the officer's words.
 */
export function questionFor(q: AskedQuestion, lang: Lang, declarationLang: string): { text: string; lang: string | null; original: { text: string; lang: string | null } | null } {
	if (q.template) {
		for (const candidate of [lang, declarationLang]) {
			if (!isLang(candidate)) continue;
			const text = renderTemplate(q.template, candidate);
			if (text && candidate !== q.language) return { text, lang: candidate, original: { text: q.text, lang: q.language } };
			if (text) return { text, lang: candidate, original: null };
		}
	}
	return { text: q.text, lang: q.language, original: null };
}

/** Each field's name for an officer: its kind's label, numbered when the template has two of a kind. */
export function fieldLabels(fields: TemplateField[], kindLabel: (kind: TemplateFieldKind) => string): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const f of fields) {
		const same = fields.filter((g) => g.kind === f.kind);
		labels[f.name] = same.length > 1 ? `${kindLabel(f.kind)} ${same.indexOf(f) + 1}` : kindLabel(f.kind);
	}
	return labels;
}

/** A template's text before the officer fills it in: each {{field}} written as `blank(field name)`. */
export function withBlanks(text: string, blank: (name: string) => string): string {
	return text.replace(PLACEHOLDER, (_, name: string) => blank(name));
}
