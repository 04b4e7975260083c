import type { LayoutLoad } from './$types';
import { makeT } from '$lib/i18n';

export const load: LayoutLoad = async ({ data, parent }) => {
	const { lang } = await parent();
	return { ...data, t: makeT(lang, data.messages) };
};
