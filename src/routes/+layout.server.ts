import type { LayoutServerLoad } from './$types';
import { dirOf } from '$lib/i18n';
import { messagesFor } from '$lib/server/i18n';

// Resident and shared namespaces; staff areas add theirs in their own layout.
const NAMESPACES = ['common', 'declare', 'validation', 'findings', 'help', 'kiosk'] as const;

export const load: LayoutServerLoad = ({ locals }) => ({
	lang: locals.lang,
	dir: dirOf(locals.lang),
	messages: messagesFor(locals.lang, NAMESPACES)
});
