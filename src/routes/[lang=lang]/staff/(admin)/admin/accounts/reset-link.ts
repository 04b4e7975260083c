import type { RequestEvent } from '@sveltejs/kit';
import { issuePasswordReset } from '$lib/server/auth';
import { sendMailAlone } from '$lib/server/mail';
import { siteUrl } from '$lib/server/site';
import type { User } from '$lib/server/users';
import { staffTime } from '$lib/staff-format';
import { actorOf } from '../../../guard';

/**
 * Issues a one-time link for `user`, queues it by mail (in the account's own mail language, not the
 * admin's page language) and returns it, in the admin's language, so the admin can hand it over too.
 */
export async function sendPasswordLink(event: RequestEvent, user: User): Promise<{ link: string; expires: string }> {
	const { db } = event.locals.app;
	const { token, expiresAt } = await issuePasswordReset(db, actorOf(event), user.id);
	await sendMailAlone(db, { to: user.email, lang: user.mail_language, message: { kind: 'password_link', token, expiresAt } });
	return { link: siteUrl.passwordReset(event.locals.lang, token), expires: staffTime(expiresAt) };
}
