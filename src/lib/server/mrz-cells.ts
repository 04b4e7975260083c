// What Tesseract read on one MRZ line, laid on the zone's fixed pitch (one character per cell),
// and the reads of one line at several sizes combined cell by cell.
//
// A cell the OCR could not read is '?': the correction (mrz-correct.ts) works it out from a
// check digit where one covers it, and otherwise leaves it a filler.

export type OcrSymbol = { text: string; confidence: number; x0: number; x1: number; y0: number; y1: number };
export type CellLine = {
	text: string;
	unsure: number[];
	/** Where cell i is centred in the image: origin + pitch · (first + i). */
	grid?: { origin: number; pitch: number; first: number };
};
export type LineOptions = {
	/** Whether a short L, K or C in this cell may be the filler '<' (default: everywhere). */
	fillerMayHide?: (cell: number) => boolean;
	/** Where the line's first character starts, when the crop knows it (x in the image). */
	start?: number;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const FILLER_MISREAD = /^[LKC<]$/;
// below this the OCR was unsure of a character (tesseract's 0–100)
const SURE = 96;
// a box this much wider than the line's usual one holds more than one character
const WIDE = 1.6;
// OCR-B's figures stand taller than its capitals: the letter and the digit OCR confuses
const AS_DIGIT: Record<string, string> = { O: '0', D: '0', Q: '0', I: '1', B: '8', S: '5', Z: '2', G: '6' };
const AS_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };
// characters with no look-alike in the other class: they show where each class's top is
const PLAIN_DIGIT = /^[3479]$/;
const PLAIN_LETTER = /^[AEFHJMNPRTUVWXY]$/;
// a figure whose top is less than this clearly above the capitals' shows nothing
const MIN_FIGURE_RISE = 1.2;

/** The least-squares line through points (a text line is rarely quite level). */
function lineThrough(points: Array<[number, number]>): (x: number) => number {
	const n = points.length;
	const mx = points.reduce((a, p) => a + p[0], 0) / n;
	const my = points.reduce((a, p) => a + p[1], 0) / n;
	const sxx = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
	const slope = sxx > 0 ? points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0) / sxx : 0;
	return (x) => my + slope * (x - mx);
}

/**
 * Where a glyph's top lies between the capitals' top (0) and the figures' (1), from the plain
 * letters and digits of the same line (a straight line each, sharing the slope of the line);
 * undefined when the line does not show figures clearly taller than capitals.
 */
export function figureScale(symbols: OcrSymbol[]): ((s: OcrSymbol) => number) | undefined {
	const rows = symbols.filter((s) => PLAIN_DIGIT.test(s.text) || PLAIN_LETTER.test(s.text));
	const digits = rows.filter((s) => PLAIN_DIGIT.test(s.text)).length;
	if (digits < 3 || rows.length - digits < 3) return undefined;
	const mx = rows.reduce((a, s) => a + (s.x0 + s.x1) / 2, 0) / rows.length;
	// least squares: top = a + b·x + c·(is a digit)
	const m = [
		[0, 0, 0, 0],
		[0, 0, 0, 0],
		[0, 0, 0, 0]
	];
	for (const s of rows) {
		const v = [1, (s.x0 + s.x1) / 2 - mx, PLAIN_DIGIT.test(s.text) ? 1 : 0];
		for (let i = 0; i < 3; i++) {
			for (let j = 0; j < 3; j++) m[i][j] += v[i] * v[j];
			m[i][3] += v[i] * s.y0;
		}
	}
	const solved = solve3(m);
	if (!solved) return undefined;
	const [a, b, c] = solved;
	if (!(c <= -MIN_FIGURE_RISE)) return undefined;
	return (s) => (s.y0 - a - b * ((s.x0 + s.x1) / 2 - mx)) / c;
}

function solve3(m: number[][]): [number, number, number] | undefined {
	for (let col = 0; col < 3; col++) {
		let pivot = col;
		for (let r = col + 1; r < 3; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
		if (Math.abs(m[pivot][col]) < 1e-9) return undefined;
		[m[col], m[pivot]] = [m[pivot], m[col]];
		for (let r = 0; r < 3; r++) {
			if (r === col) continue;
			const f = m[r][col] / m[col][col];
			for (let k = col; k < 4; k++) m[r][k] -= f * m[col][k];
		}
	}
	return [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]];
}

/**
 * The OCR's symbols laid on the MRZ's fixed pitch: one character per cell, a cell OCR skipped is
 * a filler, a narrow symbol squeezed between two others is noise, a box as wide as several
 * cells is '?' in each (merged glyphs). Tesseract's English model often reads OCR-B's '<' as L
 * or K; a '<' ends above the baseline that letters and digits sit on, which tells them apart.
 * Likewise a digit's top stands above a capital's, which tells O from 0, I from 1, B from 8,
 * S from 5, Z from 2 and G from 6.
 */
export function symbolsToLine(symbols: OcrSymbol[], options: LineOptions = {}): CellLine {
	const fillerMayHide = options.fillerMayHide ?? (() => true);
	const sorted = symbols.filter((s) => s.text.length === 1 && s.x1 > s.x0).sort((a, b) => a.x0 + a.x1 - b.x0 - b.x1);
	if (sorted.length < 20) return { text: sorted.map((s) => s.text).join(''), unsure: [] };
	// Tesseract stretches the first box of a line to the left edge of the image
	if (options.start !== undefined && sorted[0].x0 < options.start) sorted[0] = { ...sorted[0], x0: Math.min(sorted[0].x1 - 1, options.start) };
	const width = median(sorted.map((s) => s.x1 - s.x0));
	const kept = sorted.filter((s, i) => {
		const prev = sorted[i - 1];
		const next = sorted[i + 1];
		const overlaps = (o: OcrSymbol | undefined) => o !== undefined && Math.min(s.x1, o.x1) - Math.max(s.x0, o.x0) > 0.3 * (s.x1 - s.x0);
		return !(s.x1 - s.x0 < 0.7 * width && (overlaps(prev) || overlaps(next)));
	});
	const wide = (s: OcrSymbol) => s.x1 - s.x0 > WIDE * width;
	// the grid from boxes of one character only
	const grid = kept.filter((s) => !wide(s));
	const centres = grid.map((s) => (s.x0 + s.x1) / 2);
	const steps = centres.slice(1).map((c, i) => c - centres[i]);
	const typical = median(steps);
	let pitch = median(steps.filter((d) => d > 0.7 * typical && d < 1.3 * typical)) || typical;
	// the grid's phase from all symbols (a circular mean), not from the first one alone
	const phase = (p: number) =>
		Math.atan2(
			centres.reduce((a, c) => a + Math.sin((2 * Math.PI * c) / p), 0),
			centres.reduce((a, c) => a + Math.cos((2 * Math.PI * c) / p), 0)
		);
	let origin = (phase(pitch) / (2 * Math.PI)) * pitch;
	const index = centres.map((c) => Math.round((c - origin) / pitch));
	// refine pitch and origin by least squares over the cells found
	const n = index.length;
	const mi = index.reduce((a, b) => a + b, 0) / n;
	const mc = centres.reduce((a, b) => a + b, 0) / n;
	const sxx = index.reduce((a, i) => a + (i - mi) ** 2, 0);
	if (sxx > 0) {
		pitch = index.reduce((a, i, k) => a + (i - mi) * (centres[k] - mc), 0) / sxx;
		origin = mc - pitch * mi;
	}
	const cellOf = (x: number) => Math.round((x - origin) / pitch);
	// the cells each box covers: a wide one from its left character's centre to its right one's
	const span = (s: OcrSymbol): [number, number] => (wide(s) ? [cellOf(s.x0 + width / 2), cellOf(s.x1 - width / 2)] : [cellOf((s.x0 + s.x1) / 2), cellOf((s.x0 + s.x1) / 2)]);
	const first = Math.min(...kept.map((s) => span(s)[0]));
	// where letters and digits stand, not the many fillers OCR took for L or K
	const full = kept.filter((s) => !FILLER_MISREAD.test(s.text));
	const basis = full.length >= 5 ? full : kept;
	const baseline = lineThrough(basis.map((s) => [(s.x0 + s.x1) / 2, s.y1]));
	const height = median(basis.map((s) => s.y1 - s.y0));
	const rise = figureScale(kept);
	const cells: string[] = [];
	const widths: number[] = [];
	const unsure = new Set<number>();
	for (const s of kept) {
		const [from, to] = span(s);
		for (let c = from; c <= to; c++) {
			const cell = c - first;
			if (cell < 0 || cell > 60) continue;
			// the first box of a line swallows what lies left of it: its character is its right end
			let text = wide(s) && !(s === kept[0] && c === to) ? '?' : s.text;
			let doubt = s.confidence < SURE;
			if (text !== '?') {
				// a '<' ends well above the baseline (its top tells little: capitals are shorter than figures)
				const short = baseline((s.x0 + s.x1) / 2) - s.y1 > 0.06 * height;
				if (FILLER_MISREAD.test(text) && short && fillerMayHide(cell)) text = '<';
				const t = rise?.(s);
				const other = AS_DIGIT[text] ?? AS_LETTER[text];
				if (t !== undefined && other !== undefined) {
					const shape = t > 0.65 ? 'digit' : t < 0.35 ? 'letter' : undefined;
					if (shape === undefined) doubt = true;
					else if ((shape === 'digit') !== /\d/.test(text)) {
						// the height over the OCR: one such cell the check digit verifies, two in a field may cancel out
						text = other;
						doubt = true;
					}
				}
			}
			const w = s.x1 - s.x0;
			// of two boxes on one cell the wider holds the character; a wide box only fills a gap
			if (cells[cell] === undefined || (cells[cell] === '?' && text !== '?') || (text !== '?' && w > widths[cell])) {
				cells[cell] = text;
				widths[cell] = text === '?' ? 0 : w;
				if (doubt) unsure.add(cell);
				else unsure.delete(cell);
			}
		}
	}
	return { text: Array.from(cells, (c) => c ?? '<').join(''), unsure: [...unsure].sort((a, b) => a - b), grid: { origin, pitch, first } };
}

/**
 * Reads of one line at several sizes, cell by cell: the character most reads agree on, the
 * first read's on a tie. A cell the reads disagree on is unsure, and so is one that a read it
 * agrees with was unsure of.
 */
export function voteLines(reads: CellLine[]): CellLine {
	const length = Math.max(0, ...reads.map((r) => r.text.length));
	let text = '';
	const unsure: number[] = [];
	for (let i = 0; i < length; i++) {
		const counts = new Map<string, number>();
		for (const r of reads) if (r.text[i] !== undefined) counts.set(r.text[i], (counts.get(r.text[i]) ?? 0) + 1);
		let best = reads.find((r) => r.text[i] !== undefined)?.text[i] ?? '<';
		for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
		text += best;
		if (counts.size > 1 || reads.some((r) => r.text[i] === best && r.unsure.includes(i))) unsure.push(i);
	}
	return { text, unsure };
}
