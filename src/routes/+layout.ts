import type { LayoutLoad } from './$types';
import { makeT } from '$lib/i18n';

// `/en/` and `/en` are the same page (DESIGN.md writes `/{lang}/`).
export const trailingSlash = 'ignore';

export const load: LayoutLoad = ({ data }) => ({ ...data, t: makeT(data.lang, data.messages) });
