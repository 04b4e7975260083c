import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageRegistry } from '$lib/server/authz';
import { importAddresses, previewAddressCsv } from '$lib/server/addresses';
import { actorOf, requireStaff } from '../../../../guard';

const MAX_BYTES = 2 * 1024 * 1024;

export const load: PageServerLoad = (event) => {
	requireStaff(event, canManageRegistry);
	return {};
};

// Two steps without JavaScript: `preview` reads the file and shows every line with its errors,
// carrying the file on in a hidden field; `confirm` reads it again and imports all or nothing.
async function fileBytes(form: FormData): Promise<Uint8Array | null> {
	const file = form.get('file');
	if (file instanceof File && file.size > 0) return file.size > MAX_BYTES ? null : new Uint8Array(await file.arrayBuffer());
	const carried = form.get('carried');
	if (typeof carried === 'string' && carried) return new Uint8Array(Buffer.from(carried, 'base64'));
	return new Uint8Array();
}

export const actions: Actions = {
	preview: async (event) => {
		requireStaff(event, canManageRegistry);
		const bytes = await fileBytes(await event.request.formData());
		if (bytes === null) return fail(413, { error: 'review.import.tooLarge', missing: '', line: 0 });
		if (bytes.length === 0) return fail(400, { error: 'review.import.noFile', missing: '', line: 0 });
		const preview = await previewAddressCsv(event.locals.app.db, bytes);
		if (!preview.ok) return fail(400, { error: `review.import.${preview.error}`, missing: preview.missing?.join(', ') ?? '', line: preview.line ?? 0 });
		return { preview, carried: Buffer.from(bytes).toString('base64') };
	},
	confirm: async (event) => {
		requireStaff(event, canManageRegistry);
		const bytes = await fileBytes(await event.request.formData());
		if (!bytes?.length) return fail(400, { error: 'review.import.noFile', missing: '', line: 0 });
		const preview = await previewAddressCsv(event.locals.app.db, bytes);
		if (!preview.ok) return fail(400, { error: `review.import.${preview.error}`, missing: preview.missing?.join(', ') ?? '', line: preview.line ?? 0 });
		if (preview.invalid > 0) return fail(400, { error: 'review.import.fixFirst', missing: '', line: 0, preview, carried: Buffer.from(bytes).toString('base64') });
		const actor = actorOf(event);
		const imported = await importAddresses(event.locals.app.db, preview, actor);
		return { imported };
	}
};
