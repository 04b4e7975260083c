import type { RequestEvent } from '@sveltejs/kit';
import { issuePasswordReset } from '$lib/server/auth';
import { enqueueMailAlone } from '$lib/server/outbox';
import type { User } from '$lib/server/users';
import { actorOf } from '../../../guard';
import { siteOrigin } from '$lib/server/site';
import { staffTime } from '$lib/staff-format';
import { tFor } from '$lib/server/i18n';
import { staffMailLanguage } from '$lib/i18n';

/** Issues a one-time link for `user`, queues it by mail and returns it so the admin can hand it over too. */
export async function sendPasswordLink(event: RequestEvent, user: User): Promise<{ link: string; expires: string }> {
	const { db } = event.locals.app;
	const { token, expiresAt } = await issuePasswordReset(db, actorOf(event), user.id);
	const expires = staffTime(expiresAt);
	// the mail, and the page its link opens, in the account's own mail language (not the admin's page language)
	const lang = staffMailLanguage(user.mail_language);
	const t = tFor(lang);
	await enqueueMailAlone(db, { to: user.email, subject: t('staff.mail.resetSubject'), text: t('staff.mail.resetBody', { link: `${siteOrigin()}/${lang}/staff/reset/${token}`, expires }) });
	const link = `${siteOrigin()}/${event.locals.lang}/staff/reset/${token}`;
	return { link, expires };
}
