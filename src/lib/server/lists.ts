import type { Db, Reader, Tx } from './db';
import { recordAudit, recordAuditAlone } from './audit';
import { decrypt, encrypt } from './crypto';
import { documentIndex } from './declarations';
import { newId } from './ids';
import { getSettings, setSetting } from './settings';
import type { Actor } from './users';
import { isNationality } from '$lib/domain/nationalities';

// The data the rules read that admins change without a deploy: the visa-free and transit lists,
// max_foreign_occupants, and the watch list. Every change is audited; list changes bump
// lists_version and keep a full snapshot, so past decisions can be explained exactly.

export type ListName = 'visa_free' | 'transit';

export interface Lists {
	version: number;
	visaFree: string[];
	transit: string[];
	maxForeignOccupants: number;
}

export async function getLists(db: Reader): Promise<Lists> {
	const [rows, settings] = await Promise.all([
		db.selectFrom('nationality_lists').select(['list', 'nationality']).orderBy('nationality').execute(),
		getSettings(db, ['lists_version', 'max_foreign_occupants'])
	]);
	return {
		version: settings.lists_version,
		visaFree: rows.filter((r) => r.list === 'visa_free').map((r) => r.nationality),
		transit: rows.filter((r) => r.list === 'transit').map((r) => r.nationality),
		maxForeignOccupants: settings.max_foreign_occupants
	};
}

/** Writes the snapshot of the lists as they are now, under the current lists_version. */
export async function snapshotLists(db: Tx, createdBy: string | null, now = new Date()): Promise<void> {
	const lists = await getLists(db);
	await db
		.insertInto('list_versions')
		.values({
			version: lists.version,
			visa_free: JSON.stringify(lists.visaFree),
			transit: JSON.stringify(lists.transit),
			max_foreign_occupants: lists.maxForeignOccupants,
			created_by: createdBy,
			created_at: now.toISOString()
		})
		.onConflict((oc) => oc.column('version').doNothing())
		.execute();
}

export type ListChange = { kind: 'add' | 'remove'; list: ListName; nationality: string } | { kind: 'max_foreign_occupants'; value: number };

export type ChangeResult = { ok: true; version: number } | { ok: false; reason: 'invalid_nationality' | 'invalid_number' | 'unchanged' };

export async function changeLists(db: Db, change: ListChange, actor: Actor, now = new Date()): Promise<ChangeResult> {
	if (change.kind === 'max_foreign_occupants') {
		if (!Number.isInteger(change.value) || change.value < 1 || change.value > 100) return { ok: false, reason: 'invalid_number' };
	} else if (!isNationality(change.nationality)) {
		return { ok: false, reason: 'invalid_nationality' };
	}
	return db.write(async (trx) => {
		const before = await getLists(trx);
		if (change.kind === 'max_foreign_occupants') {
			if (before.maxForeignOccupants === change.value) return { ok: false, reason: 'unchanged' } as const;
			await setSetting(trx, 'max_foreign_occupants', change.value);
		} else {
			const current = change.list === 'visa_free' ? before.visaFree : before.transit;
			const has = current.includes(change.nationality);
			if ((change.kind === 'add') === has) return { ok: false, reason: 'unchanged' } as const;
			if (change.kind === 'add') await trx.insertInto('nationality_lists').values({ list: change.list, nationality: change.nationality, added_at: now.toISOString() }).execute();
			else await trx.deleteFrom('nationality_lists').where('list', '=', change.list).where('nationality', '=', change.nationality).execute();
		}
		const version = before.version + 1;
		await setSetting(trx, 'lists_version', version);
		await snapshotLists(trx, actor.id, now);
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'lists.change', targetType: 'lists', targetId: String(version), details: { ...change }, at: now });
		return { ok: true, version } as const;
	});
}

export interface WatchEntry {
	id: string;
	nationality: string;
	documentNumber: string | null;
	reason: string;
	createdAt: string;
}

/** Active watch-list entries with their document numbers decrypted, for admins. Audited. */
export async function listWatchlist(db: Db, actor: Actor): Promise<WatchEntry[]> {
	const rows = await db.selectFrom('watchlist').selectAll().where('active', '=', 1).orderBy('created_at', 'desc').execute();
	await recordAuditAlone(db, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'watchlist.view', details: { entries: rows.length } });
	return rows.map((r) => ({
		id: r.id,
		nationality: r.nationality,
		documentNumber: r.document ? decrypt(db.keys, r.document, `watchlist:${r.id}`) : null,
		reason: r.reason,
		createdAt: r.created_at
	}));
}

export type WatchResult = { ok: true; id: string } | { ok: false; field: 'documentNumber' | 'nationality' | 'reason'; reason: 'required' | 'invalid_nationality' | 'too_long' | 'duplicate' };

export async function addToWatchlist(db: Db, input: { documentNumber: string; nationality: string; reason: string }, actor: Actor, now = new Date()): Promise<WatchResult> {
	const number = input.documentNumber.trim().toUpperCase();
	const nationality = input.nationality.trim().toUpperCase();
	const reason = input.reason.trim();
	if (!number) return { ok: false, field: 'documentNumber', reason: 'required' };
	if (number.length > 30) return { ok: false, field: 'documentNumber', reason: 'too_long' };
	if (!isNationality(nationality)) return { ok: false, field: 'nationality', reason: 'invalid_nationality' };
	if (!reason) return { ok: false, field: 'reason', reason: 'required' };
	if (reason.length > 500) return { ok: false, field: 'reason', reason: 'too_long' };
	const index = documentIndex(db.keys, number, nationality);
	const existing = await db.selectFrom('watchlist').select('id').where('document_index', '=', index).where('nationality', '=', nationality).where('active', '=', 1).executeTakeFirst();
	if (existing) return { ok: false, field: 'documentNumber', reason: 'duplicate' };
	const id = newId();
	await db.write(async (trx) => {
		await trx
			.insertInto('watchlist')
			.values({ id, document_index: index, nationality, reason, created_by: actor.id, created_at: now.toISOString(), document: encrypt(db.keys, number, `watchlist:${id}`) })
			.execute();
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'watchlist.add', targetType: 'watchlist', targetId: id, details: { nationality }, at: now });
	});
	return { ok: true, id };
}

export async function removeFromWatchlist(db: Db, id: string, actor: Actor, now = new Date()): Promise<boolean> {
	return db.write(async (trx) => {
		const result = await trx.updateTable('watchlist').set({ active: 0 }).where('id', '=', id).where('active', '=', 1).executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return false;
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'watchlist.remove', targetType: 'watchlist', targetId: id, at: now });
		return true;
	});
}
