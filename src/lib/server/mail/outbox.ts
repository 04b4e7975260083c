import type { Db, Tx } from '../db';
import nodemailer from 'nodemailer';
import { decrypt, encrypt } from '../crypto';
import { newId } from '../ids';
import { log } from '../log';

// Mail waits in the outbox table, encrypted (recipient, subject and body can all hold personal
// data or one-time links), until the delivery job sends it. Logs name the id only. Without
// SMTP_URL nothing is sent: mail stays 'pending' in the table (and its id in the log), ready to go
// out once SMTP_URL is set.

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

/** Queues one mail in the caller's unit of work, so it goes out only if the change it tells of commits. */
export async function enqueueMail(db: Db, tx: Tx, mail: Mail, now = new Date()): Promise<string> {
	const { keys } = db;
	const id = newId();
	await tx
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

/** Queues one mail in a write of its own. */
export function enqueueMailAlone(db: Db, mail: Mail, now = new Date()): Promise<string> {
	return db.write((tx) => enqueueMail(db, tx, mail, now));
}

// ---- Delivery ----

/** Anything that sends one mail; nodemailer over SMTP in production, a stub in tests if needed. */
export interface MailTransport {
	send(mail: Mail & { from: string }): Promise<void>;
}

export function smtpTransport(url: string): MailTransport {
	const transporter = nodemailer.createTransport(url);
	return {
		async send(mail) {
			await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
		}
	};
}

const RETRY_BASE_MS = 30_000;
const RETRY_CAP_MS = 60 * 60_000;
/** A message 'sending' longer than this belongs to a sender that died: it becomes due again. */
const SENDING_TIMEOUT_MS = 5 * 60_000;

/** 30 s, 1 min, 2 min … doubling after each failed attempt, capped at an hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_CAP_MS);
}

export interface DeliveryReport {
	sent: number;
	retrying: number;
	failed: number;
}

/**
 * Sends what is due. Each message is claimed with a compare-and-set UPDATE (status pending → sending,
 * on the exact row version read), so two processes running this at once never send one message twice.
 * A temporary failure (no connection, an SMTP 4xx) puts it back to 'pending' with exponential
 * back-off capped at an hour, for as long as it takes: mail is never given up because the mail
 * server was away. Only a permanent refusal (SMTP 5xx, e.g. no such mailbox) makes it 'failed',
 * kept for an operator to look at (the `anju_outbox_failed` gauge counts them).
 */
export async function deliverOutbox(db: Db, transport: MailTransport, opts: { now?: () => Date; from?: string; batch?: number } = {}): Promise<DeliveryReport> {
	const clock = opts.now ?? (() => new Date());
	const from = opts.from ?? process.env.SMTP_FROM ?? 'Anju <no-reply@anju.invalid>';
	const { keys } = db;
	const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
	const due = await db
		.selectFrom('outbox')
		.select(['id', 'status', 'attempts', 'next_attempt_at'])
		.where('status', 'in', ['pending', 'sending'])
		.where('next_attempt_at', '<=', clock().toISOString())
		.orderBy('next_attempt_at')
		.limit(opts.batch ?? 50)
		.execute();
	for (const candidate of due) {
		const now = clock();
		const claimed = await db.write((tx) =>
			tx
				.updateTable('outbox')
				.set({ status: 'sending', attempts: candidate.attempts + 1, next_attempt_at: new Date(now.getTime() + SENDING_TIMEOUT_MS).toISOString() })
				.where('id', '=', candidate.id)
				.where('status', '=', candidate.status)
				.where('attempts', '=', candidate.attempts)
				.where('next_attempt_at', '=', candidate.next_attempt_at)
				.executeTakeFirst()
		);
		if (Number(claimed.numUpdatedRows) !== 1) continue; // another process took it
		const row = await db.selectFrom('outbox').selectAll().where('id', '=', candidate.id).executeTakeFirstOrThrow();
		const attempts = candidate.attempts + 1;
		try {
			await transport.send({
				from,
				to: decrypt(keys, row.recipient, `outbox:${row.id}:recipient`),
				subject: decrypt(keys, row.subject, `outbox:${row.id}:subject`),
				text: decrypt(keys, row.body, `outbox:${row.id}:body`)
			});
			await db.write((tx) => tx.updateTable('outbox').set({ status: 'sent', sent_at: clock().toISOString(), last_error: null }).where('id', '=', row.id).execute());
			log.info({ outboxId: row.id, attempts }, 'mail sent');
			report.sent++;
		} catch (error) {
			const code = errorCode(error);
			const failed = isPermanent(error);
			await db.write((tx) =>
				tx
					.updateTable('outbox')
					.set({
						status: failed ? 'failed' : 'pending',
						last_error: code,
						next_attempt_at: new Date(clock().getTime() + retryDelayMs(attempts)).toISOString()
					})
					.where('id', '=', row.id)
					.execute()
			);
			log.warn({ outboxId: row.id, attempts, error: code }, failed ? 'mail refused by the mail server for good' : 'mail delivery failed, will retry');
			if (failed) report.failed++;
			else report.retrying++;
		}
	}
	return report;
}

/** SMTP 5xx: the server refuses this message for good (retrying cannot help); everything else is temporary. */
function isPermanent(error: unknown): boolean {
	const code = (error as { responseCode?: number } | null)?.responseCode;
	return typeof code === 'number' && code >= 500 && code < 600;
}

/** An SMTP reply code or a socket error code: server messages can quote the address, so never the text. */
function errorCode(error: unknown): string {
	const e = error as { responseCode?: number; code?: string } | null;
	if (e?.responseCode) return `smtp ${e.responseCode}`;
	if (e?.code) return String(e.code).slice(0, 40);
	return 'error';
}
