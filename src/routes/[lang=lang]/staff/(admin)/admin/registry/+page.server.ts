import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canManageRegistry } from '$lib/server/authz';
import { ADDRESS_KINDS, checkAddress, createAddress, listRegistry } from '$lib/server/addresses';
import { recordAudit } from '$lib/server/audit';
import type { AddressKind } from '$lib/server/db/schema';
import { actorOf, requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageRegistry);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 100);
	return { q, addresses: await listRegistry(app().db, q), kinds: [...ADDRESS_KINDS] };
};

export const actions: Actions = {
	add: async (event) => {
		requireStaff(event, canManageRegistry);
		const form = await event.request.formData();
		const input = { label: String(form.get('label') ?? '').trim(), labelEn: String(form.get('labelEn') ?? '').trim(), kind: String(form.get('kind') ?? '') };
		const errors = checkAddress(input);
		if (errors.length) return fail(400, { errors, values: input });
		const { db } = app();
		const actor = actorOf(event);
		const id = await db.transaction().execute(async (trx) => {
			const id = await createAddress(trx, { ...input, kind: input.kind as AddressKind });
			await recordAudit(trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'address.create', targetType: 'address', targetId: id, details: { kind: input.kind } });
			return id;
		});
		redirect(303, `/${event.locals.lang}/staff/admin/registry/${id}?saved=1`);
	}
};
