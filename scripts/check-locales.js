// Every locales/<lang>/<namespace>.json must parse: a translation file with a syntax error stops
// the build with `locales/xx/yy.json:LINE:COL: message` instead of an unreadable bundler error.
// Run by the `anju-check-locales` plugin in vite.config.ts at the start of every build and dev
// server, and on its own: `node scripts/check-locales.js`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Line and column (1-based) of a JSON.parse error in `text`, from the error's position
 * (`… at position 12`) or its own `(line 3 column 1)`; the end of the text when it names neither.
 * @param {string} text
 * @param {Error} error
 * @returns {{ line: number; column: number }}
 */
export function jsonErrorLocation(text, error) {
	const lc = /line (\d+) column (\d+)/.exec(error.message);
	if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
	const pos = /position (\d+)/.exec(error.message);
	const offset = pos ? Math.min(Number(pos[1]), text.length) : text.length;
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Parses one locale file's text; throws `file:LINE:COL: message` on a syntax error.
 * @param {string} file the path to name in the message (relative to the project)
 * @param {string} text
 */
export function parseLocale(file, text) {
	try {
		return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
	} catch (error) {
		const e = /** @type {Error} */ (error);
		const { line, column } = jsonErrorLocation(text, e);
		const message = e.message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
		throw new Error(`${file}:${line}:${column}: ${message}`, { cause: error });
	}
}

/**
 * Checks every locales/<lang>/*.json under `root`; returns the number of files read.
 * @param {string} root
 */
export function checkLocales(root) {
	const dir = path.join(root, 'locales');
	let count = 0;
	for (const lang of fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => e.name)
		.sort()) {
		for (const name of fs
			.readdirSync(path.join(dir, lang))
			.filter((f) => f.endsWith('.json'))
			.sort()) {
			const file = `locales/${lang}/${name}`;
			parseLocale(file, fs.readFileSync(path.join(root, file), 'utf8'));
			count++;
		}
	}
	return count;
}

/** Vite plugin: the check at the start of `vite build` and `vite dev`. */
export function checkLocalesPlugin() {
	return {
		name: 'anju-check-locales',
		/** @this {{ error(message: string): never }} */
		buildStart() {
			try {
				checkLocales(process.cwd());
			} catch (error) {
				this.error(/** @type {Error} */ (error).message);
			}
		}
	};
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
		console.log(`locales: ${checkLocales(root)} files parse`);
	} catch (error) {
		console.error(/** @type {Error} */ (error).message);
		process.exit(1);
	}
}
