import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageSettings } from '$lib/server/authz';
import { changeLists, getLists, type ListName } from '$lib/server/lists';
import { nationalityFromInput } from '$lib/server/nationality-input';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageSettings);
	return { lists: await getLists(event.locals.app.db) };
};

function listOf(value: FormDataEntryValue | null): ListName {
	return value === 'transit' ? 'transit' : 'visa_free';
}

export const actions: Actions = {
	add: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const list = listOf(form.get('list'));
		const typed = String(form.get('nationality') ?? '').slice(0, 100);
		const nationality = nationalityFromInput(event.locals.lang, typed) || typed.trim().toUpperCase();
		const result = await changeLists(event.locals.app.db, { kind: 'add', list, nationality }, actorOf(event));
		if (!result.ok) return fail(400, { error: `review.lists.${result.reason}`, field: `${list}-nationality`, nationality });
		return { saved: true };
	},
	remove: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const result = await changeLists(event.locals.app.db, { kind: 'remove', list: listOf(form.get('list')), nationality: String(form.get('nationality') ?? '') }, actorOf(event));
		if (!result.ok) return fail(400, { error: `review.lists.${result.reason}`, field: '' });
		return { saved: true };
	},
	occupancy: async (event) => {
		requireStaff(event, canManageSettings);
		const form = await event.request.formData();
		const value = Number(form.get('max'));
		const result = await changeLists(event.locals.app.db, { kind: 'max_foreign_occupants', value }, actorOf(event));
		if (!result.ok && result.reason !== 'unchanged') return fail(400, { error: `review.lists.${result.reason}`, field: 'max' });
		return { saved: true };
	}
};
