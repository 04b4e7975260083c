import { sql } from 'kysely';
import type { Db } from './db';
import type { AppContext } from './app';
import { newId } from './ids';
import { log } from './log';
import { deliverOutbox, smtpTransport, type MailTransport } from './mail/outbox';
import { escalateOverdue, expireLeases } from './help-claims';
import { runRetention } from './retention';

// A small in-process job runner. Every app process starts it; a row in job_locks decides which
// process runs each job (take the lock when free or expired, keep it by renewing on every run), so
// with several processes on one PostgreSQL each job still runs in one place at a time, and another
// process takes over within a lock period when that one dies.

const HOLDER = `${process.pid}-${newId()}`;

/** Take or keep the lock `name` until now + ttl; true when this holder has it. One statement, no race. */
export async function acquireJobLock(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
	const expires = new Date(now.getTime() + ttlMs).toISOString();
	const { rows } = await sql<{ holder: string }>`
		insert into job_locks (name, holder, expires_at) values (${name}, ${holder}, ${expires})
		on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
		where job_locks.expires_at < ${now.toISOString()} or job_locks.holder = ${holder}
		returning holder`.execute(db);
	return rows.length === 1 && rows[0].holder === holder;
}

export async function releaseJobLock(db: Db, name: string, holder: string): Promise<void> {
	await db.write((tx) => tx.deleteFrom('job_locks').where('name', '=', name).where('holder', '=', holder).execute());
}

interface Job {
	name: string;
	everyMs: number;
	run: () => Promise<void>;
}

/** The help desk's housekeeping: lapsed leases back to the board, escalation after the SLA. */
export async function runHelpHousekeeping(db: Db, now = new Date()): Promise<{ expired: number; escalated: number }> {
	const expired = await expireLeases(db, now);
	const escalated = await escalateOverdue(db, now);
	return { expired, escalated };
}

/** How long stopping waits for a job that is running; one still running after that keeps its lock. */
const STOP_WAIT_MS = 5_000;

/** The stop functions of every startJobs in this process, for the server's SIGTERM (see stopJobs). */
const started = new Set<() => Promise<void>>();

/**
 * Starts the jobs; the function returned stops them: no new runs, waits up to STOP_WAIT_MS for
 * runs in progress, then releases this process's locks so another process (or this one after a
 * restart) takes over at once instead of when the lock expires. A job still running after the
 * wait keeps its lock until it expires: handing it over could send a mail twice.
 */
export function startJobs(app: AppContext, opts: { transport?: MailTransport; stopWaitMs?: number } = {}): () => Promise<void> {
	const transport = opts.transport ?? (app.env.SMTP_URL ? smtpTransport(app.env.SMTP_URL) : undefined);
	const jobs: Job[] = [
		{
			name: 'help-housekeeping',
			everyMs: 15_000,
			run: async () => {
				const { expired, escalated } = await runHelpHousekeeping(app.db, new Date());
				if (expired || escalated) log.info({ expired, escalated }, 'help requests: leases expired, tasks escalated');
			}
		},
		{
			// hourly; the lock (4 h, renewed by its holder) keeps it to one process
			name: 'retention',
			everyMs: 60 * 60_000,
			run: async () => {
				log.info(await runRetention(app.db), 'retention run');
			}
		},
		{
			name: 'outbox',
			everyMs: 10_000,
			run: async () => {
				// without SMTP_URL mail stays pending in the outbox (its id was logged when queued)
				if (!transport) return;
				const report = await deliverOutbox(app.db, transport);
				if (report.sent || report.retrying || report.failed) log.info(report, 'outbox delivery');
			}
		}
	];
	const running = new Map<string, Promise<void>>();
	const timers: NodeJS.Timeout[] = [];
	let stopping = false;
	for (const job of jobs) {
		const tick = async () => {
			try {
				if (await acquireJobLock(app.db, job.name, HOLDER, job.everyMs * 4)) await job.run();
			} catch (error) {
				log.error({ job: job.name, err: error instanceof Error ? error.message : String(error) }, 'job failed');
			}
		};
		const start = () => {
			if (stopping || running.has(job.name)) return;
			running.set(
				job.name,
				tick().finally(() => running.delete(job.name))
			);
		};
		const timer = setInterval(start, job.everyMs);
		timer.unref();
		timers.push(timer, setTimeout(start, 1_000).unref());
	}

	let stopped: Promise<void> | undefined;
	const stop = (): Promise<void> =>
		(stopped ??= (async () => {
			stopping = true;
			for (const t of timers) clearTimeout(t);
			const waiting = [...running.values()];
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([Promise.all(waiting), new Promise<void>((resolve) => (timer = setTimeout(resolve, opts.stopWaitMs ?? STOP_WAIT_MS)))]);
			clearTimeout(timer);
			const busy = jobs.filter((job) => running.has(job.name)).map((job) => job.name);
			if (busy.length) log.warn({ jobs: busy }, 'jobs still running at stop keep their locks until they expire');
			for (const job of jobs.filter((job) => !busy.includes(job.name))) {
				await releaseJobLock(app.db, job.name, HOLDER).catch((error: unknown) => {
					log.warn({ job: job.name, err: error instanceof Error ? error.message : String(error) }, 'job lock not released');
				});
			}
			started.delete(stop);
		})());
	started.add(stop);
	return stop;
}

/** Stops every startJobs of this process (see the function startJobs returns). */
export async function stopJobs(): Promise<void> {
	await Promise.all([...started].map((stop) => stop()));
}

// scripts/server.js is plain JavaScript in front of the bundled app and cannot import this module;
// on SIGTERM it calls the function under this global name before it exits.
(globalThis as Record<symbol, unknown>)[Symbol.for('anju.stopJobs')] = stopJobs;
