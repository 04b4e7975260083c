import type { Db } from './db';
import { keepUpload, readUpload } from './uploads';
import { decrypt, encrypt } from './crypto';
import { newId } from './ids';
import { recordAuditAlone } from './audit';
import { MAX_MESSAGE_LENGTH } from '../domain/help-request';
import { ACTIVE, type HelpRequest, iso, messageAad } from './help-requests';

// The conversation of one interpreter request: messages between the resident and whoever holds it,
// images audited on every staff view, and a fingerprint for the live page.

export interface ThreadMessage {
	id: string;
	author: 'resident' | 'staff';
	authorId: string | null;
	text: string;
	uploadId: string | null;
	createdAt: string;
}

export async function postMessage(
	db: Db,
	input: { requestId: string; author: 'resident' | 'staff'; authorId: string | null; text: string; uploadId?: string | null },
	now = new Date()
): Promise<{ ok: true; id: string } | { ok: false; reason: 'closed' | 'invalid' }> {
	const text = input.text.trim();
	if ((!text && !input.uploadId) || text.length > MAX_MESSAGE_LENGTH) return { ok: false, reason: 'invalid' };
	const id = newId();
	return db.write(async (trx) => {
		// bumping the version in the same statement that checks the status: no message lands on a closed request
		const open = await trx
			.updateTable('help_requests')
			.set((eb) => ({ updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', input.requestId)
			.where('status', 'in', ACTIVE)
			.executeTakeFirst();
		if (Number(open.numUpdatedRows) !== 1) return { ok: false, reason: 'closed' } as const;
		await trx
			.insertInto('help_messages')
			.values({
				id,
				help_request_id: input.requestId,
				author: input.author,
				author_id: input.authorId,
				body: encrypt(db.keys, text, messageAad(input.requestId)),
				upload_id: input.uploadId ?? null,
				created_at: iso(now)
			})
			.execute();
		if (input.uploadId) {
			// an attached image belongs to the conversation now: it no longer expires with unused uploads
			await keepUpload(trx, input.uploadId, iso(now));
		}
		return { ok: true, id } as const;
	});
}

export async function listMessages(db: Db, requestId: string): Promise<ThreadMessage[]> {
	const rows = await db.selectFrom('help_messages').selectAll().where('help_request_id', '=', requestId).orderBy('id').execute();
	return rows.map((r) => ({
		id: r.id,
		author: r.author,
		authorId: r.author_id,
		text: decrypt(db.keys, r.body, messageAad(requestId)),
		uploadId: r.upload_id,
		createdAt: r.created_at
	}));
}

/** The upload of one message of this request (so an id from another conversation is never served). */
export async function messageUpload(db: Db, requestId: string, messageId: string): Promise<string | undefined> {
	const row = await db.selectFrom('help_messages').select('upload_id').where('id', '=', messageId).where('help_request_id', '=', requestId).executeTakeFirst();
	return row?.upload_id ?? undefined;
}

/** An image of a conversation for the staff member who may see it; every view is audited. */
export async function viewMessageImage(db: Db, task: HelpRequest, messageId: string, viewer: { id: string; role: string; ip: string | null }): Promise<{ mime: string; bytes: Buffer } | undefined> {
	const uploadId = await messageUpload(db, task.id, messageId);
	const image = uploadId ? await readUpload(db, uploadId) : undefined;
	if (!image) return undefined;
	await recordAuditAlone(db, { actorId: viewer.id, actorRole: viewer.role, ip: viewer.ip, action: 'help_request.view_image', targetType: 'help_request', targetId: task.id, details: { messageId } });
	return image;
}

/** Changes to one conversation (status, holder or a new message), for the live page. */
export async function threadFingerprint(db: Db, requestId: string): Promise<string> {
	const row = await db
		.selectFrom('help_requests')
		.select([
			'version',
			(eb) =>
				eb
					.selectFrom('help_messages')
					.select((m) => m.fn.max('id').as('m'))
					.where('help_request_id', '=', requestId)
					.as('last')
		])
		.where('id', '=', requestId)
		.executeTakeFirst();
	return row ? `${row.version}:${row.last ?? ''}` : 'gone';
}

// ---- Claiming (volunteers) ----
