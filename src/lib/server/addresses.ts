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
