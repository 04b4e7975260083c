import { sql } from 'kysely';
import type { Db, Tx } from './db';
import { recordAudit } from './audit';
import type { Actor } from './users';
import type { AddressKind } from './db/schema';
import { newId } from './ids';
import { parseCsv } from './csv';

export interface AddressInput {
	label: string;
	labelEn: string;
	kind: AddressKind;
}

/** What a search matches: both labels, lower-cased, plus the English label without spaces (pinyin typed solid). */
export function searchText(label: string, labelEn: string): string {
	const en = labelEn
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
	return `${label.toLowerCase()} ${en} ${en.replace(/[\s,.-]+/g, '')}`;
}

export async function createAddress(db: Tx, input: AddressInput): Promise<string> {
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

/** The words of a query as the search compares them: no accents, lower case, at most six. */
function queryWords(query: string): string[] {
	return query
		.normalize('NFKC') // full-width letters and digits as typed on CJK keyboards
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/[\s,，、]+/)
		.filter(Boolean)
		.slice(0, 6);
}

// Ranking (DESIGN.md: registry search "in any script"). An address label names its place from the
// largest area down: 浙江省嘉兴市…嘉北街道嘉北花园1幢, "Bldg 1, Jiabei Huayuan (Jiabei Garden), Jiabei
// Subdistrict, …". The areas (province, city, zone, subdistrict) are shared by every address of the
// station, so a word that only matches them says little; a word in the place's own name (the
// compound, the hotel, the building) is what the resident is looking for.

/** Chinese administrative units that end an area's name (小区 is a compound, not an area). */
const ZH_AREA = /^.+?(?:特别行政区|自治区|自治州|省|市|开发区|新区|(?<!小)区|县|旗|街道|镇|乡)/;
/** An English segment that names an area; it and every segment after it are areas. */
const EN_AREA = /\b(?:subdistrict|district|zone|county|town|township|city|province|prefecture|area)$/;

const solid = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '');
const fold = (s: string) =>
	s
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

interface RankFields {
	/** The place's own name in every form the search compares: Chinese, English words, English solid. */
	place: string[];
	/** Its words (English), for whole-word and word-start matches. */
	placeWords: string[];
	areas: string;
	/** The length of the place's own name without its numbers: the query covers more of a shorter name. */
	nameLength: number;
}

function rankFields(label: string, labelEn: string): RankFields {
	let zhPlace = label.replace(/\s+/g, '');
	for (let m = ZH_AREA.exec(zhPlace); m && m[0].length < zhPlace.length; m = ZH_AREA.exec(zhPlace)) zhPlace = zhPlace.slice(m[0].length);
	const segments = fold(labelEn)
		.split(',')
		.map((x) => x.trim());
	const firstArea = segments.findIndex((x, i) => i > 0 && EN_AREA.test(x));
	const own = firstArea < 0 ? segments : segments.slice(0, firstArea);
	const enPlace = own.join(' ');
	return {
		place: [zhPlace.toLowerCase(), enPlace, solid(enPlace), ...own.map(solid)],
		placeWords: enPlace.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
		areas: `${label.toLowerCase()} ${fold(labelEn)} ${solid(fold(labelEn))}`,
		nameLength: zhPlace.replace(/[\p{N}]+/gu, '').length
	};
}

/** How well one word of the query matches: a whole word of the place's name beats its start, beats a part of it, beats an area. */
function wordScore(word: string, f: RankFields): number {
	if (f.placeWords.includes(word)) return 40;
	if (f.place.some((p) => p.startsWith(word)) || f.placeWords.some((w) => w.startsWith(word))) return 30;
	if (f.place.some((p) => p.includes(word))) return 20;
	return f.areas.includes(word) ? 1 : 0;
}

/** Where people live before where they stay a night: hotels register their own guests (HOTEL_ADDRESS). */
const KIND_ORDER: Record<AddressKind, number> = { residential: 0, dormitory: 0, office: 1, hotel: 2 };

/**
 * Ties in order of the official label, numbers by value ("…2幢" before "…10幢"): the label runs from
 * the area down to the building, so a compound's buildings stay together, compounds in pinyin order.
 */
const LABEL_ORDER = new Intl.Collator('zh', { numeric: true });

/** Addresses in the order a resident reads the official labels: numbers by value, compounds in pinyin order. */
export function compareLabels(a: { label: string }, b: { label: string }): number {
	return LABEL_ORDER.compare(a.label, b.label);
}

/** Addresses shown at a time; "Show more" adds as many again. */
export const ADDRESS_PAGE = 10;

/** The most candidates a search ranks; a query that matches more asks the resident to refine it. */
export const SEARCH_CANDIDATES = 500;

export interface AddressSearch {
	hits: AddressHit[];
	/** How many addresses match (at most SEARCH_CANDIDATES). */
	total: number;
	/** More match than were ranked: only a longer query finds the rest. */
	capped: boolean;
}

/**
 * Registry search in any script (Chinese, pinyin with or without spaces, English): every word of
 * the query must occur in the address; the matches are ranked by where the words occur (the
 * place's own name first), then homes before hotels, then the shorter name (the query covers
 * more of it: "jiabei" is 嘉北花园 before 嘉北产业园员工宿舍), then in label order. `offset`/`limit` page
 * through the ranking.
 */
export async function findAddresses(db: Db, query: string, { offset = 0, limit = 10 } = {}): Promise<AddressSearch> {
	const words = queryWords(query);
	if (words.length === 0) return { hits: [], total: 0, capped: false };
	let q = db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind']).where('active', '=', 1);
	for (const word of words) {
		const escaped = word.replace(/[\\%_]/g, (c) => '\\' + c);
		q = q.where(sql<boolean>`search_text like ${'%' + escaped + '%'} escape '\\'`);
	}
	// one more than the cap tells whether there are more; the order only makes the cut stable
	const rows = await q
		.orderBy('id')
		.limit(SEARCH_CANDIDATES + 1)
		.execute();
	const capped = rows.length > SEARCH_CANDIDATES;
	const ranked = rows
		.slice(0, SEARCH_CANDIDATES)
		.map((r) => {
			const fields = rankFields(r.label, r.label_en);
			const score = words.reduce((sum, w) => sum + wordScore(w, fields), 0);
			// the length counts only where the name matched; places merely in the area stay in label order
			return { r, score, length: score >= 20 ? fields.nameLength : 0 };
		})
		.sort((a, b) => b.score - a.score || KIND_ORDER[a.r.kind] - KIND_ORDER[b.r.kind] || a.length - b.length || compareLabels(a.r, b.r));
	const hits = ranked.slice(offset, offset + limit).map(({ r }) => ({ id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind }));
	return { hits, total: ranked.length, capped };
}

/** The first `limit` addresses of the ranking. */
export async function searchAddresses(db: Db, query: string, limit = 10): Promise<AddressHit[]> {
	return (await findAddresses(db, query, { limit })).hits;
}

export async function findAddress(db: Db, id: string): Promise<AddressHit | undefined> {
	const r = await db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind']).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
	return r && { id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind };
}

/** Registry labels of these addresses, retired ones too (a declaration's history may name them). */
export async function addressLabels(db: Db, ids: string[]): Promise<Record<string, { label: string; kind: AddressKind }>> {
	if (ids.length === 0) return {};
	const rows = await db.selectFrom('addresses').select(['id', 'label', 'kind']).where('id', 'in', ids).execute();
	return Object.fromEntries(rows.map((r) => [r.id, { label: r.label, kind: r.kind }]));
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
	// numbers by value: "…2幢" before "…10幢" (the database orders text digit by digit)
	rows.sort((a, b) => b.active - a.active || compareLabels(a, b));
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

/** Another address (retired ones too) already named by this label: the registry keeps labels unique, as the CSV import does. */
async function labelTaken(tx: Tx, label: string, exceptId?: string): Promise<boolean> {
	let q = tx.selectFrom('addresses').select('id').where('label', '=', label);
	if (exceptId) q = q.where('id', '!=', exceptId);
	return !!(await q.executeTakeFirst());
}

export type AddressSaveResult = { ok: true; id: string } | { ok: false; reason: 'duplicate' | 'not_found' };

/** An admin's change to a registry address (retiring it when not active) and its audit row; a label another address has is refused. */
export function updateAddress(db: Db, id: string, input: AddressInput & { active: boolean }, actor: Actor): Promise<AddressSaveResult> {
	return db.write(async (trx) => {
		if (await labelTaken(trx, input.label, id)) return { ok: false, reason: 'duplicate' } as const;
		const result = await trx
			.updateTable('addresses')
			.set({ label: input.label, label_en: input.labelEn, kind: input.kind, search_text: searchText(input.label, input.labelEn), active: input.active ? 1 : 0, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'not_found' } as const;
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: input.active ? 'address.update' : 'address.retire',
			targetType: 'address',
			targetId: id,
			details: { kind: input.kind, active: input.active }
		});
		return { ok: true, id } as const;
	});
}

export async function getAddress(db: Db, id: string): Promise<RegistryRow | undefined> {
	const r = await db.selectFrom('addresses').select(['id', 'label', 'label_en', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
	return r && { id: r.id, label: r.label, labelEn: r.label_en, kind: r.kind, active: r.active === 1 };
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
	| { ok: false; error: 'encoding' | 'empty' | 'missing_columns' | 'too_many_rows' | 'unclosed_quote'; missing?: string[]; line?: number }
	| { ok: true; rows: CsvPreviewRow[]; valid: number; invalid: number };

/** Reads an import file: UTF-8 only (with or without BOM), header row with label,label_en,kind. Nothing is written. */
export async function previewAddressCsv(db: Db, bytes: Uint8Array): Promise<CsvPreview> {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		return { ok: false, error: 'encoding' };
	}
	const parsed = parseCsv(text);
	if (!parsed.ok) return { ok: false, error: 'unclosed_quote', line: parsed.unclosedQuoteLine };
	const [header, ...records] = parsed.records;
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
		const errors: CsvLineError[] = fields.length === names.length ? checkAddress(input) : [{ field: 'fieldCount', code: 'invalid_format', expected: names.length, found: fields.length }];
		return { line, ...input, errors, duplicate };
	});
	const invalid = rows.filter((r) => r.errors.length || r.duplicate).length;
	return { ok: true, rows, valid: rows.length - invalid, invalid };
}

/** Imports every row of a preview in one transaction, or none when any row is invalid. */
/** Stores every row of a checked import, with one audit row, in one unit; nothing when a row is invalid. */
export async function importAddresses(db: Db, preview: Extract<CsvPreview, { ok: true }>, actor: Actor): Promise<number> {
	if (preview.invalid > 0) return 0;
	await db.write(async (trx) => {
		for (const r of preview.rows) await createAddress(trx, { label: r.label, labelEn: r.labelEn, kind: r.kind as AddressKind });
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'address.import', targetType: 'address', details: { rows: preview.rows.length } });
	});
	return preview.rows.length;
}

/** An admin's new registry address and its audit row; a label the registry already has is refused. */
export function addAddress(db: Db, input: AddressInput, actor: Actor): Promise<AddressSaveResult> {
	return db.write(async (trx) => {
		if (await labelTaken(trx, input.label)) return { ok: false, reason: 'duplicate' } as const;
		const id = await createAddress(trx, input);
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'address.create', targetType: 'address', targetId: id, details: { kind: input.kind } });
		return { ok: true, id } as const;
	});
}
