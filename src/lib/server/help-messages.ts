import type { T } from '$lib/i18n';
import { LANGUAGE_NAMES, LANGUAGES } from '$lib/i18n';
import type { HelpFieldError } from '$lib/domain/help-request';
import { validationMessages } from './messages';
import type { Limit } from './rate-limit';

/** Messages (and image attachments) a client may post to conversations per IP and window. */
export const HELP_MESSAGE_LIMIT: Limit = { name: 'help-message', points: 120, windowSeconds: 600 };

/** Field errors of a help request in the caller's language; an unsupported language names the ones we offer. */
export function helpErrorMessages(t: T, errors: HelpFieldError[]): { path: string; code: string; message: string }[] {
	const offered = LANGUAGES.map((l) => `${LANGUAGE_NAMES[l]} (${l})`).join(', ');
	return errors.map((e) =>
		e.code === 'unsupported_language'
			? { path: e.path, code: e.code, message: t('help.errors.unsupportedLanguage', { languages: offered }) }
			: validationMessages(t, [{ path: e.path, code: e.code }])[0]
	);
}
