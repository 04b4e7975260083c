import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../../src/lib/server/csv';

/** [start line, fields] of every record, or the failure as it is. */
function lines(text: string) {
	const parsed = parseCsv(text);
	return parsed.ok ? parsed.records.map((r) => [r.line, r.fields]) : parsed;
}

describe('parseCsv: the line each record starts on', () => {
	test('CRLF line ends, blank lines and a quoted field with a CRLF inside', () => {
		const file = [
			'label,label_en,kind', // 1
			'', // 2
			'', // 3
			'嘉南公寓1幢,"Bldg 1\r\nJiannan",hotel', // 4–5
			'', // 6
			'嘉南公寓2幢,"Bldg 2,\r\n\r\n""Jiannan""",dormitory', // 7–9
			'嘉南公寓3幢,Bldg 3,office' // 10
		].join('\r\n');
		const expected = [
			[1, ['label', 'label_en', 'kind']],
			[4, ['嘉南公寓1幢', 'Bldg 1\r\nJiannan', 'hotel']],
			[7, ['嘉南公寓2幢', 'Bldg 2,\r\n\r\n"Jiannan"', 'dormitory']],
			[10, ['嘉南公寓3幢', 'Bldg 3', 'office']]
		];
		expect(lines(file)).toEqual(expected);
		// a trailing line end, or several, changes nothing
		expect(lines(file + '\r\n')).toEqual(expected);
		expect(lines(file + '\r\n\r\n\r\n')).toEqual(expected);
	});

	test('LF line ends with a CRLF inside a quoted field (one line end, not two)', () => {
		expect(lines('a,b\n"x\r\ny",z\n\nc,d\n')).toEqual([
			[1, ['a', 'b']],
			[2, ['x\r\ny', 'z']],
			[5, ['c', 'd']]
		]);
	});

	test('CR line ends, and CRLF, LF and CR mixed in one file', () => {
		expect(lines('a,b\r\rc,d\re,f')).toEqual([
			[1, ['a', 'b']],
			[3, ['c', 'd']],
			[4, ['e', 'f']]
		]);
		expect(lines('a,b\r\n\nc,"d\re"\r\r\ng,h\n\ri,j')).toEqual([
			[1, ['a', 'b']],
			[3, ['c', 'd\re']],
			[6, ['g', 'h']],
			[8, ['i', 'j']]
		]);
		// a quoted value closed right before a line end other than the first one seen
		expect(lines('a,b\n"c",d\r\n"e","f"\r')).toEqual([
			[1, ['a', 'b']],
			[2, ['c', 'd']],
			[3, ['e', 'f']]
		]);
	});

	test('a BOM is not part of the first value and does not move the lines', () => {
		expect(lines('\uFEFFlabel,kind\r\n\r\nx,hotel\r\n')).toEqual([
			[1, ['label', 'kind']],
			[3, ['x', 'hotel']]
		]);
	});

	test('blank records are dropped but their lines counted: empty, spaces only, commas only', () => {
		expect(lines('\n\na,b\n  \n,,\n , \nc,d')).toEqual([
			[3, ['a', 'b']],
			[7, ['c', 'd']]
		]);
		expect(lines('')).toEqual([]);
		expect(lines('\r\n\r\n')).toEqual([]);
	});

	test('fields: commas and doubled quotes inside quotes, empty values, any number of values per record', () => {
		expect(lines('"a, b","say ""hi""",\n1\n1,2,3,4,5\n"",x')).toEqual([
			[1, ['a, b', 'say "hi"', '']],
			[2, ['1']],
			[3, ['1', '2', '3', '4', '5']],
			[4, ['', 'x']]
		]);
	});

	test('a quote inside an unquoted value is kept as text', () => {
		expect(lines('嘉北"公寓",x\n')).toEqual([[1, ['嘉北"公寓"', 'x']]]);
	});

	test('a quoted value that is never closed names the line its record starts on', () => {
		expect(lines('a,b\n\nc,"d\ne,f\n')).toEqual({ ok: false, unclosedQuoteLine: 3 });
		expect(lines('a,b\r\n"x\r\ny","z')).toEqual({ ok: false, unclosedQuoteLine: 2 });
		expect(lines('"')).toEqual({ ok: false, unclosedQuoteLine: 1 });
	});

	test('any file written by an RFC 4180 writer: the values back, each on the line an editor shows', () => {
		const char = fc.constantFrom('a', '中', ' ', ',', '"', '\r', '\n', '\r\n');
		const value = fc.array(char, { maxLength: 6 }).map((cs) => cs.join(''));
		// the first value starts with x, so no record is blank
		const record = fc.tuple(value, fc.array(value, { maxLength: 3 })).map(([first, rest]) => ['x' + first, ...rest]);
		const lineEnd = fc.constantFrom('\r\n', '\n', '\r');
		const blankLine = fc.tuple(fc.constantFrom('', ' ', ',', ' , '), lineEnd).map(([text, end]) => text + end);
		const row = fc.record({ fields: record, end: lineEnd, blanks: fc.array(blankLine, { maxLength: 2 }) });
		const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
		fc.assert(
			fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (rows, bom, trailingEnd) => {
				let text = bom ? '\uFEFF' : '';
				const expected: [number, string[]][] = [];
				rows.forEach((r, i) => {
					expected.push([1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0), r.fields]);
					text += r.fields.map(quote).join(',');
					if (i < rows.length - 1 || trailingEnd) text += r.end + r.blanks.join('');
				});
				expect(lines(text)).toEqual(expected);
			}),
			{ numRuns: 500 }
		);
	});
});
