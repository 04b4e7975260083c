import type { RequestEvent } from '@sveltejs/kit';
import { issuePasswordReset } from '$lib/server/auth';
import { linkExpiry, sendMailAlone } from '$lib/server/mail';
import { siteUrl } from '$lib/server/site';
import type { User } from '$lib/server/users';
import { actorOf } from '../../../guard';

/** Issues a one-time link for `user`, queues it by mail and returns it so the admin can hand it over too. */
export async function sendPasswordLink(event: RequestEvent, user: User): Promise<{ link: string; expires: string }> {
	const { db } = event.locals.app;
	const lang = event.locals.lang;
	const { token, expiresAt } = await issuePasswordReset(db, actorOf(event), user.id);
	await sendMailAlone(db, { to: user.email, lang, message: { kind: 'password_link', token, expiresAt } });
	return { link: siteUrl.passwordReset(lang, token), expires: linkExpiry(expiresAt) };
}
