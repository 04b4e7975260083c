import { describe, expect, it } from 'vitest';
import { buildTd3, type Td3Input } from '../../src/lib/domain/mrz';
import { classChanges, correctTd3, correctTd3Cells, line2Score, recomputeComposite, solveUnknowns } from '../../src/lib/server/mrz-correct';

// The corrections the MRZ reader makes from the structure of ICAO 9303 TD3 alone (no OCR here).
const now = new Date('2026-12-01T00:00:00Z');
const td3 = (input: Partial<Td3Input> = {}) =>
	buildTd3({
		issuingState: 'SAU',
		surname: 'Al Saud',
		givenNames: 'Abdulaziz',
		documentNumber: 'Q1189492',
		nationality: 'SAU',
		dateOfBirth: '1977-07-07',
		sex: 'F',
		expiryDate: '2031-12-25',
		personalNumber: '',
		...input
	}).split('\n') as [string, string];
const [L1, L2] = td3();
const at = (line: string, i: number, c: string) => line.slice(0, i) + c + line.slice(i + 1);

describe('solveUnknowns: an unreadable cell worked out from its check digit', () => {
	it('computes an unreadable check digit, and solves one unreadable digit of a date', () => {
		expect(solveUnknowns(at(L2, 43, '?'))).toEqual({ line: L2, guessed: [43] });
		expect(solveUnknowns(at(L2, 15, '?'))).toEqual({ line: L2, guessed: [15] });
		// an empty personal number's check digit is a filler
		expect(solveUnknowns(at(L2, 42, '?')).line).toBe(L2);
	});

	it('leaves two unknowns under one check digit, and a letter-or-digit it cannot single out', () => {
		const two = at(at(L2, 15, '?'), 16, '?');
		expect(solveUnknowns(two).line.slice(13, 20)).toBe(two.slice(13, 20));
		expect(solveUnknowns(at(L2, 3, '?')).line[3]).toBe('?');
	});
});

describe('correctTd3: what OCR could not read is worked out, but never called valid', () => {
	it('reads a line whose composite digit was unreadable exactly, not valid', () => {
		const read = correctTd3(L1, at(L2, 43, '?'), now);
		expect(read?.lines).toEqual([L1, L2]);
		expect(read?.valid).toBe(false);
		expect(correctTd3Cells(L1, at(L2, 43, '?'), now)?.guessed).toEqual([43]);
	});

	it('turns a character no look-alike fixes in a date (E for 6) into a solved unknown, not valid', () => {
		const read = correctTd3(L1, at(L2, 14, 'E'), now);
		expect(read?.lines[1]).toBe(L2);
		expect(read?.valid).toBe(false);
	});

	it('drops a blot OCR saw before the first character of line 1', () => {
		expect(correctTd3('?' + L1, L2, now)?.lines[0]).toBe(L1);
	});
});

describe('correctTd3: a shifted line 2 is put back on its structure', () => {
	it('undoes a character OCR split in two before the personal number (a filler lost after it), not valid', () => {
		// an unsure extra "1" in the document number: everything after is one cell late, the filler run one short
		for (const i of [1, 3, 5]) {
			const shifted = L2.slice(0, i) + '1' + L2.slice(i, 30) + L2.slice(31);
			expect(shifted).toHaveLength(44);
			const read = correctTd3(L1, shifted, now, [i]);
			expect(read?.lines[1]).toBe(L2);
			// where in its field the extra character is, one check digit cannot tell for sure
			expect(read?.valid).toBe(false);
		}
	});

	it('undoes a filler lost before the personal number (one too many after), not valid', () => {
		const [m1, m2] = td3({ documentNumber: '4GYR49ANV', sex: 'X', nationality: 'ARG', issuingState: 'ARG' });
		const lost = m2.slice(0, 20) + m2.slice(21, 30) + '<' + m2.slice(30);
		const read = correctTd3(m1, lost, now);
		expect(read?.lines[1]).toBe(m2);
		expect(read?.valid).toBe(false);
	});

	it('does not call a shifted line valid when a digit is also misread', () => {
		const shifted = L2.slice(0, 9) + '0' + L2.slice(9, 30) + L2.slice(31);
		const misread = at(shifted, 17, shifted[17] === '3' ? '8' : '3');
		expect(correctTd3(L1, misread, now)?.valid).toBe(false);
	});

	it('removes a blot rather than a filler from a line one cell too long', () => {
		const [m1, m2] = td3({ documentNumber: 'WL9912909', nationality: 'NOR', issuingState: 'NOR' });
		expect(correctTd3(m1, '?' + m2, now)?.lines[1]).toBe(m2);
	});
});

describe('correctTd3: confusions the check digit cannot single out', () => {
	const [p1, p2] = td3({ personalNumber: 'AI99270121' });

	it('takes the variant whose letters and digits stay together, as a guess (not valid)', () => {
		// I read as 1: swapping either the 2nd or the 8th character back satisfies the check digit
		const misread = at(p2, 29, '1');
		const read = correctTd3(p1, misread, now);
		expect(read?.lines[1]).toBe(p2);
		expect(read?.valid).toBe(false);
	});

	it('does not call valid a field with two look-alikes in doubt: their errors can cancel in its check digit', () => {
		const [o1, o2] = td3({ personalNumber: 'OO69009557' });
		// both O read as 0: weights 7 and 3 add up to 10, the check digits cannot see it
		expect(correctTd3(o1, o2.slice(0, 28) + '00' + o2.slice(30), now)?.valid).toBe(true);
		expect(correctTd3(o1, o2, now, [28, 29])?.valid).toBe(false);
		expect(correctTd3(o1, o2, now, [28])?.valid).toBe(true);
	});

	it('counts the changes between letters and digits in a field', () => {
		expect(classChanges('AI99270121<<<<')).toBe(1);
		expect(classChanges('A19927I121')).toBe(3);
		expect(classChanges('<<<<')).toBe(0);
	});

	it('scores how much of a line holds together', () => {
		expect(line2Score(L2)).toBe(12);
		expect(line2Score(at(L2, 43, L2[43] === '1' ? '2' : '1'))).toBe(10);
	});
});

describe('correctTd3: the filler tail of line 1', () => {
	it('keeps a name that ends in L, K or C, and still turns look-alikes in the filler run into fillers', () => {
		const [n1, n2] = td3({ surname: 'Wickremesinghe', givenNames: 'Ranil', nationality: 'LKA', issuingState: 'LKA' });
		expect(correctTd3(n1, n2, now)?.lines[0]).toBe(n1);
		const [k1, k2] = td3({ surname: 'Dvorak', givenNames: '', nationality: 'CZE', issuingState: 'CZE' });
		expect(correctTd3(k1, k2, now)?.lines[0]).toBe(k1);
		expect(correctTd3(n1.slice(0, 30) + 'LK' + n1.slice(32), n2, now)?.lines[0]).toBe(n1);
	});
});

describe('correctTd3: a misread composite digit', () => {
	it('is computed when every field holds by its own check digit, as a guess (not valid)', () => {
		const misread = at(L2, 43, L2[43] === '5' ? '4' : '5');
		const read = correctTd3(L1, misread, now);
		expect(read?.lines[1]).toBe(L2);
		expect(read?.valid).toBe(false);
		expect(recomputeComposite(misread)).toEqual({ line: L2, guessed: [43] });
	});

	it('is left alone when a field does not hold either', () => {
		const two = at(at(L2, 43, L2[43] === '5' ? '4' : '5'), 19, L2[19] === '5' ? '4' : '5');
		expect(recomputeComposite(two)).toEqual({ line: two, guessed: [] });
		expect(correctTd3(L1, two, now)?.lines[1]).not.toBe(L2);
	});
});

describe('correctTd3: fillers OCR was unsure of', () => {
	const [p1, p2] = td3({ personalNumber: 'AB12' });

	it('calls a read valid whose unsure fillers pad a number (a K there would follow a filler)', () => {
		expect(correctTd3(p1, p2, now, [36, 37])?.valid).toBe(true);
	});

	it('does not when the unsure filler is the first after the number (it may be a K: both weigh 0 and 20)', () => {
		expect(correctTd3(p1, p2, now, [32])?.valid).toBe(false);
	});
});

describe('correctTd3: look-alike swaps the check digit cannot vouch for', () => {
	// the number NJR9IR5BO (check digit 1) with its 9 misread as 0, I and O read as 1 and 0 in doubt
	const [n1, n2] = td3({ documentNumber: 'NJR9IR5BO', nationality: 'VNM', issuingState: 'VNM' });

	it('is a guess when several swaps satisfy a check digit that a misread of another kind broke', () => {
		const misread = at(n2, 3, '0');
		const read = correctTd3(n1, misread, now);
		expect(read?.lines[1]).not.toBe(n2);
		expect(read?.valid).toBe(false);
	});

	it('is a correction when one swap of a character OCR was unsure of satisfies it', () => {
		expect(correctTd3(n1, at(n2, 8, '0'), now, [8])?.valid).toBe(true);
		// the same swap of a character OCR was sure of: a guess
		const sure = correctTd3(n1, at(n2, 8, '0'), now);
		expect(sure?.lines[1]).toBe(n2);
		expect(sure?.valid).toBe(false);
	});
});
