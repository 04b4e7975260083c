import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { bcp47, LANGUAGES, type Lang } from '../../src/lib/i18n';

// The translation gate (issue 9): every key the code uses exists in English, every English key is
// used, every one of the 16 languages has exactly the English keys of the resident namespaces,
// {{placeholders}} match, plural keys have every form the language needs, and no value is left
// in English unless the allow-list below says why.

const LOCALES = 'locales';
/** What residents see (pages, e-mail, API messages): complete in all 16 languages. */
const RESIDENT_NAMESPACES = ['common', 'validation', 'findings', 'email', 'declare', 'help'];
/**
 * The kiosk's texts are resident texts too, but locales/<lang>/kiosk.json is still being written
 * (the kiosk is under construction): a language is held to the English kiosk keys only once its
 * kiosk.json exists. When every language has one, move 'kiosk' into RESIDENT_NAMESPACES.
 */
const KIOSK_NAMESPACE = 'kiosk';
/** Staff-only namespaces must be complete in English and Simplified Chinese only (DESIGN.md §7). */
const STAFF_NAMESPACES = ['staff', 'review', 'audit'];
const STAFF_COMPLETE = ['en', 'zh-hans'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * Values that may be the same as the English one. Everything else that is identical to English
 * in another language is an untranslated string. Keep this short and say why; a value without
 * any letter (a placeholder alone, a number, punctuation) never counts as identical.
 */
const SAME_AS_ENGLISH: { key: string; langs: readonly string[] | '*'; why: string }[] = [
	{ key: 'common.appName', langs: '*', why: 'the service’s name "Anju", a proper name (some scripts transliterate it)' },
	{ key: 'declare.nationality.GBN', langs: ['de'], why: '"British National (Overseas)" is the legal name of the status, used untranslated in German' },
	{ key: 'declare.errorTitlePrefix', langs: ['es'], why: 'Spanish "Error: " is spelt as in English' },
	{ key: 'declare.guardian.relationshipOption.parent', langs: ['fr'], why: 'French "Parent" is spelt as in English' },
	{ key: 'declare.receipt.name', langs: ['de'], why: 'German "Name" is spelt as in English' },
	{ key: 'help.rating.values.5', langs: ['fr'], why: 'French "Excellent" is spelt as in English' },
	{ key: 'help.thread.title', langs: ['fr'], why: 'French "Messages" is spelt as in English' }
];

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
	const out = new Map<string, string>();
	for (const [key, value] of Object.entries(tree)) {
		const full = prefix ? `${prefix}.${key}` : key;
		if (typeof value === 'string') out.set(full, value);
		else for (const [k, v] of leaves(value, full)) out.set(k, v);
	}
	return out;
}

function load(lang: string): Map<string, string> {
	const dir = path.join(LOCALES, lang);
	const all = new Map<string, string>();
	if (!fs.existsSync(dir)) return all;
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
		const namespace = file.replace(/\.json$/, '');
		const tree = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Tree;
		for (const [k, v] of leaves(tree, namespace)) all.set(k, v);
	}
	return all;
}

const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (value: string) => [...value.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return sourceFiles(full);
		return /\.(ts|svelte|js)$/.test(e.name) ? [full] : [];
	});
}

/**
 * Keys the code names: any string literal that starts with a namespace (`'staff.title'`, also in
 * ternaries and tables), and prefixes of template literals (`\`validation.${code}\``).
 */
function usage(): { literal: Set<string>; prefixes: Set<string> } {
	const namespaces = fs.readdirSync(path.join(LOCALES, 'en')).map((f) => f.replace(/\.json$/, ''));
	const ns = namespaces.join('|');
	const literalRe = new RegExp(`['"\`]((?:${ns})\\.[A-Za-z0-9_.-]*[A-Za-z0-9_])['"\`]`, 'g');
	const templateRe = new RegExp(`\`((?:${ns})\\.[A-Za-z0-9_.-]*)\\$\\{`, 'g');
	const literal = new Set<string>();
	const prefixes = new Set<string>();
	for (const file of [...sourceFiles('src'), ...sourceFiles('scripts')]) {
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(literalRe)) literal.add(m[1]);
		for (const m of text.matchAll(templateRe)) prefixes.add(m[1]);
	}
	return { literal, prefixes };
}

describe('translations', () => {
	const en = load('en');
	const enBase = new Set([...en.keys()].map(base));

	it('every key used in the code exists in English', () => {
		const { literal } = usage();
		const missing = [...literal].filter((k) => !enBase.has(k) && !en.has(k) && ![...en.keys()].some((e) => e.startsWith(k + '.')));
		expect(missing).toEqual([]);
	});

	it('every English key is used by the code', () => {
		const { literal, prefixes } = usage();
		const unused = [...enBase].filter((k) => !literal.has(k) && ![...prefixes].some((p) => p !== '' && k.startsWith(p)) && ![...literal].some((l) => k.startsWith(l + '.')));
		expect(unused).toEqual([]);
	});

	for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
		const other = load(lang);
		const namespaceOf = (k: string) => k.split('.')[0];
		const hasKiosk = fs.existsSync(path.join(LOCALES, lang, `${KIOSK_NAMESPACE}.json`));
		const required = (k: string) => {
			const ns = namespaceOf(k);
			if (STAFF_NAMESPACES.includes(ns)) return STAFF_COMPLETE.includes(lang);
			if (ns === KIOSK_NAMESPACE) return hasKiosk;
			return RESIDENT_NAMESPACES.includes(ns);
		};

		it(`${lang}: exactly the English keys of the resident namespaces${hasKiosk ? ' and the kiosk' : ''}, same placeholders`, () => {
			const otherBase = new Set([...other.keys()].map(base));
			const extra = [...otherBase].filter((k) => !enBase.has(k));
			expect(extra, `${lang}: keys English does not have`).toEqual([]);
			expect(
				[...enBase].filter((k) => required(k) && !otherBase.has(k)),
				`${lang}: missing keys`
			).toEqual([]);
			const mismatched: string[] = [];
			for (const [key, value] of other) {
				const english = en.get(key) ?? en.get(base(key) + '_other') ?? en.get(base(key));
				if (english === undefined) continue;
				const want = placeholders(english).filter((p) => p !== 'count');
				const got = placeholders(value).filter((p) => p !== 'count');
				if (JSON.stringify([...new Set(want)]) !== JSON.stringify([...new Set(got)])) mismatched.push(key);
			}
			expect(mismatched, `${lang}: placeholders differ from English`).toEqual([]);
		});

		it(`${lang}: plural keys have every form the language uses`, () => {
			// i18next picks `key_<category>` by Intl.PluralRules; a missing form falls back to English
			const categories = new Intl.PluralRules(bcp47(lang as Lang)).resolvedOptions().pluralCategories;
			const plural = new Set([...en.keys()].filter((k) => PLURAL.test(k) && required(k)).map(base));
			const missing: string[] = [];
			for (const k of plural) {
				if (![...other.keys()].some((o) => base(o) === k)) continue; // reported as a missing key above
				for (const c of categories) if (!other.has(`${k}_${c}`)) missing.push(`${k}_${c}`);
			}
			expect(missing, `${lang}: plural forms (${categories.join(', ')})`).toEqual([]);
		});

		it(`${lang}: no value left in English without a reason`, () => {
			const allowed = (k: string) => SAME_AS_ENGLISH.some((a) => a.key === k && (a.langs === '*' || a.langs.includes(lang)));
			const letters = (v: string) => /\p{L}/u.test(v.replace(/\{\{[^}]*\}\}/g, ''));
			const same = [...other].filter(([k, v]) => required(k) && !STAFF_NAMESPACES.includes(namespaceOf(k)) && en.get(k) === v && letters(v) && !allowed(k));
			expect(
				same.map(([k, v]) => `${k} = ${JSON.stringify(v)}`),
				`${lang}: identical to English`
			).toEqual([]);
		});
	}

	it('the allow-list of values kept in English has no stale entries', () => {
		for (const a of SAME_AS_ENGLISH) expect(en.has(a.key), a.key).toBe(true);
	});

	it('every locale file is valid JSON with string leaves only', () => {
		// locales/glossary.json is a data file for translators, not a language (glossary.test.ts).
		for (const lang of fs
			.readdirSync(LOCALES, { withFileTypes: true })
			.filter((e) => e.isDirectory())
			.map((e) => e.name)) {
			expect(LANGUAGES as readonly string[]).toContain(lang);
			for (const file of fs.readdirSync(path.join(LOCALES, lang))) {
				const text = fs.readFileSync(path.join(LOCALES, lang, file), 'utf8');
				const check = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(check));
				expect(check(JSON.parse(text)), `${lang}/${file}`).toBe(true);
			}
		}
	});
});
