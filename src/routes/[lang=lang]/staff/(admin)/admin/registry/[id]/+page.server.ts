import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canManageRegistry } from '$lib/server/authz';
import { ADDRESS_KINDS, checkAddress, getAddress, updateAddress } from '$lib/server/addresses';
import { recordAudit } from '$lib/server/audit';
import type { AddressKind } from '$lib/server/db/schema';
import { actorOf, requireStaff } from '../../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageRegistry);
	const address = await getAddress(app().db, event.params.id);
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
		const { db } = app();
		const actor = actorOf(event);
		const found = await db.transaction().execute(async (trx) => {
			const ok = await updateAddress(trx, event.params.id, { ...input, kind: input.kind as AddressKind });
			if (ok)
				await recordAudit(trx, {
					actorId: actor.id,
					actorRole: actor.role,
					ip: actor.ip,
					action: input.active ? 'address.update' : 'address.retire',
					targetType: 'address',
					targetId: event.params.id,
					details: { kind: input.kind, active: input.active }
				});
			return ok;
		});
		if (!found) error(404, event.locals.t('review.registry.notFound'));
		redirect(303, `/${event.locals.lang}/staff/admin/registry/${event.params.id}?saved=1`);
	}
};
