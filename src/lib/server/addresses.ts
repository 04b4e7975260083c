import { sql } from 'kysely';
import type { Db } from './db';
import type { AddressKind } from './db/schema';
import { newId } from './ids';

export interface AddressInput {
	label: string;
	labelEn: string;
	kind: AddressKind;
}

/** What a search matches: both labels, lower-cased, plus the English label without spaces (pinyin typed solid). */
export function searchText(label: string, labelEn: string): string {
	const en = labelEn.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
	return `${label.toLowerCase()} ${en} ${en.replace(/[\s,.-]+/g, '')}`;
}

export async function createAddress(db: Db, input: AddressInput): Promise<string> {
	const now = new Date().toISOString();
	const id = newId();
	await db
		.insertInto('addresses')
		.values({
			id,
			label: input.label,
			label_en: input.labelEn,
			search_text: searchText(input.label, input.labelEn),
			kind: input.kind,
			created_at: now,
			updated_at: now
		})
		.execute();
	return id;
}

export interface AddressHit {
	id: string;
	label: string;
	labelEn: string;
	kind: AddressKind;
}

/** Registry search in any script: every word of the query must occur in the address. */
export async function searchAddresses(db: Db, query: string, limit = 10): Promise<AddressHit[]> {
	const words = query
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/[\s,，、]+/)
		.filter(Boolean)
		.slice(0, 6);
	if (words.length === 0) return [];
	let q = db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind']).where('active', '=', 1);
	for (const word of words) {
		const escaped = word.replace(/[\\%_]/g, (c) => '\\' + c);
		q = q.where(sql<boolean>`search_text like ${'%' + escaped + '%'} escape '\\'`);
	}
	const rows = await q.orderBy('label').limit(limit).execute();
	return rows.map((r) => ({ id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind }));
}

export async function findAddress(db: Db, id: string): Promise<AddressHit | undefined> {
	const r = await db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
	return r && { id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind };
}

// --- the registry, managed by admins ------------------------------------------------------------

export const ADDRESS_KINDS: readonly AddressKind[] = ['residential', 'hotel', 'dormitory', 'office'];

export interface RegistryRow extends AddressHit {
	active: boolean;
}

/** All addresses (active and retired) matching a query, for the admin list. */
export async function listRegistry(db: Db, query: string, limit = 200): Promise<RegistryRow[]> {
	let q = db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind', 'active']);
	for (const word of query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 6)) {
		q = q.where(sql<boolean>`search_text like ${'%' + word.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} escape '\\'`);
	}
	const rows = await q.orderBy('active', 'desc').orderBy('label').limit(limit).execute();
	return rows.map((r) => ({ id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind, active: r.active === 1 }));
}

export type AddressFieldError = { field: 'label' | 'labelEn' | 'kind'; code: 'required' | 'too_long' | 'invalid_choice' };

export function checkAddress(input: { label: string; labelEn: string; kind: string }): AddressFieldError[] {
	const errors: AddressFieldError[] = [];
	if (!input.label.trim()) errors.push({ field: 'label', code: 'required' });
	else if (input.label.length > 200) errors.push({ field: 'label', code: 'too_long' });
	if (!input.labelEn.trim()) errors.push({ field: 'labelEn', code: 'required' });
	else if (input.labelEn.length > 300) errors.push({ field: 'labelEn', code: 'too_long' });
	if (!(ADDRESS_KINDS as readonly string[]).includes(input.kind)) errors.push({ field: 'kind', code: 'invalid_choice' });
	return errors;
}

export async function updateAddress(db: Db, id: string, input: AddressInput & { active: boolean }): Promise<boolean> {
	const result = await db
		.updateTable('addresses')
		.set({ label: input.label, label_en: input.labelEn, kind: input.kind, search_text: searchText(input.label, input.labelEn), active: input.active ? 1 : 0, updated_at: new Date().toISOString() })
		.where('id', '=', id)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function getAddress(db: Db, id: string): Promise<RegistryRow | undefined> {
	const r = await db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
	return r && { id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind, active: r.active === 1 };
}

export interface CsvRecord {
	/** The physical line of the file where the record starts (1-based), for messages that point at it. */
	line: number;
	fields: string[];
}

/**
 * RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF, LF or CR line ends. Blank
 * records are dropped, but every line end is counted (blank lines and those inside quoted fields
 * too), so each record keeps the line number an editor shows for it.
 */
export function parseCsv(text: string): CsvRecord[] {
	const records: CsvRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let start = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		const lineEnd = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
			else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"' && field === '') quoted = true;
		else if (c === ',') fields.push(field), (field = '');
		else if (c === '\r' && text[i + 1] === '\n') continue; // the \n that follows ends the record
		else if (lineEnd) {
			fields.push(field);
			records.push({ line: start, fields });
			(fields = []), (field = ''), (start = line + 1);
		} else field += c;
		if (lineEnd) line++;
	}
	if (field !== '' || fields.length || quoted) fields.push(field), records.push({ line: start, fields });
	return records.filter((r) => r.fields.some((f) => f.trim() !== ''));
}

export const CSV_COLUMNS = ['label', 'label_en', 'kind'] as const;

/**
 * A line's problem as the import page shows it: the registry field (`review.registry.<field>`)
 * and a validation message (`validation.<code>`). `fieldCount`: the line has more or fewer values
 * than the header row, so no value can be trusted to be in its column.
 */
export type CsvLineError = AddressFieldError | { field: 'fieldCount'; code: 'invalid_format'; expected: number; found: number };

export interface CsvPreviewRow {
	line: number;
	label: string;
	labelEn: string;
	kind: string;
	errors: CsvLineError[];
	duplicate: boolean;
}

export type CsvPreview =
	| { ok: false; error: 'encoding' | 'empty' | 'missing_columns' | 'too_many_rows'; missing?: string[] }
	| { ok: true; rows: CsvPreviewRow[]; valid: number; invalid: number };

/** Reads an import file: UTF-8 only (with or without BOM), header row with label,label_en,kind. Nothing is written. */
export async function previewAddressCsv(db: Db, bytes: Uint8Array): Promise<CsvPreview> {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		return { ok: false, error: 'encoding' };
	}
	const [header, ...records] = parseCsv(text);
	if (!header) return { ok: false, error: 'empty' };
	const names = header.fields.map((h) => h.trim().toLowerCase());
	const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
	if (missing.length) return { ok: false, error: 'missing_columns', missing };
	if (records.length > 5000) return { ok: false, error: 'too_many_rows' };
	const at = (fields: string[], column: string) => (fields[names.indexOf(column)] ?? '').trim();
	const existing = new Set((await db.selectFrom('addresses').select('label').execute()).map((r) => r.label));
	const seen = new Set<string>();
	const rows = records.map(({ line, fields }): CsvPreviewRow => {
		const input = { label: at(fields, 'label'), labelEn: at(fields, 'label_en'), kind: at(fields, 'kind').toLowerCase() };
		const duplicate = existing.has(input.label) || seen.has(input.label);
		seen.add(input.label);
		const errors: CsvLineError[] =
			fields.length === names.length ? checkAddress(input) : [{ field: 'fieldCount', code: 'invalid_format', expected: names.length, found: fields.length }];
		return { line, ...input, errors, duplicate };
	});
	const invalid = rows.filter((r) => r.errors.length || r.duplicate).length;
	return { ok: true, rows, valid: rows.length - invalid, invalid };
}

/** Imports every row of a preview in one transaction, or none when any row is invalid. */
export async function importAddresses(db: Db, preview: Extract<CsvPreview, { ok: true }>): Promise<number> {
	if (preview.invalid > 0) return 0;
	await db.transaction().execute(async (trx) => {
		for (const r of preview.rows) await createAddress(trx, { label: r.label, labelEn: r.labelEn, kind: r.kind as AddressKind });
	});
	return preview.rows.length;
}
