import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { canWorkHelpRequest } from '$lib/server/authz';
import { findHelpRequest } from '$lib/server/help-requests';
import { viewMessageImage } from '$lib/server/help-conversation';
import { clientIp } from '../../../../guard';

// An image from a conversation, for the staff member holding the request only; every view audited.
export const GET: RequestHandler = async (event) => {
	const { locals, params } = event;
	const user = locals.user;
	if (!user) error(401, locals.t('staff.errors.forbidden'));
	const { db } = locals.app;
	const task = await findHelpRequest(db, params.id);
	if (!task || !canWorkHelpRequest(user, task)) error(403, locals.t('staff.errors.forbidden'));
	const image = await viewMessageImage(db, task, params.message, { id: user.id, role: user.role, ip: clientIp(event) });
	if (!image) error(404, locals.t('staff.errors.notFound'));
	return new Response(new Uint8Array(image.bytes), { headers: { 'content-type': image.mime, 'cache-control': 'private, no-store' } });
};
