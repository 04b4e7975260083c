import { redirect, type Cookies } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { findForResident } from '$lib/server/declarations';
import { normaliseReference } from '$lib/server/ids';
import { clearStatusAccess, readStatusAccess, type StatusAccess } from '$lib/server/status-access';

/** The declaration of the page, reached only with the reference + access code held in the cookie. */
export async function requireAccess(cookies: Cookies, params: { lang: string; reference: string }) {
	const ctx = app();
	const access: StatusAccess | undefined = readStatusAccess(cookies, ctx.keys);
	if (!access || access.reference !== normaliseReference(params.reference)) redirect(303, `/${params.lang}/status?expired`);
	const found = await findForResident(ctx, access.reference, access.accessCode);
	if (!found) {
		clearStatusAccess(cookies);
		redirect(303, `/${params.lang}/status?expired`);
	}
	return { ...found, access };
}
