import { fail } from '@sveltejs/kit';
import { bcp47, type Lang, type T } from '$lib/i18n';
import { staffTime } from '$lib/staff-format';
import { MAX_TRANSLATION_LENGTH, TRANSLATION_TOPIC } from '$lib/domain/translation';
import { viewTranslationTask, type SubmitTranslationResult } from './translations';
import { listMessages, postMessage, type ThreadMessage } from './help-conversation';
import { viewContact, type HelpActor, type HelpRequest } from './help-requests';
import { storeUpload } from './uploads';
import type { Db } from './db';

// Shapes shared by the resident's and the staff's pages of a help request.

export function formatWhen(lang: Lang, isoTime: string): string {
	return new Intl.DateTimeFormat(bcp47(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(isoTime));
}

export function threadView(t: T, lang: Lang, messages: ThreadMessage[], viewer: 'resident' | 'staff', imageUrl: (messageId: string) => string) {
	return messages.map((m) => ({
		id: m.id,
		mine: m.author === viewer,
		author: m.author === 'resident' ? t('help.thread.resident') : t('help.thread.helper'),
		text: m.text,
		at: m.createdAt,
		when: viewer === 'staff' ? staffTime(m.createdAt) : formatWhen(lang, m.createdAt),
		imageUrl: m.uploadId ? imageUrl(m.id) : null
	}));
}

/** The image of a form post, if one was chosen (an empty file input sends a nameless empty file). */
export async function formImage(form: FormData, field = 'image'): Promise<Uint8Array | undefined> {
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) return undefined;
	return new Uint8Array(await file.arrayBuffer());
}

/**
 * A message posted from a thread's form (text and an optional image), for the resident's page and
 * both staff pages. Answers with the translation key of what went wrong, if anything.
 */
export async function postFromForm(
	db: Db,
	form: FormData,
	author: { requestId: string; author: 'resident' | 'staff'; authorId: string | null }
): Promise<{ ok: true } | { ok: false; messageKey: string }> {
	const image = await formImage(form);
	let uploadId: string | null = null;
	if (image) {
		const stored = await storeUpload(db, image);
		if (!stored.ok) return { ok: false, messageKey: `help.thread.imageErrors.${stored.reason}` };
		uploadId = stored.id;
	}
	const result = await postMessage(db, { ...author, text: String(form.get('text') ?? ''), uploadId });
	if (!result.ok) return { ok: false, messageKey: result.reason === 'closed' ? 'help.thread.closed' : 'help.thread.empty_message' };
	return { ok: true };
}

/** A refused translation, as the task pages of volunteers and partners show it: the typed text kept. */
export function translationRefused(t: T, reason: Extract<SubmitTranslationResult, { ok: false }>['reason'], typed: string) {
	const field = reason === 'required' || reason === 'too_long';
	return fail(field ? 400 : reason === 'not_found' ? 404 : reason === 'not_holder' ? 403 : 409, {
		translationError: t(field ? `staff.tasks.translation.errors.${reason}` : reason === 'not_holder' ? 'staff.tasks.errors.notHolder' : 'staff.tasks.translation.errors.closed'),
		translationValue: typed.slice(0, MAX_TRANSLATION_LENGTH + 100)
	});
}

/**
 * What a staff member's page of one task shows (a volunteer's held task, a partner's accepted
 * request): a written translation's text, or the resident's contact and the conversation. Only
 * while `working` on it; the contact only when `mayViewContact` says so. Every view of personal
 * data is audited (viewContact, viewTranslationTask).
 */
export async function openTask(db: Db, task: HelpRequest, view: { actor: HelpActor; lang: Lang; t: T; working: boolean; mayViewContact: () => boolean | Promise<boolean> }) {
	const { actor, lang, t, working } = view;
	// a written translation: the text to translate (audited), no resident contact, no conversation
	const translation = working && task.topic === TRANSLATION_TOPIC ? ((await viewTranslationTask(db, task.id, actor)) ?? null) : null;
	const mayView = working && !translation && (await view.mayViewContact());
	const seen = mayView ? await viewContact(db, task, actor) : null;
	return {
		translation,
		task: { id: task.id, reference: task.reference, language: task.language, topic: task.topic, channel: task.channel, status: task.status },
		contactWithheld: working && !mayView && !translation,
		contact: seen?.contact ?? null,
		note: seen?.note ?? null,
		messages: working && !translation ? threadView(t, lang, await listMessages(db, task.id), 'staff', (id) => `/${lang}/staff/help/${task.id}/images/${id}`) : []
	};
}
