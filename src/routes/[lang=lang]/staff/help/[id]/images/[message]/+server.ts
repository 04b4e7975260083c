import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { canWorkHelpRequest } from '$lib/server/authz';
import { recordAudit } from '$lib/server/audit';
import { findHelpRequest, messageUpload } from '$lib/server/help-requests';
import { readUpload } from '$lib/server/uploads';
import { clientIp } from '../../../../guard';

// An image from a conversation, for the staff member holding the request only; every view audited.
export const GET: RequestHandler = async (event) => {
	const { locals, params } = event;
	const user = locals.user;
	if (!user) error(401, locals.t('staff.errors.forbidden'));
	const ctx = app();
	const task = await findHelpRequest(ctx.db, params.id);
	if (!task || !canWorkHelpRequest(user, task)) error(403, locals.t('staff.errors.forbidden'));
	const uploadId = await messageUpload(ctx.db, task.id, params.message);
	const image = uploadId ? await readUpload(ctx, uploadId) : undefined;
	if (!image) error(404, locals.t('staff.errors.notFound'));
	await recordAudit(ctx.db, {
		actorId: user.id,
		actorRole: user.role,
		ip: clientIp(event),
		action: 'help_request.view_image',
		targetType: 'help_request',
		targetId: task.id,
		details: { messageId: params.message }
	});
	return new Response(new Uint8Array(image.bytes), { headers: { 'content-type': image.mime, 'cache-control': 'private, no-store' } });
};
