import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { lookUp } from '$lib/server/review';
import { nationalityFromInput } from '$lib/server/nationality-input';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = (event) => {
	requireStaff(event, canReviewDeclarations);
	return {};
};

// A POST, not a GET: document numbers must not end up in URLs, browser history or proxy logs.
export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canReviewDeclarations);
		const form = await event.request.formData();
		const reference = String(form.get('reference') ?? '').trim();
		const documentNumber = String(form.get('documentNumber') ?? '').trim();
		const typed = String(form.get('nationality') ?? '').slice(0, 100);
		const nationality = nationalityFromInput(event.locals.lang, typed);
		if (!reference && !documentNumber) return fail(400, { error: 'review.lookup.needOne', field: 'reference', reference, nationality: typed });
		if (!reference && nationality === null) return fail(400, { error: 'staff.nationality.unknown', params: { value: typed }, field: 'nationality', reference, nationality: typed });
		if (!reference && !nationality) return fail(400, { error: 'review.lookup.needNationality', field: 'nationality', reference, nationality: typed });
		const results = await lookUp(event.locals.app.db, reference ? { reference } : { documentNumber, nationality: nationality! }, actorOf(event));
		return { results, searched: true, reference, nationality: typed };
	}
};
