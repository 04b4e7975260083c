import { bcp47, DEFAULT_LANG, isLang, staffMailLanguage } from '$lib/i18n';
import { tFor } from './i18n';
import type { Mail } from './outbox';
import { siteOrigin } from './site';

// The texts of help-request mail (locales/*/help.json, help.email.*). Loaded lazily by
// help-requests.ts, so command-line tools that only claim or expire tasks need no i18n bundle.

function link(lang: string, reference: string): string {
	return `${siteOrigin()}/${lang}/help/${reference}`;
}

/**
 * To a volunteer on duty who speaks the language, in the volunteer's own mail language (en or
 * zh-hans, users.mail_language), in staff wording; the mail names no personal data, only the task.
 */
export function newTaskMail(to: string, mailLanguage: string, task: { reference: string; language: string; topic: string }): Mail {
	const lang = staffMailLanguage(mailLanguage);
	const t = tFor(lang);
	// the task's language named in the volunteer's language ("法语", "French")
	const language = isLang(task.language) ? (new Intl.DisplayNames([bcp47(lang)], { type: 'language' }).of(bcp47(task.language)) ?? task.language) : task.language;
	return {
		to,
		subject: t('staff.mail.newTask.subject', { language }),
		text: t('staff.mail.newTask.body', {
			reference: task.reference,
			language,
			topic: t(`staff.topics.${task.topic}`),
			link: `${siteOrigin()}/${lang}/staff/tasks`
		})
	};
}

/** To the resident, in the request's language. */
export function residentMail(to: string, event: 'claimed' | 'scheduled' | 'completed', request: { reference: string; language: string; when?: string }): Mail {
	const lang = isLang(request.language) ? request.language : DEFAULT_LANG;
	const t = tFor(lang);
	const when = request.when ? new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(request.when)) : '';
	return {
		to,
		subject: t(`help.email.${event}.subject`, { reference: request.reference }),
		text: t(`help.email.${event}.body`, { reference: request.reference, when, link: link(lang, request.reference) })
	};
}
