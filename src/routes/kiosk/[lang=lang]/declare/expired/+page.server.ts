import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

// On the kiosk a draft disappears only when the visitor took it to their phone (or it was wiped):
// nothing is left to continue, so the attract screen (which wipes the rest) is the answer.
export const load: PageServerLoad = () => redirect(303, '/kiosk');
