import type { RequestEvent } from '@sveltejs/kit';
import { issuePasswordReset } from '$lib/server/auth';
import { enqueueMailAlone } from '$lib/server/outbox';
import type { User } from '$lib/server/users';
import { actorOf } from '../../../guard';
import { siteOrigin } from '$lib/server/site';
import { staffTime } from '$lib/staff-format';

/** Issues a one-time link for `user`, queues it by mail and returns it so the admin can hand it over too. */
export async function sendPasswordLink(event: RequestEvent, user: User): Promise<{ link: string; expires: string }> {
	const { db } = event.locals.app;
	const { token, expiresAt } = await issuePasswordReset(db, actorOf(event), user.id);
	const link = `${siteOrigin()}/${event.locals.lang}/staff/reset/${token}`;
	const expires = staffTime(expiresAt);
	const t = event.locals.t;
	await enqueueMailAlone(db, { to: user.email, subject: t('staff.mail.resetSubject'), text: t('staff.mail.resetBody', { link, expires }) });
	return { link, expires };
}
