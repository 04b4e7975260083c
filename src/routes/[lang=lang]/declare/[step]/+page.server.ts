import { PHONE } from '$lib/declare/journey.server';
import { stepPage } from '$lib/declare/step.server';

export const { load, actions } = stepPage(PHONE);
