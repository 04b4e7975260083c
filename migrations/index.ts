import type { Migration } from 'kysely';
import * as initial from './2026-11-28-0001-initial';
import * as listVersions from './2026-11-28-0200-lists-and-watchlist';
import * as kioskHandover from './2026-11-28-0300-kiosk-handover';
import * as loginFailures from './2026-11-28-0400-login-failures';
import * as personIndex from './2026-12-02-0100-person-index-and-idempotency-body';
import * as questionTemplates from './2026-12-07-0100-question-templates';
import * as formerDocuments from './2026-12-08-0100-former-documents';
import * as declarationTranslations from './2026-12-09-0100-declaration-translations';
import * as usersMailLanguage from './2026-12-10-0100-users-mail-language';

// Every migration, by its dated name. Static imports so the same list works in the built
// server, in scripts run by tsx and in tests; a unit test checks it matches the folder.
export const migrations: Record<string, Migration> = {
	'2026-11-28-0001-initial': initial,
	'2026-11-28-0200-lists-and-watchlist': listVersions,
	'2026-11-28-0300-kiosk-handover': kioskHandover,
	'2026-11-28-0400-login-failures': loginFailures,
	'2026-12-02-0100-person-index-and-idempotency-body': personIndex,
	'2026-12-07-0100-question-templates': questionTemplates,
	'2026-12-08-0100-former-documents': formerDocuments,
	'2026-12-09-0100-declaration-translations': declarationTranslations,
	'2026-12-10-0100-users-mail-language': usersMailLanguage
};
