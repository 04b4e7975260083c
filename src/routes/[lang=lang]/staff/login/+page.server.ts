import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { signIn } from '$lib/server/auth';
import { homePathFor } from '$lib/server/authz';
import { deleteSession, SESSION_COOKIE } from '$lib/server/sessions';
import { clientIp, safeNext } from '../guard';

const NOTICES = new Set(['signedOut', 'passwordSet']);

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')) ?? `/${locals.lang}/${homePathFor(locals.user.role)}`);
	const notice = url.searchParams.get('notice');
	// sent here because the session ran out (guard.ts adds ended=1): say so, rather than a bare sign-in page
	const ended = url.searchParams.get('ended') === '1';
	return { notice: ended ? 'sessionEnded' : notice && NOTICES.has(notice) ? notice : null, next: safeNext(url.searchParams.get('next')) };
};

const email = z.string().trim().min(1, 'staff.login.emailRequired').max(254, 'staff.login.emailInvalid').pipe(z.email('staff.login.emailInvalid'));
const password = z.string().min(1, 'staff.login.passwordRequired').max(1024, 'staff.login.passwordRequired');

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, locals } = event;
		const form = await request.formData();
		const values = { email: String(form.get('email') ?? '').trim() };
		const next = safeNext(String(form.get('next') ?? '') || null);

		const errors: Record<string, string> = {};
		const parsedEmail = email.safeParse(form.get('email') ?? '');
		const parsedPassword = password.safeParse(form.get('password') ?? '');
		if (!parsedEmail.success) errors.email = parsedEmail.error.issues[0].message;
		if (!parsedPassword.success) errors.password = parsedPassword.error.issues[0].message;
		if (!parsedEmail.success || !parsedPassword.success) return fail(400, { values, next, errors, minutes: null });

		const { db, rateLimits } = locals.app;
		const result = await signIn(db, { email: parsedEmail.data, password: parsedPassword.data, ip: clientIp(event), limitIp: rateLimits });
		if (!result.ok) {
			const limited = result.reason === 'rate_limited';
			return fail(limited ? 429 : 400, {
				values,
				next,
				errors: { email: limited ? 'staff.login.rateLimited' : 'staff.login.failed' } as Record<string, string>,
				minutes: limited ? Math.ceil(result.retryAfterSeconds / 60) : null
			});
		}

		// A new token at every sign-in; a session this browser held before ends now.
		if (locals.sessionId) await deleteSession(db, locals.sessionId);
		cookies.set(SESSION_COOKIE, result.session.token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
		redirect(303, next ?? `/${locals.lang}/${homePathFor(result.user.role)}`);
	}
};
