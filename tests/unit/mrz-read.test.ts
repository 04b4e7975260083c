import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { correctTd3 } from '../../src/lib/server/mrz-correct';
import { symbolsToLine } from '../../src/lib/server/mrz-cells';
import { readMrz, tesseractLineReader, type LineReader } from '../../src/lib/server/mrz-read';
import { corpusPhoto } from '../../scripts/mrz-corpus';

const now = new Date('2026-12-01T00:00:00Z');
const [L1, L2] = buildTd3({
	issuingState: 'FRA',
	surname: 'Dupont',
	givenNames: 'Marie Claire',
	documentNumber: '19FR12345',
	nationality: 'FRA',
	dateOfBirth: '1990-04-02',
	sex: 'F',
	expiryDate: '2031-05-01',
	personalNumber: ''
}).split('\n');

describe('correctTd3 (ICAO 9303 corrections of an OCR read)', () => {
	it('keeps a clean read and calls it valid', () => {
		const read = correctTd3(L1, L2, now);
		expect(read?.valid).toBe(true);
		expect(read?.lines).toEqual([L1, L2]);
		expect(read?.fields).toEqual({ surname: 'DUPONT', givenNames: 'MARIE CLAIRE', nationality: 'FRA', number: '19FR12345', dateOfBirth: '1990-04-02', sex: 'F', expiryDate: '2031-05-01' });
	});

	it('fixes letters in digit places, digits in names and the nationality, and fillers read as L/K', () => {
		const ocr2 = L2.slice(0, 13) + L2.slice(13, 19).replace(/0/g, 'O').replace(/1/g, 'I') + L2.slice(19);
		const ocr1 = 'P<FRADUP0NT<<MAR1E<CLAIRE<<LLLLKLLLLLLLLLLLLLLLL';
		const read = correctTd3(ocr1.slice(0, 44), ocr2, now);
		expect(read?.lines).toEqual([L1, L2]);
		expect(read?.valid).toBe(true);
	});

	it('uses the check digit to choose between O and 0 in the document number', () => {
		const read = correctTd3(L1, 'I9FR' + L2.slice(4), now, [0]);
		expect(read?.lines[1]).toBe(L2);
		expect(read?.valid).toBe(true);
	});

	it('restores a filler OCR lost from a run of them', () => {
		const read = correctTd3(L1, L2.replace('<<<<<<', '<<<<<'), now);
		expect(read?.lines[1]).toBe(L2);
		expect(read?.valid).toBe(true);
	});

	it('never calls a wrong line 2 valid: a misread digit, an unknown nationality, an unsure 6/G', () => {
		const wrongDigit = L2.slice(0, 14) + (L2[14] === '3' ? '8' : '3') + L2.slice(15);
		expect(correctTd3(L1, wrongDigit, now)?.valid).toBe(false);
		expect(correctTd3(L1, L2.slice(0, 10) + 'FRX' + L2.slice(13), now)?.valid).toBe(false);
		// G and 6 weigh the same in a check digit: an unsure one there leaves the read unverified
		const [g1, g2] = buildTd3({
			issuingState: 'FRA',
			surname: 'X',
			givenNames: 'Y',
			documentNumber: 'G6123456',
			nationality: 'FRA',
			dateOfBirth: '1990-04-02',
			sex: 'F',
			expiryDate: '2031-05-01'
		}).split('\n');
		const misread = '66' + g2.slice(2);
		expect(correctTd3(g1, misread, now)?.valid).toBe(true); // the check digits cannot see it…
		expect(correctTd3(g1, misread, now, [0])?.valid).toBe(false); // …so an unsure one is not valid
	});

	it('is null for text that is no MRZ', () => {
		expect(correctTd3('HELLO WORLD', 'NOTHING HERE', now)).toBeNull();
	});
});

describe('symbolsToLine', () => {
	it('lays symbols on the pitch: a skipped cell is a filler, a short L is a filler', () => {
		const sym = (text: string, cell: number, short = false) => ({ text, confidence: 99, x0: cell * 30, x1: cell * 30 + 22, y0: short ? 4 : 0, y1: short ? 36 : 40 });
		const symbols = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c, i) => sym(c, i));
		symbols.push(sym('L', 27, true), sym('K', 29, true), sym('X', 30));
		expect(symbolsToLine(symbols).text).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ<<<<X');
	});
});

describe('readMrz on generated photos (tesseract.js, offline model)', () => {
	let ocr: LineReader & { close(): Promise<void> };
	beforeAll(async () => {
		ocr = await tesseractLineReader();
	}, 60_000);
	afterAll(() => ocr?.close());

	it('reads both lines of a turned, unevenly lit passport photo exactly', async () => {
		const photo = await corpusPhoto(17, 10);
		const read = await readMrz(photo.jpeg, ocr, now);
		expect(read?.lines).toEqual(photo.truth?.lines);
		expect(read?.valid).toBe(true);
	}, 60_000);

	it('reads the composite check digit on its own when the line reads it as a letter (a 6 as H)', async () => {
		const photo = await corpusPhoto(17, 16);
		const read = await readMrz(photo.jpeg, ocr, now);
		expect(read?.lines).toEqual(photo.truth?.lines);
		expect(read?.valid).toBe(true);
	}, 60_000);

	it('reads the cells of two glyphs Tesseract merged (S5 at the start of line 2) one by one', async () => {
		const photo = await corpusPhoto(17, 67);
		expect((await readMrz(photo.jpeg, ocr, now))?.lines).toEqual(photo.truth?.lines);
	}, 60_000);

	it('finds no MRZ on a page without one, nor in bytes that are no image', async () => {
		const photo = await corpusPhoto(17, 7);
		expect(photo.truth).toBeUndefined();
		expect(await readMrz(photo.jpeg, ocr, now)).toBeNull();
		expect(await readMrz(new TextEncoder().encode('%PDF-1.7 not an image'), ocr, now)).toBeNull();
	}, 60_000);

	it('reads a photo taken upside down', async () => {
		const photo = await corpusPhoto(17, 10);
		const sharp = (await import('sharp')).default;
		const turned = await sharp(photo.jpeg).rotate(180).jpeg().toBuffer();
		expect((await readMrz(turned, ocr, now))?.lines).toEqual(photo.truth?.lines);
	}, 60_000);
});
