import type { LayoutServerLoad } from './$types';
import { kioskTimeouts } from '$lib/kiosk/visit.server';

// The idle and warning times, for every kiosk page and for the kiosk's error page, which sits
// above the visit's layout and so must still wipe a visitor who walks away from it.
export const load: LayoutServerLoad = async ({ cookies }) => ({ kiosk: kioskTimeouts(cookies) });
