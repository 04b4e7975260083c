import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../src/lib/i18n';

// The translation gate: every key the code uses exists in English, every English key is used,
// shipped languages have exactly the English keys, and {{placeholders}} match everywhere.

const LOCALES = 'locales';
/** Languages that must be complete now; the others may still fall back to English key by key. */
const COMPLETE = ['en', 'zh-hans', 'ar'];
/** Staff-only namespaces must be complete in English and Simplified Chinese (DESIGN.md §7). */
const STAFF_NAMESPACES = ['staff', 'review'];
const STAFF_COMPLETE = ['en', 'zh-hans'];
const PLURAL = /_(zero|one|two|few|many|other)$/;

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
		const unused = [...enBase].filter(
			(k) => !literal.has(k) && ![...prefixes].some((p) => p !== '' && k.startsWith(p)) && ![...literal].some((l) => k.startsWith(l + '.'))
		);
		expect(unused).toEqual([]);
	});

	for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
		it(`${lang}: ${COMPLETE.includes(lang) ? 'exactly the English keys' : 'no key English lacks'}, same placeholders`, () => {
			const other = load(lang);
			const otherBase = new Set([...other.keys()].map(base));
			const extra = [...otherBase].filter((k) => !enBase.has(k));
			expect(extra).toEqual([]);
			const required = (k: string) => (STAFF_NAMESPACES.includes(k.split('.')[0]) ? STAFF_COMPLETE.includes(lang) : COMPLETE.includes(lang));
			expect([...enBase].filter((k) => required(k) && !otherBase.has(k))).toEqual([]);
			const mismatched: string[] = [];
			for (const [key, value] of other) {
				const english = en.get(key) ?? en.get(base(key) + '_other') ?? en.get(base(key));
				if (english === undefined) continue;
				const want = placeholders(english).filter((p) => p !== 'count');
				const got = placeholders(value).filter((p) => p !== 'count');
				if (JSON.stringify([...new Set(want)]) !== JSON.stringify([...new Set(got)])) mismatched.push(key);
			}
			expect(mismatched).toEqual([]);
		});
	}

	it('every locale file is valid JSON with string leaves only', () => {
		for (const lang of fs.readdirSync(LOCALES)) {
			expect(LANGUAGES as readonly string[]).toContain(lang);
			for (const file of fs.readdirSync(path.join(LOCALES, lang))) {
				const text = fs.readFileSync(path.join(LOCALES, lang, file), 'utf8');
				const check = (v: unknown): boolean => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(check));
				expect(check(JSON.parse(text)), `${lang}/${file}`).toBe(true);
			}
		}
	});
});
