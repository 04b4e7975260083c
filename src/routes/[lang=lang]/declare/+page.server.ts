import { PHONE } from '$lib/declare/journey.server';
import { startPage } from '$lib/declare/start.server';

export const { load, actions } = startPage(PHONE);
