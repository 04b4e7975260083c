// The kiosk runs the phone journey's own load and action (same rules, same drafts); only the layout differs.
import { KIOSK } from '$lib/declare/journey.server';
import { stepPage } from '$lib/declare/step.server';

export const { load, actions } = stepPage(KIOSK);
