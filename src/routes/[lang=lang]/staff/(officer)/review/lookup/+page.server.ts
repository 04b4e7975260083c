import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { lookUp } from '$lib/server/review';
import { isNationality } from '$lib/domain/nationalities';
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
		const nationality = String(form.get('nationality') ?? '')
			.trim()
			.toUpperCase();
		if (!reference && !documentNumber) return fail(400, { error: 'review.lookup.needOne', field: 'reference', reference, nationality });
		if (!reference && !isNationality(nationality)) return fail(400, { error: 'review.lookup.needNationality', field: 'nationality', reference, nationality });
		const results = await lookUp(event.locals.app.db, reference ? { reference } : { documentNumber, nationality }, actorOf(event));
		return { results, searched: true, reference, nationality };
	}
};
