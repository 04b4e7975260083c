import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { DRAFT_COOKIE, loadDraft } from '$lib/server/drafts';
import { hasVisit } from '$lib/kiosk/visit.server';

// Polled by the hand-over page: once the phone has taken the draft, the kiosk's copy is gone and
// the kiosk returns to the attract screen.
export const GET: RequestHandler = async ({ cookies }) => {
	const visit = hasVisit(cookies);
	const draft = visit ? !!(await loadDraft(app(), cookies.get(DRAFT_COOKIE))) : false;
	return json({ visit, draft }, { headers: { 'cache-control': 'no-store' } });
};
