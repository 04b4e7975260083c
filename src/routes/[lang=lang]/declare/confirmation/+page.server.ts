import { PHONE } from '$lib/declare/journey';
import { confirmationPage } from '$lib/declare/confirmation.server';

export const { load } = confirmationPage(PHONE);
