import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

// The audit log shows each action as a label in the staff language (issue 16 point 6): every action
// code the server writes has a label in every staff language. A new `action:` without its label
// fails here, before an admin meets a raw code.

const STAFF_LANGUAGES = ['en', 'zh-hans', 'ar'];
const SERVER = 'src/lib/server';

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return sourceFiles(full);
		return e.name.endsWith('.ts') ? [full] : [];
	});
}

/** The decision kinds `declaration.${decision.kind}` stands for, read from review.ts's TO_STATUS table. */
function decisionKinds(): string[] {
	const table = /const TO_STATUS[^=]*=\s*\{([^}]*)\}/.exec(fs.readFileSync(path.join(SERVER, 'review.ts'), 'utf8'));
	if (!table) throw new Error('TO_STATUS not found in review.ts');
	return [...table[1].matchAll(/(\w+):/g)].map((m) => m[1]);
}

/** Every action code written by the server: `action: 'x'`, `action: c ? 'x' : 'y'` and the decisions' template. */
function writtenActions(): { codes: Set<string>; unknownTemplates: string[] } {
	const codes = new Set<string>();
	const unknownTemplates: string[] = [];
	const templates: Record<string, string[]> = { 'declaration.${decision.kind}': decisionKinds().map((k) => `declaration.${k}`) };
	for (const file of sourceFiles(SERVER)) {
		for (const m of fs.readFileSync(file, 'utf8').matchAll(/\baction: (`[^`\n]*`|[^,\n}]+)/g)) {
			const template = /`([^`]+)`/.exec(m[1]);
			if (template) {
				if (templates[template[1]]) templates[template[1]].forEach((c) => codes.add(c));
				else unknownTemplates.push(`${file}: ${template[1]}`);
			}
			for (const literal of m[1].matchAll(/'([a-z_]+(?:\.[a-z_]+)*)'/g)) codes.add(literal[1]);
		}
	}
	return { codes, unknownTemplates };
}

function label(lang: string, code: string): unknown {
	const audit = JSON.parse(fs.readFileSync(path.join('locales', lang, 'audit.json'), 'utf8'));
	return code.split('.').reduce((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), audit.actions as unknown);
}

describe('audit action labels', () => {
	const { codes, unknownTemplates } = writtenActions();

	it('finds the actions the server writes, the decisions among them', () => {
		expect(unknownTemplates).toEqual([]);
		for (const code of ['declaration.approve', 'declaration.reject', 'declaration.request_information', 'translation.submit', 'help_request.view_contact', 'user.deactivate', 'logout']) {
			expect(codes).toContain(code);
		}
		expect(codes.size).toBeGreaterThan(30);
	});

	for (const lang of STAFF_LANGUAGES) {
		it(`labels every written action in ${lang}`, () => {
			const missing = [...codes].filter((code) => typeof label(lang, code) !== 'string' || !(label(lang, code) as string).trim());
			expect(missing).toEqual([]);
		});
	}

	it('writes the labels in each language, not English copies', () => {
		for (const lang of STAFF_LANGUAGES.filter((l) => l !== 'en')) {
			const copies = [...codes].filter((code) => label(lang, code) === label('en', code));
			expect(copies).toEqual([]);
		}
	});
});
