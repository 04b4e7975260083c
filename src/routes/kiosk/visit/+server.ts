import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { DRAFT_COOKIE, loadDraft } from '$lib/server/drafts';
import { hasVisit } from '$lib/kiosk/visit.server';

// Polled by the hand-over page: once the phone has taken the draft, the kiosk's copy is gone and
// the kiosk returns to the attract screen.
export const GET: RequestHandler = async ({ cookies, locals }) => {
	const visit = hasVisit(locals.app.db.keys, cookies);
	const draft = visit ? !!(await loadDraft(locals.app.db, cookies.get(DRAFT_COOKIE))) : false;
	return json({ visit, draft }, { headers: { 'cache-control': 'no-store' } });
};
