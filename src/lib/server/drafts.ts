import type { Db, Reader, Tx } from './db';
import { decryptJson, encryptJson, randomToken, sha256, type Keys } from './crypto';

// A resident's unfinished declaration, kept on the server so a reload, a lost connection or a
// change of language loses nothing. The browser holds only a random token (cookie `anju_draft`);
// the row id is its SHA-256, so a stolen database cannot be turned back into cookies. The answers
// are encrypted with the row id as associated data. A draft lives 24 h after its last change.

export const DRAFT_COOKIE = 'anju_draft';
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

export interface Draft<T> {
	id: string;
	data: T;
	createdAt: string;
	updatedAt: string;
	expiresAt: string;
}

function aad(id: string): string {
	return `drafts:${id}`;
}

export function draftIdFor(token: string): string {
	return sha256(token);
}

/** A new draft; the token goes into the cookie and nowhere else. */
export function createDraft<T>(db: Db, data: T, now = new Date()): Promise<{ token: string; draft: Draft<T> }> {
	return db.write((tx) => insertDraft(tx, db.keys, data, now));
}

async function insertDraft<T>(tx: Tx, keys: Keys, data: T, now: Date): Promise<{ token: string; draft: Draft<T> }> {
	const token = randomToken(32);
	const id = draftIdFor(token);
	const at = now.toISOString();
	const expiresAt = new Date(now.getTime() + DRAFT_TTL_MS).toISOString();
	await tx
		.insertInto('drafts')
		.values({ id, data: encryptJson(keys, data, aad(id)), created_at: at, updated_at: at, expires_at: expiresAt })
		.execute();
	return { token, draft: { id, data, createdAt: at, updatedAt: at, expiresAt } };
}

/** The live draft of a cookie token; undefined when missing, expired or unreadable (e.g. after a key change). */
export async function loadDraft<T>(db: Db, token: string | undefined, now = new Date()): Promise<Draft<T> | undefined> {
	if (!token || token.length > 100) return undefined;
	return readDraft<T>(db, db.keys, draftIdFor(token), now);
}

/** The live draft of a row id (the SHA-256 of its token). */
async function readDraft<T>(db: Reader, keys: Keys, id: string, now: Date): Promise<Draft<T> | undefined> {
	const row = await db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirst();
	if (!row || row.expires_at <= now.toISOString()) return undefined;
	try {
		return { id, data: decryptJson<T>(keys, row.data, aad(id)), createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at };
	} catch {
		return undefined;
	}
}

/** Replaces the answers and moves the expiry to 24 h from now. False when the draft is gone. */
export async function saveDraft<T>(db: Db, id: string, data: T, now = new Date()): Promise<boolean> {
	const result = await db.write((tx) =>
		tx
			.updateTable('drafts')
			.set({ data: encryptJson(db.keys, data, aad(id)), updated_at: now.toISOString(), expires_at: new Date(now.getTime() + DRAFT_TTL_MS).toISOString() })
			.where('id', '=', id)
			.where('expires_at', '>', now.toISOString())
			.executeTakeFirst()
	);
	return Number(result.numUpdatedRows) > 0;
}

export async function deleteDraft(db: Tx, id: string): Promise<void> {
	await db.deleteFrom('draft_handovers').where('draft_id', '=', id).execute();
	await db.deleteFrom('drafts').where('id', '=', id).execute();
}

// ---- Hand-over: "continue on your phone" from the kiosk ----

export const HANDOVER_TTL_MS = 10 * 60 * 1000;

/** A one-time token that moves this draft to another browser for 10 minutes; it replaces any earlier one. */
export async function createHandover(db: Db, draftId: string, now = new Date()): Promise<{ token: string; expiresAt: string }> {
	const token = randomToken(24);
	const expiresAt = new Date(now.getTime() + HANDOVER_TTL_MS).toISOString();
	await db.write(async (trx) => {
		await trx.deleteFrom('draft_handovers').where('draft_id', '=', draftId).execute();
		await trx
			.insertInto('draft_handovers')
			.values({ id: sha256(token), draft_id: draftId, created_at: now.toISOString(), expires_at: expiresAt })
			.execute();
	});
	return { token, expiresAt };
}

/** Whether a hand-over token is still unused and current (for the phone's "continue here?" page). */
export async function handoverIsLive(db: Db, token: string, now = new Date()): Promise<boolean> {
	if (!token || token.length > 100) return false;
	const row = await db.selectFrom('draft_handovers').select('id').where('id', '=', sha256(token)).where('expires_at', '>', now.toISOString()).executeTakeFirst();
	return !!row;
}

export type TakeHandoverResult<T> = { ok: true; token: string; draft: Draft<T> } | { ok: false };

/**
 * Moves the draft of a hand-over token into a new draft with a new cookie token and deletes the
 * original. The token is consumed by a single DELETE … RETURNING, so of two browsers presenting it
 * at once exactly one gets the draft, and the kiosk's copy is gone the moment the phone has it.
 */
export async function takeHandover<T>(db: Db, token: string, now = new Date()): Promise<TakeHandoverResult<T>> {
	if (!token || token.length > 100) return { ok: false };
	return db.write(async (trx): Promise<TakeHandoverResult<T>> => {
		const taken = await trx.deleteFrom('draft_handovers').where('id', '=', sha256(token)).where('expires_at', '>', now.toISOString()).returning('draft_id').executeTakeFirst();
		if (!taken) return { ok: false };
		const source = await readDraft<T>(trx, db.keys, taken.draft_id, now);
		await deleteDraft(trx, taken.draft_id);
		if (!source) return { ok: false };
		const moved = await insertDraft(trx, db.keys, source.data, now);
		return { ok: true, ...moved };
	});
}

/** Removes expired drafts; for the housekeeping job. */
export async function purgeExpiredDrafts(db: Db, now = new Date()): Promise<number> {
	return db.write(async (tx) => {
		await tx.deleteFrom('draft_handovers').where('expires_at', '<=', now.toISOString()).execute();
		const result = await tx.deleteFrom('drafts').where('expires_at', '<=', now.toISOString()).executeTakeFirst();
		return Number(result.numDeletedRows);
	});
}
