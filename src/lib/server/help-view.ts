import { bcp47, type Lang, type T } from '$lib/i18n';
import type { ThreadMessage } from './help-requests';

// Shapes shared by the resident's and the staff's pages of a help request.

export function formatWhen(lang: Lang, isoTime: string): string {
	return new Intl.DateTimeFormat(bcp47(lang), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(isoTime));
}

export function threadView(
	t: T,
	lang: Lang,
	messages: ThreadMessage[],
	viewer: 'resident' | 'staff',
	imageUrl: (messageId: string) => string
) {
	return messages.map((m) => ({
		id: m.id,
		mine: m.author === viewer,
		author: m.author === 'resident' ? t('help.thread.resident') : t('help.thread.helper'),
		text: m.text,
		at: m.createdAt,
		when: formatWhen(lang, m.createdAt),
		imageUrl: m.uploadId ? imageUrl(m.id) : null
	}));
}

/** The image of a form post, if one was chosen (an empty file input sends a nameless empty file). */
export async function formImage(form: FormData, field = 'image'): Promise<Uint8Array | undefined> {
	const file = form.get(field);
	if (!(file instanceof File) || file.size === 0) return undefined;
	return new Uint8Array(await file.arrayBuffer());
}
