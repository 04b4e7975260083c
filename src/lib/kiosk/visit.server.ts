import type { Db } from '$lib/server/db';
import type { Cookies } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { Keys } from '$lib/server/crypto';
import { DRAFT_COOKIE, loadDraft, deleteDraft, draftIdFor } from '$lib/server/drafts';
import { clearHelpAccess, clearStatusAccess, sealedCookie } from '$lib/server/access';
import { deleteUnusedUpload } from '$lib/server/uploads';
import type { DraftData } from '$lib/declare/steps';

// One visitor at the kiosk. A visit starts when a language is chosen on the attract screen and
// ends when the visitor finishes, walks away (idle timeout) or moves the draft to their phone.
// Ending it deletes everything the visitor left on the server and in the browser's cookies, so
// the next person (or the back button) finds nothing.

export const VISIT_COOKIE = 'anju_kiosk_visit';
/** The kiosk's own settings (shorter timeouts for tests); not the visitor's, so it survives a wipe. */
export const CONFIG_COOKIE = 'anju_kiosk_config';
const VISIT_MAX_SECONDS = 60 * 60;

export const DEFAULT_IDLE_SECONDS = 120;
export const DEFAULT_WARNING_SECONDS = 20;

/** The visit cookie is sealed with the server key and carries its end, so it cannot be made up. */
const visit = sealedCookie<{ kiosk: true }>(VISIT_COOKIE, VISIT_MAX_SECONDS, 'kiosk-visit');

export function startVisit(keys: Keys, cookies: Cookies, now = new Date()): void {
	visit.set(cookies, keys, { kiosk: true }, now);
}

/**
 * Whether this browser is inside a kiosk visit. The layout's load checks it for pages; form actions
 * do not run the layout's load, so every kiosk action that creates something checks it itself.
 */
export function hasVisit(keys: Keys, cookies: Cookies, now = new Date()): boolean {
	return visit.read(cookies, keys, now) !== undefined;
}

/** Deletes the visitor's draft (and its unused passport photo) and every cookie of the visit. */
export async function wipeVisit(db: Db, cookies: Cookies): Promise<void> {
	const token = cookies.get(DRAFT_COOKIE);
	if (token) {
		const draft = await loadDraft<DraftData>(db, token);
		const photo = draft?.data.values.document?.photoUploadId;
		if (photo && !draft?.data.submission) await deleteUnusedUpload(db, photo);
		await db.write((tx) => deleteDraft(tx, draftIdFor(token)));
	}
	const options = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;
	cookies.delete(DRAFT_COOKIE, options);
	clearStatusAccess(cookies);
	clearHelpAccess(cookies);
	cookies.delete('lang', { path: '/', httpOnly: true, sameSite: 'lax' });
	visit.clear(cookies);
}

function seconds(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

export interface KioskTimeouts {
	idleSeconds: number;
	warningSeconds: number;
}

/**
 * Idle and warning times: ANJU_KIOSK_IDLE_SECONDS / ANJU_KIOSK_WARNING_SECONDS (default 120 and
 * 20), optionally shortened for tests by `/kiosk?idle=…&warn=…`. Shortened only: nobody at the
 * kiosk can make it keep a visitor's data longer.
 */
export function kioskTimeouts(cookies: Cookies): KioskTimeouts {
	const idle = seconds(env.ANJU_KIOSK_IDLE_SECONDS, DEFAULT_IDLE_SECONDS);
	const warning = seconds(env.ANJU_KIOSK_WARNING_SECONDS, DEFAULT_WARNING_SECONDS);
	const [i, w] = (cookies.get(CONFIG_COOKIE) ?? '').split(',');
	return { idleSeconds: Math.min(idle, seconds(i, idle)), warningSeconds: Math.min(warning, seconds(w, warning)) };
}

export function saveTimeoutOverride(cookies: Cookies, url: URL): void {
	const idle = url.searchParams.get('idle');
	const warn = url.searchParams.get('warn');
	if (idle === null && warn === null) return;
	cookies.set(CONFIG_COOKIE, `${Number(idle) || ''},${Number(warn) || ''}`, { path: '/kiosk', httpOnly: true, secure: true, sameSite: 'lax' });
}
