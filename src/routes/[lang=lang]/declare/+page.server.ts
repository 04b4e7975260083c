import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentDraft, declareBase, startDraft } from './draft.server';
import { app } from '$lib/server/app';
import { saveDraft } from '$lib/server/drafts';

export const load: PageServerLoad = async (event) => {
	const draft = await currentDraft(event);
	// an unfinished draft can be continued; a submitted one is done and a new visit starts afresh
	return { canContinue: !!draft && !draft.data.submission, base: declareBase(event) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		// Consent is its own explicit step (PIPL art. 29): nothing personal is asked before it.
		if (form.get('consent') !== 'yes') return fail(400, { errors: { consent: 'consent_required' } as Record<string, string> });
		const existing = await currentDraft(event);
		if (existing && !existing.data.submission) {
			await saveDraft(app(), existing.id, { ...existing.data, consent: true });
		} else {
			await startDraft(event.cookies, { consent: true, values: {} });
		}
		redirect(303, `${declareBase(event)}/declarant`);
	}
};
