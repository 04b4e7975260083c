import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { createHandover, HANDOVER_TTL_MS } from '$lib/server/drafts';
import { qrSvg } from '$lib/server/qr';
import { requireDraft } from '$lib/declare/draft.server';
import { KIOSK } from '$lib/declare/journey.server';
import { siteUrl } from '$lib/server/site';

// "Continue on your phone": a QR code with a one-time token for 10 minutes. The phone that opens
// it takes the draft; the kiosk's copy is deleted at that moment (DESIGN.md §8: minimum keeping).
export const load: PageServerLoad = async (event) => {
	const draft = await requireDraft(event, KIOSK);
	const { lang } = event.params;
	if (draft.data.submission) redirect(303, `/kiosk/${lang}/declare/confirmation`);
	const { token } = await createHandover(event.locals.app.db, draft.id);
	const url = siteUrl.continueDeclaration(lang, token);
	return { qrSvg: await qrSvg(url), url, minutes: HANDOVER_TTL_MS / 60_000 };
};
