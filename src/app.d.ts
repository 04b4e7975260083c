import type { Lang, T } from '$lib/i18n';
import type { User } from '$lib/server/users';
import type { AppContext } from '$lib/server/app';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			/** The running app (its one Db and settings), made at start-up (hooks.server.ts). */
			app: AppContext;
			lang: Lang;
			t: T;
			/** The signed-in staff member, if any (filled by the session handle). */
			user: User | null;
			sessionId: string | null;
			/**
			 * Set when the request came with a session cookie that no longer stands (expired, signed out
			 * elsewhere): sign-in then says the session has ended. `userId` when the session was still known.
			 */
			sessionEnded: { userId: string | null } | null;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
	}
}

export {};
