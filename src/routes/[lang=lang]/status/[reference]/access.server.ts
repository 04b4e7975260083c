import { redirect, type Cookies } from '@sveltejs/kit';
import type { Db } from '$lib/server/db';
import { findForResident } from '$lib/server/follow-up';
import { normaliseReference } from '$lib/server/ids';
import { clearStatusAccess, readStatusAccess, type StatusAccess } from '$lib/server/access';

/** The declaration of the page, reached only with the reference + access code held in the cookie. */
export async function requireAccess(db: Db, cookies: Cookies, params: { lang: string; reference: string }) {
	const access: StatusAccess | undefined = readStatusAccess(cookies, db.keys);
	if (!access || access.reference !== normaliseReference(params.reference)) redirect(303, `/${params.lang}/status?expired`);
	const found = await findForResident(db, access.reference, access.accessCode);
	if (!found) {
		clearStatusAccess(cookies);
		redirect(303, `/${params.lang}/status?expired`);
	}
	return { ...found, access };
}
