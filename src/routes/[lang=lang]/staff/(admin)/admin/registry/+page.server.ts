import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageRegistry } from '$lib/server/authz';
import { ADDRESS_KINDS, checkAddress, addAddress, listRegistry } from '$lib/server/addresses';
import type { AddressKind } from '$lib/server/db/schema';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageRegistry);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	return { q, addresses: await listRegistry(event.locals.app.db, q), kinds: [...ADDRESS_KINDS] };
};

export const actions: Actions = {
	add: async (event) => {
		requireStaff(event, canManageRegistry);
		const form = await event.request.formData();
		const input = { label: String(form.get('label') ?? '').trim(), labelEn: String(form.get('labelEn') ?? '').trim(), kind: String(form.get('kind') ?? '') };
		const errors = checkAddress(input);
		if (errors.length) return fail(400, { errors, values: input });
		const result = await addAddress(event.locals.app.db, { ...input, kind: input.kind as AddressKind }, actorOf(event));
		if (!result.ok) return fail(400, { errors: [{ field: 'label', code: result.reason }], values: input });
		redirect(303, `/${event.locals.lang}/staff/admin/registry/${result.id}?saved=1`);
	}
};
