import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageWatchlist } from '$lib/server/authz';
import { addToWatchlist, listWatchlist, removeFromWatchlist } from '$lib/server/lists';
import { nationalityFromInput } from '$lib/server/nationality-input';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageWatchlist);
	return { entries: await listWatchlist(event.locals.app.db, actorOf(event)) };
};

export const actions: Actions = {
	add: async (event) => {
		requireStaff(event, canManageWatchlist);
		const form = await event.request.formData();
		const values = { documentNumber: String(form.get('documentNumber') ?? ''), nationality: String(form.get('nationality') ?? ''), reason: String(form.get('reason') ?? '') };
		// a country name (staff language or English) or a code; what names none is refused as before
		const code = nationalityFromInput(event.locals.lang, values.nationality);
		const result = await addToWatchlist(event.locals.app.db, { ...values, nationality: code || values.nationality }, actorOf(event));
		if (!result.ok) return fail(400, { field: result.field, error: `review.watchlist.${result.reason}`, values });
		return { added: true };
	},
	remove: async (event) => {
		requireStaff(event, canManageWatchlist);
		const form = await event.request.formData();
		await removeFromWatchlist(event.locals.app.db, String(form.get('id') ?? ''), actorOf(event));
		return { removed: true };
	}
};
