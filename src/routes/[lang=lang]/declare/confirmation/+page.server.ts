import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { saveDraft } from '$lib/server/drafts';
import { afterSubmission, declareBase, requireDraft } from '../draft.server';

export const load: PageServerLoad = async (event) => {
	const draft = await requireDraft(event);
	const submission = draft.data.submission;
	if (!submission) redirect(303, `${declareBase(event)}/check`);
	// shown once on a phone: afterwards (Back, reload) the status page takes over
	const next = afterSubmission(event, draft);
	if (!next.endsWith('/confirmation')) redirect(303, next);
	// The access code is shown once: after this page it exists only as a hash.
	if (!submission.shown) await saveDraft(app(), draft.id, { ...draft.data, submission: { ...submission, accessCode: null, shown: true } });
	return { base: declareBase(event), submission, email: draft.data.values.contact?.email?.trim() || null };
};
