import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageRegistry } from '$lib/server/authz';
import { ADDRESS_KINDS, checkAddress, getAddress, updateAddress } from '$lib/server/addresses';
import type { AddressKind } from '$lib/server/db/schema';
import { actorOf, requireStaff } from '../../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageRegistry);
	const address = await getAddress(event.locals.app.db, event.params.id);
	if (!address) error(404, event.locals.t('review.registry.notFound'));
	return { address, kinds: [...ADDRESS_KINDS], saved: event.url.searchParams.has('saved') };
};

export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canManageRegistry);
		const form = await event.request.formData();
		const input = { label: String(form.get('label') ?? '').trim(), labelEn: String(form.get('labelEn') ?? '').trim(), kind: String(form.get('kind') ?? ''), active: form.get('active') === 'on' };
		const errors = checkAddress(input);
		if (errors.length) return fail(400, { errors, values: input });
		const result = await updateAddress(event.locals.app.db, event.params.id, { ...input, kind: input.kind as AddressKind }, actorOf(event));
		if (!result.ok && result.reason === 'not_found') error(404, event.locals.t('review.registry.notFound'));
		if (!result.ok) return fail(400, { errors: [{ field: 'label', code: result.reason }], values: input });
		redirect(303, `/${event.locals.lang}/staff/admin/registry/${event.params.id}?saved=1`);
	}
};
