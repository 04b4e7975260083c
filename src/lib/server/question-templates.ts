import type { Db } from './db';
import { recordAudit } from './audit';
import { newId } from './ids';
import type { Actor } from './users';
import { checkTemplate, missingLanguages, type TemplateField, type TemplateTexts } from '$lib/domain/question-template';
import type { Lang } from '$lib/i18n';

// The library of questions officers ask residents. Templates hold no personal data; saving one
// is audited like any other change an admin makes.

export interface QuestionTemplate {
	id: string;
	key: string;
	fields: TemplateField[];
	texts: TemplateTexts;
	active: boolean;
	version: number;
	updatedAt: string;
	/** Languages without a text yet ("needs translation"). */
	missing: Lang[];
}

type Row = { id: string; key: string; fields: string; texts: string; active: number; version: number; updated_at: string };

function fromRow(r: Row): QuestionTemplate {
	const texts = JSON.parse(r.texts) as TemplateTexts;
	return { id: r.id, key: r.key, fields: JSON.parse(r.fields) as TemplateField[], texts, active: r.active === 1, version: r.version, updatedAt: r.updated_at, missing: missingLanguages(texts) };
}

const COLUMNS = ['id', 'key', 'fields', 'texts', 'active', 'version', 'updated_at'] as const;

export async function listTemplates(db: Db, opts: { activeOnly?: boolean } = {}): Promise<QuestionTemplate[]> {
	let q = db.selectFrom('question_templates').select(COLUMNS).orderBy('key');
	if (opts.activeOnly) q = q.where('active', '=', 1);
	return (await q.execute()).map(fromRow);
}

export async function getTemplate(db: Db, id: string): Promise<QuestionTemplate | undefined> {
	const row = await db.selectFrom('question_templates').select(COLUMNS).where('id', '=', id).executeTakeFirst();
	return row ? fromRow(row) : undefined;
}

export interface TemplateInput {
	key: string;
	fields: TemplateField[];
	texts: TemplateTexts;
	active: boolean;
}

export type SaveTemplateResult = { ok: true; id: string } | { ok: false; reason: 'invalid'; errors: { path: string; code: string }[] } | { ok: false; reason: 'not_found' | 'duplicate_key' | 'stale' };

function cleanTexts(texts: TemplateTexts): TemplateTexts {
	return Object.fromEntries(
		Object.entries(texts)
			.map(([lang, text]) => [lang, text?.trim() ?? ''])
			.filter(([, text]) => text)
	);
}

/**
 * Create (id undefined) or update a template. An update applies only to the version the admin
 * edited, so two admins editing at once cannot silently overwrite each other.
 */
export async function saveTemplate(db: Db, id: string | undefined, expectedVersion: number | undefined, input: TemplateInput, actor: Actor, now = new Date()): Promise<SaveTemplateResult> {
	const texts = cleanTexts(input.texts);
	const check = checkTemplate({ key: input.key, fields: input.fields, texts });
	if (!check.ok) return { ok: false, reason: 'invalid', errors: check.errors };
	const at = now.toISOString();
	return db.write(async (trx) => {
		const clash = await trx.selectFrom('question_templates').select('id').where('key', '=', input.key).executeTakeFirst();
		if (clash && clash.id !== id) return { ok: false, reason: 'duplicate_key' } as const;
		const values = { key: input.key, fields: JSON.stringify(input.fields), texts: JSON.stringify(texts), active: input.active ? 1 : 0, updated_at: at };
		let targetId: string;
		if (id === undefined) {
			targetId = newId();
			await trx
				.insertInto('question_templates')
				.values({ id: targetId, ...values, created_by: actor.id, created_at: at })
				.execute();
		} else {
			const exists = await trx.selectFrom('question_templates').select('version').where('id', '=', id).executeTakeFirst();
			if (!exists) return { ok: false, reason: 'not_found' } as const;
			const updated = await trx
				.updateTable('question_templates')
				.set((eb) => ({ ...values, version: eb('version', '+', 1) }))
				.where('id', '=', id)
				.where('version', '=', expectedVersion ?? -1)
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'stale' } as const;
			targetId = id;
		}
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: id === undefined ? 'question_template.create' : 'question_template.update',
			targetType: 'question_template',
			targetId,
			details: { key: input.key, active: input.active, missing: missingLanguages(texts) },
			at: now
		});
		return { ok: true, id: targetId } as const;
	});
}
