import { redirect, type RequestEvent } from '@sveltejs/kit';
import { saveDraft } from '$lib/server/drafts';
import { qrSvg } from '$lib/server/qr';
import { afterSubmission, langOf, requireDraft } from './draft.server';
import type { Journey } from './journey.server';
import { siteUrl } from '$lib/server/site';

/** The confirmation's load: the decision, and the access code shown once. */
export function confirmationPage(journey: Journey) {
	return {
		load: async (event: RequestEvent) => {
			const lang = langOf(event);
			const draft = await requireDraft(event, journey);
			const submission = draft.data.submission;
			if (!submission) redirect(303, `${journey.base(lang)}/check`);
			// shown once on a phone: afterwards (Back, reload) the status page takes over
			const next = afterSubmission(journey, lang, draft);
			if (!next.endsWith('/confirmation')) redirect(303, next);
			// The access code is shown once: after this page it exists only as a hash.
			if (!submission.shown) await saveDraft(event.locals.app.db, draft.id, { ...draft.data, submission: { ...submission, accessCode: null, shown: true } });
			// the kiosk prints a slip: the receipt's verification link and its QR code go on it
			const verifyUrl = journey.kind === 'kiosk' && submission.receiptToken ? siteUrl.verify(submission.receiptToken) : null;
			return {
				base: journey.base(lang),
				journey: journey.kind,
				submission,
				email: draft.data.values.contact?.email?.trim() || null,
				verifyUrl,
				qrSvg: verifyUrl ? await qrSvg(verifyUrl) : null
			};
		}
	};
}

export type ConfirmationData = Awaited<ReturnType<ReturnType<typeof confirmationPage>['load']>>;
