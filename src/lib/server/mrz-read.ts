// Finds the machine-readable zone (TD3: two lines of 44) in a photo of a passport data page and
// reads it with Tesseract (tesseract.js, model from @tesseract.js-data/eng: nothing is fetched at
// run time), then corrects the read with ICAO 9303 (mrz-correct.ts).
//
// Locating is plain image arithmetic on a small grey copy: dark-on-light ink by a local threshold,
// the turn (±12°) whose row profile is sharpest, text lines as bands of inky rows, and the MRZ as
// two long lines of equal height one above the other (44 characters make a line about 30 times
// as long as it is high; nothing else on a data page is). Only those two lines go to the OCR, cut
// from the full-size image turned straight, which keeps a read well under a second.
// A photo taken upside down is turned by 180° and tried again.

import { createRequire } from 'node:module';
import sharp from 'sharp';
import { symbolsToLine, voteLines, type CellLine, type OcrSymbol } from './mrz-cells';
import { correctTd3, correctTd3Cells, line2Score, type MrzCorrection, type MrzRead } from './mrz-correct';

const SMALL_WIDTH = 900;
const MAX_SIDE = 2400;
const COARSE = Array.from({ length: 25 }, (_, i) => -12 + i);
const MRZ_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';
const LINE_HEIGHTS_FOR_OCR = [34, 42, 28];
const MAX_PIXELS = 50_000_000;

type Gray = { data: Buffer; width: number; height: number };
type Band = { top: number; bottom: number; left: number; right: number };
type Found = { angle: number; lines: [Band, Band] };

export type { OcrSymbol } from './mrz-cells';
export interface LineReader {
	read(png: Buffer): Promise<OcrSymbol[]>;
}

/** Ink: pixels clearly darker than their neighbourhood (works under uneven light). */
function inkPoints(img: Gray): { xs: Int32Array; ys: Int32Array; n: number } {
	const { data, width: w, height: h } = img;
	const integral = new Float64Array((w + 1) * (h + 1));
	for (let y = 0; y < h; y++) {
		let row = 0;
		for (let x = 0; x < w; x++) {
			row += data[y * w + x];
			integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
		}
	}
	const r = Math.max(8, Math.round(w / 60));
	const xs = new Int32Array(w * h);
	const ys = new Int32Array(w * h);
	let n = 0;
	for (let y = 0; y < h; y++) {
		const y0 = Math.max(0, y - r);
		const y1 = Math.min(h, y + r + 1);
		for (let x = 0; x < w; x++) {
			const x0 = Math.max(0, x - r);
			const x1 = Math.min(w, x + r + 1);
			const sum = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1] - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
			const mean = sum / ((x1 - x0) * (y1 - y0));
			const v = data[y * w + x];
			// a thin dark stroke, not the dark edge of a larger area (the table round the page)
			if (v < mean * 0.62 && mean > 40 && thin(data, w, h, x, y, mean)) {
				xs[n] = x;
				ys[n] = y;
				n++;
			}
		}
	}
	return { xs, ys, n };
}

const STROKE = 4;
function thin(data: Uint8Array, w: number, h: number, x: number, y: number, mean: number): boolean {
	const bright = (xx: number, yy: number) => xx >= 0 && yy >= 0 && xx < w && yy < h && data[yy * w + xx] > mean;
	return (
		(bright(x - STROKE, y) && bright(x + STROKE, y)) ||
		(bright(x, y - STROKE) && bright(x, y + STROKE)) ||
		(bright(x - STROKE, y) && bright(x, y + STROKE)) ||
		(bright(x + STROKE, y) && bright(x, y - STROKE))
	);
}

function rotated(points: { xs: Int32Array; ys: Int32Array; n: number }, img: Gray, deg: number) {
	const a = (deg * Math.PI) / 180;
	const cos = Math.cos(a);
	const sin = Math.sin(a);
	const cx = img.width / 2;
	const cy = img.height / 2;
	const rx = new Float32Array(points.n);
	const ry = new Float32Array(points.n);
	for (let i = 0; i < points.n; i++) {
		const x = points.xs[i] - cx;
		const y = points.ys[i] - cy;
		rx[i] = x * cos - y * sin;
		ry[i] = x * sin + y * cos;
	}
	return { rx, ry };
}

/** The turn (degrees, clockwise) that makes the text lines horizontal. */
function deskewAngle(points: { xs: Int32Array; ys: Int32Array; n: number }, img: Gray): number {
	const size = img.width + img.height;
	const step = Math.max(1, Math.floor(points.n / 30_000));
	const coarse = sharpest(points, img, size, step, COARSE);
	return sharpest(
		points,
		img,
		size,
		step,
		[-0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75].map((d) => coarse + d)
	);
}

function sharpest(points: { xs: Int32Array; ys: Int32Array; n: number }, img: Gray, size: number, step: number, angles: number[]): number {
	let best = 0;
	let bestScore = -1;
	for (const deg of angles) {
		const a = (deg * Math.PI) / 180;
		const cos = Math.cos(a);
		const sin = Math.sin(a);
		const hist = new Float64Array(size * 2);
		for (let i = 0; i < points.n; i += step) hist[Math.round((points.xs[i] - img.width / 2) * sin + (points.ys[i] - img.height / 2) * cos) + size]++;
		let score = 0;
		for (let k = 0; k < hist.length; k++) score += hist[k] * hist[k];
		if (score > bestScore) {
			bestScore = score;
			best = deg;
		}
	}
	return best;
}

/** Text lines in the straightened frame (coordinates relative to the image centre). */
function bands(rx: Float32Array, ry: Float32Array, img: Gray): Band[] {
	const size = img.width + img.height;
	const rows = new Int32Array(size);
	for (let i = 0; i < ry.length; i++) rows[Math.round(ry[i]) + (size >> 1)]++;
	const minInk = Math.max(3, img.width / 150);
	const found: Band[] = [];
	for (let y = 0; y < size; y++) {
		if (rows[y] < minInk) continue;
		let end = y;
		while (end + 1 < size && rows[end + 1] >= minInk) end++;
		if (end - y >= 3) found.push({ top: y - (size >> 1), bottom: end - (size >> 1) + 1, left: 0, right: 0 });
		y = end;
	}
	// horizontal extent of each band: the longest stretch of ink columns without a wide gap
	for (const band of found) {
		const height = band.bottom - band.top;
		const cols = new Int32Array(size);
		for (let i = 0; i < ry.length; i++) if (ry[i] >= band.top && ry[i] < band.bottom) cols[Math.round(rx[i]) + (size >> 1)]++;
		const maxGap = height * 1.2;
		let bestLen = 0;
		let start = -1;
		let last = -1;
		for (let x = 0; x < size; x++) {
			if (cols[x] === 0) continue;
			if (start < 0 || x - last > maxGap) start = x;
			last = x;
			if (last - start > bestLen) {
				bestLen = last - start;
				band.left = start - (size >> 1);
				band.right = last + 1 - (size >> 1);
			}
		}
	}
	return found;
}

/** Pairs of lines that look like a TD3 MRZ, the lowest on the page first. */
function mrzCandidates(found: Band[]): Array<[Band, Band]> {
	const pairs: Array<[Band, Band]> = [];
	for (let i = 0; i + 1 < found.length; i++) {
		const a = found[i];
		const b = found[i + 1];
		const ha = a.bottom - a.top;
		const hb = b.bottom - b.top;
		const wa = a.right - a.left;
		const wb = b.right - b.left;
		const h = Math.max(ha, hb);
		if (Math.min(ha, hb) / h < 0.6) continue;
		if (wa / ha < 18 || wb / hb < 18 || wa / ha > 70 || wb / hb > 70) continue;
		if (Math.min(wa, wb) / Math.max(wa, wb) < 0.8 || Math.abs(a.left - b.left) > 2 * h) continue;
		const gap = b.top - a.bottom;
		if (gap < 0.2 * h || gap > 2.5 * h) continue;
		pairs.push([a, b]);
	}
	return pairs.reverse();
}

async function grayscale(bytes: Uint8Array, turn: 0 | 180): Promise<Gray> {
	const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
		.rotate() // EXIF orientation
		.rotate(turn)
		.resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
		.grayscale()
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

async function shrink(img: Gray): Promise<Gray> {
	const width = Math.min(SMALL_WIDTH, img.width);
	const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
		.resize({ width })
		.toColourspace('b-w') // else sharp hands back three channels
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

function locate(small: Gray): Found[] {
	const points = inkPoints(small);
	if (points.n < 100) return [];
	const angle = deskewAngle(points, small);
	const { rx, ry } = rotated(points, small, angle);
	return mrzCandidates(bands(rx, ry, small)).map((lines) => ({ angle, lines }));
}

/** The full image turned straight (the same for both lines and every size). */
async function straighten(big: Gray, angle: number): Promise<Gray> {
	const { data, info } = await sharp(big.data, { raw: { width: big.width, height: big.height, channels: 1 } })
		.rotate(angle, { background: { r: 255, g: 255, b: 255 } })
		.toColourspace('b-w')
		.raw()
		.toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height };
}

type Cut = { png: Buffer; width: number; height: number; start: number; end: number };

/** One line cut from the straightened image, scaled for the OCR, as PNG, and where its first character starts and its last ends. */
async function cutLine(straight: Gray, scale: number, band: Band, lineHeight: number): Promise<Cut | undefined> {
	const h = (band.bottom - band.top) * scale;
	const cx = straight.width / 2;
	const cy = straight.height / 2;
	const left = Math.max(0, Math.floor(cx + band.left * scale - h * 1.2));
	const top = Math.max(0, Math.floor(cy + band.top * scale - h * 0.45));
	const right = Math.min(straight.width, Math.ceil(cx + band.right * scale + h * 1.2));
	const bottom = Math.min(straight.height, Math.ceil(cy + band.bottom * scale + h * 0.45));
	if (right - left < 10 || bottom - top < 5) return undefined;
	const { data: png, info } = await sharp(straight.data, { raw: { width: straight.width, height: straight.height, channels: 1 } })
		.extract({ left, top, width: right - left, height: bottom - top })
		.resize({ height: Math.round(((bottom - top) * lineHeight) / h) })
		.normalise()
		.png({ compressionLevel: 1 })
		.toBuffer({ resolveWithObject: true });
	const at = (x: number) => ((x - left) * lineHeight) / h;
	return { png, width: info.width, height: info.height, start: at(cx + band.left * scale), end: at(cx + band.right * scale) };
}

// the read of a lone character that replaces the line's
const SURE_ALONE = 90;
// at most this many unreadable cells of a line are read again one by one
const MAX_ALONE = 4;

/** One character cut from a line, between two x, read on its own; undefined unless the OCR is sure of it. */
async function readAlone(cut: Cut, from: number, to: number, ocr: LineReader): Promise<string | undefined> {
	const left = Math.max(0, Math.round(from));
	const right = Math.min(cut.width, Math.round(to));
	if (right - left < 4) return undefined;
	const alone = await sharp(cut.png)
		.extract({ left, top: 0, width: right - left, height: cut.height })
		.extend({ left: 20, right: 20, background: '#ffffff' })
		.png({ compressionLevel: 1 })
		.toBuffer();
	const symbols = (await ocr.read(alone)).filter((s) => s.text.length === 1);
	return symbols.length === 1 && symbols[0].confidence >= SURE_ALONE ? symbols[0].text : undefined;
}

/**
 * Line 2's last character (the composite check digit) read on its own. After the run of fillers
 * before it, Tesseract often reads it as a letter (6 as H) or merges it into the run; alone, it
 * reads it well. Its cell: the last glyph ends where the line's ink ends, and 44 characters
 * make 43.7 pitches.
 */
async function withLastDigit(line: CellLine, cut: Cut, ocr: LineReader): Promise<CellLine> {
	const pitch = (cut.end - cut.start) / 43.7;
	const digit = line.text.length > 0 ? await readAlone(cut, cut.end - pitch, cut.end + 0.4 * pitch, ocr) : undefined;
	if (digit === undefined || !/^\d$/.test(digit)) return line;
	const last = line.text.length - 1;
	return { ...line, text: line.text.slice(0, last) + digit, unsure: line.unsure.filter((i) => i !== last) };
}

/** Cells OCR could not read in the line (a box over several), read again one by one. */
async function withCellsAlone(line: CellLine, cut: Cut, ocr: LineReader): Promise<CellLine> {
	const grid = line.grid;
	if (!grid) return line;
	const chars = line.text.split('');
	for (const i of chars.flatMap((c, k) => (c === '?' ? [k] : [])).slice(0, MAX_ALONE)) {
		const x = grid.origin + grid.pitch * (grid.first + i);
		chars[i] = (await readAlone(cut, x - 0.6 * grid.pitch, x + 0.6 * grid.pitch, ocr)) ?? '?';
	}
	return { ...line, text: chars.join('') };
}

const better = (a: MrzRead | null, b: MrzRead | null) => (b && (!a || line2Score(b.lines[1]) > line2Score(a.lines[1])) ? b : a);

/** The MRZ in the photo, corrected; null when there is none (or the image cannot be decoded). */
export async function readMrz(bytes: Uint8Array, ocr: LineReader, now = new Date()): Promise<MrzRead | null> {
	let best: MrzRead | null = null;
	for (const turn of [0, 180] as const) {
		let big: Gray;
		try {
			big = await grayscale(bytes, turn);
		} catch {
			return null;
		}
		const small = await shrink(big);
		const scale = big.width / small.width;
		for (const found of locate(small).slice(0, 2)) {
			const straight = await straighten(big, found.angle);
			// Tesseract splits and merges glyphs differently at another size: a read whose check
			// digits fail is tried again with the lines a little larger, then smaller, and the
			// reads are combined cell by cell
			const reads: Array<[CellLine, CellLine]> = [];
			for (const lineHeight of LINE_HEIGHTS_FOR_OCR) {
				const [l1, l2] = await Promise.all(found.lines.map((band) => cutLine(straight, scale, band, lineHeight)));
				if (!l1 || !l2) break;
				const line1 = await withCellsAlone(symbolsToLine(await ocr.read(l1.png), { start: l1.start }), l1, ocr);
				// line 2: only in the personal number's filler tail
				const line2 = await withLastDigit(await withCellsAlone(symbolsToLine(await ocr.read(l2.png), { start: l2.start, fillerMayHide: (cell) => cell > 28 }), l2, ocr), l2, ocr);
				const corrected = correctTd3Cells(line1.text, line2.text, now, line2.unsure);
				if (!corrected) break; // no MRZ there at any size
				if (corrected.read.valid) return corrected.read;
				best = better(best, corrected.read);
				reads.push(asCells(corrected, line2));
			}
			if (reads.length >= 2) {
				const [voted1, voted2] = [voteLines(reads.map((r) => r[0])), voteLines(reads.map((r) => r[1]))];
				const read = correctTd3(voted1.text, voted2.text, now, voted2.unsure);
				if (read?.valid) return read;
				best = better(best, read);
			}
		}
		if (best) return best;
	}
	return best;
}

/** A corrected read for the vote: what was worked out rather than read is '?' again. */
function asCells({ read, guessed }: MrzCorrection, raw: CellLine): [CellLine, CellLine] {
	const line2 = read.lines[1].split('').map((c, i) => (guessed.includes(i) ? '?' : c));
	return [
		{ text: read.lines[0], unsure: [] },
		{ text: line2.join(''), unsure: raw.text.length === read.lines[1].length ? raw.unsure : [] }
	];
}

type Bbox = { x0: number; x1: number; y0: number; y1: number };
type TesseractWorker = {
	recognize(
		image: Buffer,
		options: object,
		output: { blocks: true; text: false }
	): Promise<{ data: { blocks: Array<{ paragraphs: Array<{ lines: Array<{ words: Array<{ symbols: Array<{ text: string; confidence: number; bbox: Bbox }> }> }> }> }> | null } }>;
	setParameters(params: Record<string, string>): Promise<unknown>;
	terminate(): Promise<unknown>;
};

/** Tesseract on one text line, MRZ characters only, the model from the npm package. */
export async function tesseractLineReader(): Promise<LineReader & { close(): Promise<void> }> {
	// loaded at run time from node_modules (not bundled): tesseract.js starts its own worker script
	const require = createRequire(import.meta.url);
	const tesseract = require('tesseract.js') as { createWorker: (lang: string, oem: number, options: Record<string, unknown>, config: Record<string, string>) => Promise<TesseractWorker> };
	const model = require('@tesseract.js-data/eng') as { langPath: string };
	const worker = await tesseract.createWorker(
		'eng',
		1,
		{
			langPath: model.langPath.replace(/4\.0\.0$/, '4.0.0_best_int'),
			gzip: true,
			cacheMethod: 'none',
			logger: () => {},
			errorHandler: () => {}
		},
		{ load_system_dawg: '0', load_freq_dawg: '0' }
	); // no dictionaries: an MRZ has no words
	await worker.setParameters({ tessedit_char_whitelist: MRZ_CHARS, tessedit_pageseg_mode: '7', user_defined_dpi: '300' });
	return {
		read: async (png) => {
			const { data } = await worker.recognize(png, {}, { blocks: true, text: false });
			return (data.blocks ?? []).flatMap((b) =>
				b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words.flatMap((w) => w.symbols.map((s) => ({ text: s.text, confidence: s.confidence, ...s.bbox })))))
			);
		},
		close: async () => {
			await worker.terminate();
		}
	};
}
