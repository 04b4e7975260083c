import type { LayoutLoad } from './$types';
import { makeT } from '$lib/i18n';

export const load: LayoutLoad = ({ data }) => ({ ...data, t: makeT(data.lang, data.messages) });
