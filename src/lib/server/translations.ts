import type { Db, Reader, Tx } from './db';
import { decryptJson, encryptJson } from './crypto';
import { recordAudit, recordAuditAlone } from './audit';
import { newId } from './ids';
import { addHelpRequest, cancelTasks, findHelpRequest, type HelpActor } from './help-requests';
import { readCurrentAnswers } from './declarations';
import { isAnonymised } from './retention';
import { sendMail } from './mail';
import { closeHeldTask, type TaskHolder } from './help-claims';
import type { Actor } from './users';
import { answerTarget, checkTranslation, needsTranslation, TRANSLATION_CHANNEL, TRANSLATION_TOPIC, type TranslationKind, type TranslationState } from '$lib/domain/translation';

// Free text across the language wall (issue 16, point 2). An officer's free-text question, or a
// resident's answer, in a language the other side does not read becomes a task on the volunteer
// board: a help request of topic `translation` in the resident's language, so the board, claims,
// leases, escalation and partner acceptance are those of every interpreter task. A row of
// declaration_translations says which question or answer the task is about. The translation is an
// encrypted 'translated' event of the declaration (retention and key rotation treat it as the
// questions and answers it sits beside). Every step writes an audit row in its own transaction.

/** Who acts, for audit rows: staff, or the resident (who signs in with a reference, not an account). */
type AuditActor = { id: string | null; role: string | null; ip: string | null };

const eventAad = (declarationId: string) => `declaration_events:${declarationId}`;
const iso = (d: Date) => d.toISOString();

interface QuestionData {
	question?: string;
	note?: string;
	template?: unknown;
}
interface AnswerData {
	message?: string;
}

/** The words of a question or answer that an interpreter translates: an officer's own text (for a template question, the words added to it), or the resident's answer. */
function freeText(kind: TranslationKind, data: (QuestionData & AnswerData) | null): string | null {
	if (!data) return null;
	const text = kind === 'answer' ? data.message : data.template ? data.note : data.question;
	return text?.trim() ? text.trim() : null;
}

async function openTask(
	db: Db,
	trx: Tx,
	link: { declarationId: string; eventId: string; kind: TranslationKind; residentLang: string; sourceLang: string; targetLang: string },
	actor: AuditActor,
	now: Date
): Promise<string> {
	// the task's language is the resident's: only volunteers (and partners) who speak it see and take it
	const task = await addHelpRequest(db, trx, { language: link.residentLang, topic: TRANSLATION_TOPIC, channel: TRANSLATION_CHANNEL, contact: {}, declarationId: link.declarationId }, now);
	await trx
		.insertInto('declaration_translations')
		.values({
			help_request_id: task.id,
			declaration_id: link.declarationId,
			event_id: link.eventId,
			kind: link.kind,
			source_lang: link.sourceLang,
			target_lang: link.targetLang,
			translation_event_id: null,
			created_at: iso(now),
			translated_at: null
		})
		.execute();
	await recordAudit(db, trx, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'translation.request',
		targetType: 'declaration',
		targetId: link.declarationId,
		details: { task: task.id, kind: link.kind, from: link.sourceLang, to: link.targetLang },
		at: now
	});
	return task.id;
}

/**
 * In the transaction of the decision that asked it: a task to translate the question's free text
 * into the resident's language, when they do not read the officers' languages. Null when none is needed.
 */
export async function translateQuestion(
	db: Db,
	trx: Tx,
	q: { declarationId: string; eventId: string; residentLang: string; asked: { question: string; language?: string; note?: string; template?: unknown } },
	actor: Actor,
	now: Date
): Promise<string | null> {
	const questionLang = q.asked.language ?? 'zh-hans';
	const text = freeText('question', q.asked);
	if (!text || !needsTranslation(q.residentLang) || questionLang === q.residentLang) return null;
	return openTask(db, trx, { declarationId: q.declarationId, eventId: q.eventId, kind: 'question', residentLang: q.residentLang, sourceLang: questionLang, targetLang: q.residentLang }, actor, now);
}

/** In the transaction that stored the answer: a task to translate it for the officers, in the language of the question it answers. */
export async function translateAnswer(db: Db, trx: Tx, a: { declarationId: string; eventId: string; residentLang: string; questionLang: string | null }, now: Date): Promise<string | null> {
	if (!needsTranslation(a.residentLang)) return null;
	return openTask(
		db,
		trx,
		{ declarationId: a.declarationId, eventId: a.eventId, kind: 'answer', residentLang: a.residentLang, sourceLang: a.residentLang, targetLang: answerTarget(a.questionLang) },
		{ id: null, role: 'resident', ip: null },
		now
	);
}

/** What the holder of a translation task works on. `original` is null once retention has erased the declaration's texts. */
export interface TranslationTask {
	kind: TranslationKind;
	sourceLang: string;
	targetLang: string;
	original: string | null;
	translated: boolean;
}

async function linkOf(db: Reader, taskId: string) {
	return db.selectFrom('declaration_translations').selectAll().where('help_request_id', '=', taskId).executeTakeFirst();
}

async function originalOf(db: Db, link: { declaration_id: string; event_id: string; kind: TranslationKind }, q: Reader = db): Promise<string | null> {
	const event = await q.selectFrom('declaration_events').select('data').where('id', '=', link.event_id).where('declaration_id', '=', link.declaration_id).executeTakeFirst();
	const data = event?.data?.startsWith('v1.') ? decryptJson<QuestionData & AnswerData>(db.keys, event.data, eventAad(link.declaration_id)) : null;
	return freeText(link.kind, data);
}

/** The text to translate, for the staff member holding the task (the caller checks that). Audited. */
export async function viewTranslationTask(db: Db, taskId: string, actor: HelpActor): Promise<TranslationTask | undefined> {
	const link = await linkOf(db, taskId);
	if (!link) return undefined;
	const original = await originalOf(db, link);
	await recordAuditAlone(db, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'translation.view_original',
		targetType: 'help_request',
		targetId: taskId,
		details: { declaration: link.declaration_id }
	});
	return { kind: link.kind, sourceLang: link.source_lang, targetLang: link.target_lang, original, translated: link.translation_event_id !== null };
}

export type SubmitTranslationResult = { ok: true } | { ok: false; reason: 'required' | 'too_long' | 'not_holder' | 'closed' | 'not_found' };

/**
 * The translation, from whoever holds the task (`by`: the volunteer whose lease runs, or the
 * organisation that accepted it). The task's completion is the conditional UPDATE of every task,
 * so anyone else is refused and nothing changes; the translation, its link and the audit row are
 * written in the same transaction.
 */
export async function submitTranslation(db: Db, taskId: string, by: TaskHolder, input: unknown, actor: HelpActor, now = new Date()): Promise<SubmitTranslationResult> {
	const checked = checkTranslation(input);
	if (!checked.ok) return { ok: false, reason: checked.code };
	return db.write(async (trx) => {
		const link = await linkOf(trx, taskId);
		if (!link) return { ok: false, reason: 'not_found' } as const;
		if (link.translation_event_id || !(await originalOf(db, link, trx))) return { ok: false, reason: 'closed' } as const;
		if (!(await closeHeldTask(trx, taskId, by, null, now))) {
			const task = await findHelpRequest(trx, taskId);
			return { ok: false, reason: task && ['completed', 'cancelled'].includes(task.status) ? 'closed' : 'not_holder' } as const;
		}
		const eventId = newId();
		await trx
			.insertInto('declaration_events')
			.values({
				id: eventId,
				declaration_id: link.declaration_id,
				type: 'translated',
				from_status: null,
				to_status: null,
				actor_id: 'userId' in by ? by.userId : actor.id,
				data: encryptJson(db.keys, { translation: checked.text, language: link.target_lang }, eventAad(link.declaration_id)),
				created_at: iso(now)
			})
			.execute();
		await trx
			.updateTable('declaration_translations')
			.set({ translation_event_id: eventId, translated_at: iso(now) })
			.where('help_request_id', '=', taskId)
			.where('translation_event_id', 'is', null)
			.execute();
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: 'translation.submit',
			targetType: 'declaration',
			targetId: link.declaration_id,
			details: { task: taskId, kind: link.kind, to: link.target_lang },
			at: now
		});
		// the resident can now read the officer's question: tell them, as the question itself was told
		if (link.kind === 'question') await mailTranslatedQuestion(db, trx, link.declaration_id, checked.text, now);
		return { ok: true } as const;
	});
}

/** In the translation's unit: the translated question by e-mail, in the declaration's language, if the resident gave an address. */
async function mailTranslatedQuestion(db: Db, trx: Tx, declarationId: string, translation: string, now: Date): Promise<void> {
	const row = await trx.selectFrom('declarations').select(['id', 'reference', 'language', 'snapshot']).where('id', '=', declarationId).executeTakeFirst();
	if (!row || isAnonymised(row.snapshot)) return;
	const email = (await readCurrentAnswers(db, row, trx)).contact.email;
	if (!email) return;
	await sendMail(db, trx, { to: email, lang: row.language, message: { kind: 'question_translated', reference: row.reference, translation } }, now);
}

/**
 * In the unit of the decision that approved or rejected the declaration: its translations still to
 * do are no longer needed, so their tasks are cancelled (they leave the board; a holder's lease ends),
 * with one audit row naming them. The number cancelled.
 */
export async function cancelOpenTranslations(db: Db, trx: Tx, declarationId: string, decision: string, actor: Actor, now: Date): Promise<number> {
	const open = await trx.selectFrom('declaration_translations').select('help_request_id').where('declaration_id', '=', declarationId).where('translation_event_id', 'is', null).execute();
	const cancelled = await cancelTasks(
		trx,
		open.map((r) => r.help_request_id),
		now
	);
	if (!cancelled.length) return 0;
	await recordAudit(db, trx, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'translation.cancel',
		targetType: 'declaration',
		targetId: declarationId,
		details: { tasks: cancelled, decision },
		at: now
	});
	return cancelled.length;
}

/** For each translated question or answer of a declaration (by its event id): the translation, or that one is on its way. */
export async function translationsOf(db: Db, declarationId: string): Promise<Record<string, TranslationState>> {
	const rows = await db
		.selectFrom('declaration_translations as t')
		.innerJoin('help_requests as h', 'h.id', 't.help_request_id')
		.leftJoin('declaration_events as e', 'e.id', 't.translation_event_id')
		.select(['t.event_id', 't.target_lang', 't.translated_at', 'e.data', 'h.status'])
		.where('t.declaration_id', '=', declarationId)
		.execute();
	const out: Record<string, TranslationState> = {};
	for (const r of rows) {
		if (r.translated_at && r.data?.startsWith('v1.')) {
			const { translation } = decryptJson<{ translation: string }>(db.keys, r.data, eventAad(declarationId));
			out[r.event_id] = { state: 'done', lang: r.target_lang, text: translation, at: r.translated_at };
		} else if (!r.translated_at && r.status !== 'cancelled') out[r.event_id] = { state: 'pending', lang: r.target_lang };
	}
	return out;
}

/** A question or an answer on the officer's page, with its translation. */
export interface ConversationItem {
	id: string;
	kind: TranslationKind;
	at: string;
	/** The officer's words (a template question rendered in the officer's language), or the resident's answer. */
	text: string;
	/** Words an officer added to a template question. */
	note: string | null;
	lang: string | null;
	translation: TranslationState | null;
}

/**
 * The questions and answers of a declaration for an officer, each with its translation. The page
 * view is audited by openDeclaration; reading volunteers' translations is audited here as well.
 */
export async function conversationFor(db: Db, declaration: { id: string; language: string }, actor: Actor): Promise<ConversationItem[]> {
	const events = await db
		.selectFrom('declaration_events')
		.select(['id', 'type', 'data', 'created_at'])
		.where('declaration_id', '=', declaration.id)
		.where('type', 'in', ['information_requested', 'information_provided'])
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	const translations = await translationsOf(db, declaration.id);
	const items = events.map((e): ConversationItem => {
		const data = e.data?.startsWith('v1.') ? decryptJson<QuestionData & AnswerData & { language?: string }>(db.keys, e.data, eventAad(declaration.id)) : null;
		const question = e.type === 'information_requested';
		return {
			id: e.id,
			kind: question ? 'question' : 'answer',
			at: e.created_at,
			text: (question ? data?.question : data?.message) ?? '',
			note: question && data?.note ? data.note : null,
			lang: question ? (data?.language ?? null) : declaration.language,
			translation: translations[e.id] ?? null
		};
	});
	const shown = items.filter((i) => i.translation?.state === 'done').length;
	if (shown)
		await recordAuditAlone(db, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: 'translation.view',
			targetType: 'declaration',
			targetId: declaration.id,
			details: { translations: shown }
		});
	return items;
}
