import { PHONE } from '$lib/declare/journey';
import { startPage } from '$lib/declare/start.server';

export const { load, actions } = startPage(PHONE);
