import { KIOSK } from '$lib/declare/journey';
import { startPage } from '$lib/declare/start.server';

export const { load, actions } = startPage(KIOSK);
