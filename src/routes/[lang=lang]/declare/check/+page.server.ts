import { PHONE } from '$lib/declare/journey.server';
import { checkPage } from '$lib/declare/check.server';

export const { load, actions } = checkPage(PHONE);
