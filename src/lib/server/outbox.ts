import type { Db } from './db';
import { encrypt, type Keys } from './crypto';
import { newId } from './ids';
import { log } from './log';

// Mail waits in the outbox table, encrypted (recipient, subject and body can all hold personal
// data or one-time links), until the delivery worker sends it. Logs name the id only.

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

export async function enqueueMail(db: Db, keys: Keys, mail: Mail, now = new Date()): Promise<string> {
	const id = newId();
	await db
		.insertInto('outbox')
		.values({
			id,
			channel: 'email',
			recipient: encrypt(keys, mail.to, `outbox:${id}:recipient`),
			subject: encrypt(keys, mail.subject, `outbox:${id}:subject`),
			body: encrypt(keys, mail.text, `outbox:${id}:body`),
			status: 'pending',
			next_attempt_at: now.toISOString(),
			last_error: null,
			created_at: now.toISOString(),
			sent_at: null
		})
		.execute();
	log.info({ outboxId: id }, 'mail queued');
	return id;
}
