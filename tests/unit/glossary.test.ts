import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../src/lib/i18n';

// The glossary (locales/glossary.json, issue 13 point 12): each resident namespace names the
// registration, the host, the permit, the receipt and the service centre one way per language.
// No forbidden variant anywhere in a resident text, and the keys that name a concept use the
// preferred form. LOCALES_DIR lets the test be pointed at another copy of the files.

const LOCALES = process.env.LOCALES_DIR ?? 'locales';
const RESIDENT_NAMESPACES = ['common', 'validation', 'findings', 'email', 'declare', 'help', 'kiosk'];

type Entry = { preferred: string; match?: string[]; forbidden: string[]; forbiddenPatterns?: string[] };
type Term = { concept: string; keys: string[]; languages: Record<string, Entry> };
type Glossary = { terms: Record<string, Term> };
type Tree = { [key: string]: string | Tree };

const glossary = JSON.parse(fs.readFileSync(path.join(LOCALES, 'glossary.json'), 'utf8')) as Glossary;

/** Every resident text of a language as `namespace:key.path` → value. */
function residentTexts(lang: string): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (tree: Tree, prefix: string) => {
		for (const [key, value] of Object.entries(tree)) {
			const full = prefix.endsWith(':') ? prefix + key : `${prefix}.${key}`;
			if (typeof value === 'string') out.set(full, value);
			else walk(value, full);
		}
	};
	for (const ns of RESIDENT_NAMESPACES) {
		const file = path.join(LOCALES, lang, `${ns}.json`);
		if (fs.existsSync(file)) walk(JSON.parse(fs.readFileSync(file, 'utf8')) as Tree, `${ns}:`);
	}
	return out;
}

// Case-insensitive, and the same in every script (toLocaleLowerCase would vary with the locale).
const fold = (s: string) => s.normalize('NFC').toLowerCase();

describe('glossary: one term per concept in every language', () => {
	it('covers all 16 languages for every term, with keys that exist in English', () => {
		const en = residentTexts('en');
		for (const [name, term] of Object.entries(glossary.terms)) {
			expect(Object.keys(term.languages).sort(), name).toEqual([...LANGUAGES].sort());
			for (const key of term.keys) expect(en.has(key), `${name}: ${key}`).toBe(true);
			for (const [lang, entry] of Object.entries(term.languages)) {
				const forms = entry.match ?? [entry.preferred];
				// A preferred form that is itself forbidden would make the term impossible to use.
				for (const bad of entry.forbidden) expect(fold(entry.preferred).includes(fold(bad)), `${name}/${lang}: ${bad}`).toBe(false);
				expect(forms.length, `${name}/${lang}`).toBeGreaterThan(0);
			}
		}
	});

	for (const lang of LANGUAGES) {
		const texts = residentTexts(lang);

		it(`${lang}: no forbidden variant in any resident text`, () => {
			const found: string[] = [];
			for (const [name, term] of Object.entries(glossary.terms)) {
				const entry = term.languages[lang];
				const patterns = (entry.forbiddenPatterns ?? []).map((p) => new RegExp(p, 'iu'));
				for (const [key, value] of texts) {
					for (const bad of entry.forbidden) if (fold(value).includes(fold(bad))) found.push(`${name}: ${key} has “${bad}”`);
					for (const re of patterns) if (re.test(value)) found.push(`${name}: ${key} matches ${re}`);
				}
			}
			expect(found).toEqual([]);
		});

		it(`${lang}: the keys that name a concept use its preferred term`, () => {
			const missing: string[] = [];
			for (const [name, term] of Object.entries(glossary.terms)) {
				const entry = term.languages[lang];
				const forms = (entry.match ?? [entry.preferred]).map(fold);
				for (const key of term.keys) {
					const value = texts.get(key);
					if (value === undefined || !forms.some((f) => fold(value).includes(f))) missing.push(`${name}: ${key} = ${JSON.stringify(value)} lacks “${entry.preferred}”`);
				}
			}
			expect(missing).toEqual([]);
		});
	}
});
