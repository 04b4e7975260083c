import { PHONE } from '$lib/declare/journey';
import { stepPage } from '$lib/declare/step.server';

export const { load, actions } = stepPage(PHONE);
