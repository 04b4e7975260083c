import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

// Right-to-left by construction (issue 9): ar and ur mirror the layout only if no style names a
// physical side. Every stylesheet and every .svelte <style> block, style="" attribute and
// style: directive must use logical properties (margin-inline-start, inset-inline-end,
// text-align: start, …) instead of left/right ones.

const ROOTS = ['static', 'src'];

/** Physical-direction declarations: property name or value that fixes a left/right side. */
const PHYSICAL: { re: RegExp; use: string }[] = [
	{ re: /(?<![\w-])(margin|padding|border|scroll-margin|scroll-padding)-(left|right)(?![\w-]*-radius)(?=[\w-]*\s*:)/, use: '…-inline-start / …-inline-end' },
	{ re: /(?<![\w-])border-(top|bottom)-(left|right)-radius\s*:/, use: 'border-start-start-radius, …' },
	{ re: /(?<![\w-])(left|right)\s*:/, use: 'inset-inline-start / inset-inline-end' },
	{ re: /(?<![\w-])text-align\s*:\s*(left|right)\b/, use: 'text-align: start / end' },
	{ re: /(?<![\w-])float\s*:\s*(left|right)\b/, use: 'float: inline-start / inline-end (or flex/grid)' },
	{ re: /(?<![\w-])clear\s*:\s*(left|right)\b/, use: 'clear: inline-start / inline-end' },
	{ re: /(?<![\w-])style:(margin|padding|border)-(left|right)\b|(?<![\w-])style:(left|right)\b/, use: 'a logical style: directive' },
	// four-value shorthands whose right and left differ (`margin: 0 1rem 0 2rem`)
	{ re: /(?<![\w-])(margin|padding|inset)\s*:\s*(?<t>[^\s;{}]+)\s+(?<r>[^\s;{}]+)\s+(?<b>[^\s;{}]+)\s+(?<l>[^\s;{}!]+)/, use: 'margin-inline / padding-block… (sides differ)' }
];

/**
 * Places where a physical side is right: keep it short, say why.
 * (file, the exact matched text)
 */
const ALLOWED: { file: string; text: string; why: string }[] = [];

function files(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return files(full);
		return /\.(css|svelte)$/.test(e.name) ? [full] : [];
	});
}

/** The style text of a file with each piece's starting line: whole .css files, and in .svelte files the style blocks and attributes. */
function styleChunks(file: string, text: string): { line: number; css: string }[] {
	if (file.endsWith('.css')) return [{ line: 1, css: text }];
	const chunks: { line: number; css: string }[] = [];
	const lineAt = (index: number) => text.slice(0, index).split('\n').length;
	for (const m of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) chunks.push({ line: lineAt(m.index! + m[0].indexOf('>') + 1), css: m[1] });
	for (const m of text.matchAll(/\sstyle\s*=\s*(["'])([\s\S]*?)\1/g)) chunks.push({ line: lineAt(m.index!), css: m[2] });
	for (const m of text.matchAll(/\sstyle:[\w-]+/g)) chunks.push({ line: lineAt(m.index!), css: m[0].trim() });
	return chunks;
}

function physicalDeclarations(file: string, text: string): string[] {
	const found: string[] = [];
	for (const chunk of styleChunks(file, text)) {
		// comments say "left" and "right" freely
		const lines = chunk.css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).split('\n');
		lines.forEach((line, i) => {
			for (const { re, use } of PHYSICAL) {
				const m = re.exec(line);
				if (!m) continue;
				if (m.groups?.r !== undefined && m.groups.r === m.groups.l) continue; // symmetric shorthand
				if (ALLOWED.some((a) => file.endsWith(a.file) && line.includes(a.text))) continue;
				found.push(`${file}:${chunk.line + i}: ${line.trim()}  → use ${use}`);
			}
		});
	}
	return found;
}

describe('logical CSS only', () => {
	it('finds physical sides in a sample (the check itself works)', () => {
		const sample =
			'<div style="margin-left: 1rem"></div>\n<style>\n.a { padding-right: 0; text-align: right; }\n.b { left: 0; float: left }\n.c { margin: 0 1rem 0 2rem; padding: 0 1rem 0 1rem; inset-inline-start: 0; }\n</style>';
		const found = physicalDeclarations('x.svelte', sample);
		expect(found.map((f) => f.split(':')[1])).toEqual(['3', '3', '4', '4', '5', '1']);
		expect(physicalDeclarations('y.css', '.ok { margin-inline-start: 1rem; border-inline-end: 0; text-align: start; inset-inline: 0; }')).toEqual([]);
	});

	it('no stylesheet or component names a physical side', () => {
		const found = ROOTS.flatMap(files).flatMap((file) => physicalDeclarations(file.split(path.sep).join('/'), fs.readFileSync(file, 'utf8')));
		expect(found).toEqual([]);
	});
});
