import type { Db, Tx } from '../db';
import { bcp47, DEFAULT_LANG, isLang, staffMailLanguage, type Lang } from '../../i18n';
import { staffTime } from '../../staff-format';
import { siteUrl } from '../site';
import { enqueueMail, type Mail } from './outbox';

// The one module that builds and sends e-mail. A sender names the message's kind, its data and
// the recipient's language; this module picks the texts and builds every link from the site's
// address (site.ts), then queues the mail in the sender's unit (outbox.ts). The texts a resident
// reads are in the `email` namespace (all 16 languages); staff mail (a new task, the password link)
// in `staff.mail`, in the staff member's own mail language (en or zh-hans, users.mail_language). The translations are
// loaded on first use, so command-line tools that only claim or expire tasks need no i18n bundle.

export type { Mail } from './outbox';

export type MailMessage =
	/** To the resident after submitting: the status, where to follow it, the receipt and its check. */
	| { kind: 'declaration_received'; reference: string; status: 'approved' | 'pending'; receiptToken: string | null }
	/** To the resident after an officer's decision; `question` only for a request for information. */
	| { kind: 'declaration_decision'; decision: 'approve' | 'reject' | 'request_information'; reference: string; question: string }
	/** To the resident when a volunteer's translation of the officer's question arrives. */
	| { kind: 'question_translated'; reference: string; translation: string }
	/** To a volunteer on duty who speaks the language, in staff wording; it names no personal data, only the task. */
	| { kind: 'help_new_task'; reference: string; language: string; topic: string }
	/** To the resident when their help request is taken, given an appointment or completed. */
	| { kind: 'help_update'; event: 'claimed' | 'scheduled' | 'completed'; reference: string; when?: string }
	/** To a staff member: a one-time link to set their password. */
	| { kind: 'password_link'; token: string; expiresAt: Date };

/** One mail to send: who, in which language, what. */
export interface Outgoing {
	to: string;
	lang: string;
	message: MailMessage;
}

/** Subject and text of a message in `lang` (English when the language is not one of ours). */
export async function composeMail({ to, lang: asked, message: m }: Outgoing): Promise<Mail> {
	const { tFor } = await import('../i18n');
	const lang: Lang = isLang(asked) ? asked : DEFAULT_LANG;
	const t = tFor(lang);
	const reference = 'reference' in m ? m.reference : '';
	switch (m.kind) {
		case 'declaration_received': {
			const lines = [
				t('email.declaration.greeting'),
				'',
				t(`email.declaration.status.${m.status}`, { reference }),
				'',
				t('email.declaration.follow', { url: siteUrl.status(lang) }),
				m.receiptToken ? t('email.declaration.receipt', { url: siteUrl.receipt(lang, reference) }) : '',
				m.receiptToken ? t('email.declaration.verify', { url: siteUrl.verify(m.receiptToken) }) : '',
				'',
				t('email.declaration.signature')
			].filter((line, i, all) => line !== '' || all[i - 1] !== '');
			return { to, subject: t('email.declaration.subject', { reference }), text: lines.join('\n') };
		}
		case 'declaration_decision':
			return {
				to,
				subject: t(`email.decision.${m.decision}.subject`, { reference }),
				text: t(`email.decision.${m.decision}.body`, { reference, link: siteUrl.status(lang, reference), question: m.question })
			};
		case 'question_translated':
			return {
				to,
				subject: t('email.translation.subject', { reference }),
				text: t('email.translation.body', { reference, translation: m.translation, link: siteUrl.status(lang, reference) })
			};
		case 'help_new_task': {
			const staff = staffMailLanguage(asked);
			const ts = tFor(staff);
			// the task's language named in the volunteer's language ("法语", "French")
			const language = isLang(m.language) ? (new Intl.DisplayNames([bcp47(staff)], { type: 'language' }).of(bcp47(m.language)) ?? m.language) : m.language;
			return {
				to,
				subject: ts('staff.mail.newTask.subject', { language }),
				text: ts('staff.mail.newTask.body', { reference, language, topic: ts(`staff.topics.${m.topic}`), link: siteUrl.staffTasks(staff) })
			};
		}
		case 'help_update': {
			const when = m.when ? new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(m.when)) : '';
			return {
				to,
				subject: t(`email.help.${m.event}.subject`, { reference }),
				text: t(`email.help.${m.event}.body`, { reference, when, link: siteUrl.helpRequest(lang, reference) })
			};
		}
		case 'password_link': {
			const staff = staffMailLanguage(asked);
			const ts = tFor(staff);
			return {
				to,
				subject: ts('staff.mail.resetSubject'),
				text: ts('staff.mail.resetBody', { link: siteUrl.passwordReset(staff, m.token), expires: staffTime(m.expiresAt) })
			};
		}
	}
}

/** Builds the mail and queues it in the caller's unit, so it goes out only if the change it tells of commits. */
export async function sendMail(db: Db, tx: Tx, outgoing: Outgoing, now = new Date()): Promise<string> {
	return enqueueMail(db, tx, await composeMail(outgoing), now);
}

/** Builds the mail and queues it in a unit of its own. */
export async function sendMailAlone(db: Db, outgoing: Outgoing, now = new Date()): Promise<string> {
	const mail = await composeMail(outgoing);
	return db.write((tx) => enqueueMail(db, tx, mail, now));
}
