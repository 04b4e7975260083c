import { describe, expect, it } from 'vitest';
import { figureScale, symbolsToLine, voteLines, type OcrSymbol } from '../../src/lib/server/mrz-cells';

// OCR symbols laid on the MRZ's fixed pitch (30 px here, the first cell at x = 40)
const PITCH = 30;
const LEFT = 40;
// in OCR-B a figure's top stands above a capital's; a '<' touches neither line
const TOP = { digit: 16, letter: 19, filler: 24 };
function sym(text: string, cell: number, top = /\d/.test(text) ? TOP.digit : text === '<' ? TOP.filler : TOP.letter, confidence = 99): OcrSymbol {
	return { text, confidence, x0: LEFT + cell * PITCH, x1: LEFT + cell * PITCH + 22, y0: top, y1: text === '<' ? 44 : 50 };
}
const line = (text: string) => text.split('').map((c, i) => sym(c, i));

describe('symbolsToLine: boxes of more or less than one character', () => {
	const text = 'WL99129096NOR6510112F2611011CS27530348<<<<66';

	it('clips the first box Tesseract stretched to the left edge of the image to where the line starts', () => {
		const symbols = line(text);
		symbols[0] = { ...symbols[0], x0: 1 };
		expect(symbolsToLine(symbols, { start: LEFT }).text).toBe(text);
		// without knowing where the line starts, the stretched box covers one cell too many
		expect(symbolsToLine(symbols).text).toBe('?' + text);
	});

	it('marks every cell a box of several merged characters covers as unreadable, and keeps the rest in place', () => {
		const symbols = line(text).filter((_, i) => i < 30 || i > 33);
		symbols.push({ ...sym('L', 30), x1: LEFT + 33 * PITCH + 22 });
		expect(symbolsToLine(symbols).text).toBe(text.slice(0, 30) + '????' + text.slice(34));
	});
});

describe('symbolsToLine: fillers OCR read as L or K', () => {
	it('tells a filler (ending above the baseline) from a letter on a line that slopes', () => {
		const text = 'P<LKAWICKREMESINGHE<<RANIL<ABEYKOON<CARL<<<<';
		const ocr = text.replace(/<(?=<*$)/g, (c, i: number) => (i % 3 === 0 ? 'K' : 'L'));
		const sloped = ocr.split('').map((c, i) => {
			const s = sym(c, i, text[i] === '<' ? TOP.filler : TOP.letter);
			const y1 = text[i] === '<' ? 44 : 50;
			return { ...s, y0: s.y0 - s.x0 / 50, y1: y1 - s.x0 / 50 };
		});
		expect(symbolsToLine(sloped).text).toBe(text);
	});
});

describe('symbolsToLine: figures are taller than capitals', () => {
	const base = 'XZTQ20RFT6FRA9811245F2908063OO69009557<<<<14';

	it('reads a 0 with a capital’s top as O, an O with a figure’s top as 0', () => {
		const symbols = line(base);
		symbols[28] = sym('0', 28, TOP.letter);
		symbols[29] = sym('0', 29, TOP.letter);
		symbols[5] = sym('O', 5, TOP.digit);
		expect(symbolsToLine(symbols).text).toBe(base);
	});

	it('is unsure of a look-alike whose top lies between, and of a 6/G it turned (no check digit sees that)', () => {
		const symbols = line(base);
		symbols[28] = sym('O', 28, (TOP.digit + TOP.letter) / 2);
		const read = symbolsToLine(symbols);
		expect(read.text).toBe(base);
		expect(read.unsure).toEqual([28]);
		const six = line(base.slice(0, 4) + '6' + base.slice(5));
		six[4] = sym('6', 4, TOP.letter);
		const turned = symbolsToLine(six);
		expect(turned.text[4]).toBe('G');
		expect(turned.unsure).toContain(4);
	});

	it('changes nothing on a line whose figures are no taller than its capitals', () => {
		const flat = line(base).map((s) => ({ ...s, y0: s.text === '<' ? TOP.filler : TOP.letter }));
		flat[28] = { ...flat[28], text: '0' };
		expect(figureScale(flat)).toBeUndefined();
		expect(symbolsToLine(flat).text[28]).toBe('0');
	});

	it('follows a line that rises across the image', () => {
		const tilted = line(base).map((s) => ({ ...s, y0: s.y0 - s.x0 / 100, y1: s.y1 - s.x0 / 100 }));
		const scale = figureScale(tilted)!;
		expect(scale(tilted[14])).toBeCloseTo(1); // the 8 of the birth date
		expect(scale(tilted[6])).toBeCloseTo(0); // the R of the number
	});
});

describe('voteLines', () => {
	it('takes the character most reads agree on, the first read’s on a tie, and is unsure where they differ', () => {
		const voted = voteLines([
			{ text: 'ABC<1', unsure: [] },
			{ text: 'ABD<7', unsure: [0] },
			{ text: 'XBD<', unsure: [] }
		]);
		expect(voted.text).toBe('ABD<1');
		expect(voted.unsure).toEqual([0, 2, 4]);
		expect(voteLines([{ text: 'AB', unsure: [] }])).toEqual({ text: 'AB', unsure: [] });
	});
});
