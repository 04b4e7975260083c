import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkLocales, jsonErrorLocation, parseLocale } from '../../scripts/check-locales.js';

// A translation file with a syntax error must fail the build naming the file and the line
// (issue 9). The broken samples live in memory or in a temporary directory, never in locales/.

describe('locale syntax check', () => {
	it('names file, line and column of a trailing comma', () => {
		const text = '{\n\t"title": "Déclaration",\n\t"intro": "Bonjour",\n}\n';
		expect(() => parseLocale('locales/fr/declare.json', text)).toThrow(/^locales\/fr\/declare\.json:4:1: /);
	});

	it('names the line of an unescaped quote in the middle of a file', () => {
		const text = '{\n  "a": "one",\n  "b": "say "hi"",\n  "c": "three"\n}';
		const error = (() => {
			try {
				parseLocale('locales/de/common.json', text);
			} catch (e) {
				return (e as Error).message;
			}
		})();
		expect(error).toMatch(/^locales\/de\/common\.json:3:\d+: \S/);
	});

	it('reads line and column from either form of the engine’s message', () => {
		const text = 'ab\ncd\nef';
		expect(jsonErrorLocation(text, new Error('Unexpected token in JSON at position 4'))).toEqual({ line: 2, column: 2 });
		expect(jsonErrorLocation(text, new Error('Bad control character (line 3 column 1)'))).toEqual({ line: 3, column: 1 });
		expect(jsonErrorLocation(text, new Error('Unexpected end of JSON input'))).toEqual({ line: 3, column: 3 });
	});

	it('accepts a byte-order mark and every file in the tree', () => {
		expect(parseLocale('x.json', '\ufeff{"a":"b"}')).toEqual({ a: 'b' });
		expect(checkLocales(process.cwd())).toBeGreaterThan(16 * 4);
	});

	it('stops at the first broken file under a project root', () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-locales-'));
		try {
			fs.mkdirSync(path.join(root, 'locales', 'th'), { recursive: true });
			fs.writeFileSync(path.join(root, 'locales', 'th', 'common.json'), '{"ok": "ใช่"}');
			fs.writeFileSync(path.join(root, 'locales', 'th', 'help.json'), '{\n  "a": "b"\n  "c": "d"\n}');
			expect(() => checkLocales(root)).toThrow(/^locales\/th\/help\.json:3:3: /);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	});
});
