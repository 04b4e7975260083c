import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { wipeVisit } from '$lib/kiosk/visit.server';

// "Finish", the idle timeout and a printed receipt all end the visit here.
export const POST: RequestHandler = async ({ cookies, locals }) => {
	await wipeVisit(locals.app.db, cookies);
	redirect(303, '/kiosk');
};
