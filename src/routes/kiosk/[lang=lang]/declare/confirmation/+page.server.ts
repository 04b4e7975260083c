import { KIOSK } from '$lib/declare/journey.server';
import { confirmationPage } from '$lib/declare/confirmation.server';

export const { load } = confirmationPage(KIOSK);
