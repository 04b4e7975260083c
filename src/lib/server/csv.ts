import { CsvError, parse } from 'csv-parse/sync';

export interface CsvRecord {
	/** The physical line of the file where the record starts (1-based), for messages that point at it. */
	line: number;
	fields: string[];
}

/** The records, or the line of the record whose quoted value is never closed. */
export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; unclosedQuoteLine: number };

const LF = 0x0a;
const CR = 0x0d;

/** Line ends (CRLF, LF or CR) in bytes [from, to). UTF-8 never has 0x0a or 0x0d inside a character. */
function lineEnds(bytes: Uint8Array, from: number, to: number): number {
	let n = 0;
	for (let i = from; i < to; i++) if (bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF)) n++;
	return n;
}

/**
 * RFC 4180 fields read by csv-parse: commas, quotes doubled inside quoted fields, records ended by
 * CRLF, LF or CR (mixed in one file too). Blank records (every value blank) are dropped, but every
 * line end is counted (blank lines and those inside quoted fields too), so each record keeps the
 * line number an editor shows for it. A stray quote inside an unquoted value is kept as text.
 *
 * The start line is counted here, not taken from csv-parse's `info.lines`: that counts a CRLF
 * inside a quoted field as two lines. Each record starts where the previous one ended
 * (`info.bytes`, the offset after its record delimiter), and its line is one more than the line
 * ends before that offset.
 */
export function parseCsv(text: string): CsvParse {
	const bytes = Buffer.from(text, 'utf8');
	let offset = 0; // where the next record starts
	let line = 1; // the line it starts on
	const starts: number[] = [];
	let rows: string[][];
	try {
		rows = parse(bytes, {
			bom: true,
			record_delimiter: ['\r\n', '\n', '\r'],
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: false, // blank lines come as records, so their line ends are counted
			on_record: (fields, info) => {
				starts.push(line);
				line += lineEnds(bytes, offset, info.bytes);
				offset = info.bytes;
				return fields;
			}
		});
	} catch (e) {
		if (e instanceof CsvError && e.code === 'CSV_QUOTE_NOT_CLOSED') return { ok: false, unclosedQuoteLine: line };
		throw e;
	}
	const records = rows.map((fields, i) => ({ line: starts[i], fields }));
	return { ok: true, records: records.filter((r) => r.fields.some((f) => f.trim() !== '')) };
}
