import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { saveDraft } from '$lib/server/drafts';
import { admit, currentDraft, langOf, startDraft } from './draft.server';
import type { Journey } from './journey.server';

/** The start page's load and action (consent), for the phone's or the kiosk's route tree. */
export function startPage(journey: Journey) {
	return {
		load: async (event: RequestEvent) => {
			admit(event, journey);
			const draft = await currentDraft(event);
			// an unfinished draft can be continued; a submitted one is done and a new visit starts afresh
			return { canContinue: !!draft && !draft.data.submission, base: journey.base(langOf(event)) };
		},
		actions: {
			default: async (event: RequestEvent) => {
				admit(event, journey);
				const form = await event.request.formData();
				// Consent is its own explicit step (PIPL art. 29): nothing personal is asked before it.
				if (form.get('consent') !== 'yes') return fail(400, { errors: { consent: 'consent_required' } as Record<string, string> });
				const existing = await currentDraft(event);
				if (existing && !existing.data.submission) {
					await saveDraft(event.locals.app.db, existing.id, { ...existing.data, consent: true });
				} else {
					await startDraft(event.locals.app.db, event.cookies, { consent: true, values: {} });
				}
				redirect(303, `${journey.base(langOf(event))}/declarant`);
			}
		}
	};
}

export type StartData = Awaited<ReturnType<ReturnType<typeof startPage>['load']>>;
export type StartActionData = Awaited<ReturnType<ReturnType<typeof startPage>['actions']['default']>>;
