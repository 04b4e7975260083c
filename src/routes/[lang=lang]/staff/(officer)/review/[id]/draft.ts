import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { decryptJson, encryptJson } from '$lib/server/crypto';

// A decision typed when the session had already ended is not lost: the POST that is refused for
// lack of a session keeps what was typed in an encrypted, short-lived cookie scoped to this
// declaration's page, and the page restores it into the forms after the officer signs in again.
// Nothing is stored on the server (an anonymous POST cannot fill a table), so it works without
// JavaScript and survives the sign-in redirect.

export type DraftAction = 'approve' | 'reject' | 'request';

export interface ReviewDraft {
	action: DraftAction;
	values: Record<string, string>;
}

interface Stored extends ReviewDraft {
	declarationId: string;
	/** The account whose session ended, when known: the draft goes back only to it. */
	userId: string | null;
	expiresAt: number;
}

const COOKIE = 'anju_review_draft';
const LIFETIME_S = 30 * 60;
// a cookie holds ~4 KB; a 1000-character Chinese note encrypted is about that, so it is cut in parts
const PART = 3500;
const MAX_PARTS = 4;
const KEPT = /^(note|reason|question|template|field-[a-z0-9_]{1,40})$/;
const aad = (declarationId: string) => `review-draft:${declarationId}`;

function pathOf(event: Pick<RequestEvent, 'locals' | 'params'>): string {
	return `/${event.locals.lang}/staff/review/${event.params.id}`;
}

function clear(cookies: Cookies, path: string, from = 0): void {
	for (let i = from; i < MAX_PARTS; i++) if (cookies.get(`${COOKIE}.${i}`)) cookies.delete(`${COOKIE}.${i}`, { path });
}

/** Keeps what was typed into a decision form whose POST arrived without a session. */
export function keepDraft(event: Pick<RequestEvent, 'locals' | 'params' | 'cookies'>, action: DraftAction, form: FormData): void {
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (KEPT.test(key) && typeof value === 'string' && value.length <= 1000) values[key] = value;
	if (!Object.values(values).some((v) => v.trim())) return;
	// only for the officer whose session ended: with the session gone from the server (signed out
	// elsewhere, password or role changed), nobody can tell whose words these are, and the next
	// officer signing in at this browser must not be handed them
	const userId = event.locals.sessionEnded?.userId;
	if (!userId) return;
	const stored: Stored = {
		action,
		values,
		declarationId: event.params.id!,
		userId,
		expiresAt: Date.now() + LIFETIME_S * 1000
	};
	const sealed = encryptJson(event.locals.app.db.keys, stored, aad(stored.declarationId));
	const parts = Math.ceil(sealed.length / PART);
	if (parts > MAX_PARTS) return;
	const path = pathOf(event);
	for (let i = 0; i < parts; i++) event.cookies.set(`${COOKIE}.${i}`, sealed.slice(i * PART, (i + 1) * PART), { path, httpOnly: true, secure: true, sameSite: 'lax', maxAge: LIFETIME_S });
	clear(event.cookies, path, parts);
}

/** The draft kept for this declaration and this officer, once: reading it removes it. */
export function takeDraft(event: Pick<RequestEvent, 'locals' | 'params' | 'cookies'>, userId: string): ReviewDraft | null {
	const path = pathOf(event);
	let sealed = '';
	for (let i = 0; i < MAX_PARTS; i++) sealed += event.cookies.get(`${COOKIE}.${i}`) ?? '';
	if (!sealed) return null;
	clear(event.cookies, path);
	try {
		const stored = decryptJson<Stored>(event.locals.app.db.keys, sealed, aad(event.params.id!));
		if (stored.declarationId !== event.params.id || stored.expiresAt < Date.now()) return null;
		if (stored.userId !== userId) return null;
		return { action: stored.action, values: stored.values };
	} catch {
		// a cookie cut short, or sealed under another key: nothing to restore
		return null;
	}
}
