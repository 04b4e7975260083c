import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { createDb, type Db } from './db';
import { loadKeys } from './crypto';
import { watchKeyFile } from './key-rotation';
import { prepareSubmission, type Intake, type PreparedSubmission } from './submission';
import { log } from './log';
import { observePrepared } from './metrics';

// The intake workers. With everything on the event loop's thread, that thread is what limits
// submissions: HTTP, validation, the rule-context query, the rules, encryption and the receipt
// signature all queued on it. The read-only half of a submission (prepareSubmission: everything
// but the writes) runs here instead, on worker threads of the same process, each with its own
// read-only connection to the database (on SQLite, WAL lets readers run beside the writer; on
// PostgreSQL, a pool of read-only sessions). The event loop's thread keeps HTTP and the writes.
// Same code as inline, only another thread.
//
// The worker runs this very module: in the built server it is a plain ES module chunk, so the
// pool starts workers from `import.meta.url`. Under Vite (dev, tests) the module is TypeScript
// that a worker cannot load, and submissions are prepared inline.

interface WorkerConfig {
	anjuIntake: true;
	dataDir: string;
	databaseUrl?: string;
	keyFile: string;
}
interface Job {
	id: number;
	body: unknown;
	idempotencyKey: string | null;
	now: string;
}
type Reply = { ready: true } | { id: number; prepared: PreparedSubmission } | { id: number; failed: string };

const RESPAWN_MS = 1_000;
const START_TIMEOUT_MS = 15_000;

/** How many intake workers to start: ANJU_INTAKE_WORKERS, else one per spare core (at most 4); 0 turns them off. */
export function intakeWorkerCount(env: { ANJU_INTAKE_WORKERS?: string }): number {
	const configured = Number(env.ANJU_INTAKE_WORKERS);
	if (env.ANJU_INTAKE_WORKERS !== undefined && Number.isInteger(configured) && configured >= 0) return configured;
	return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

/** Starts the workers when they can run (built server); undefined means "prepare inline". */
export async function startIntake(db: Db, config: { dataDir: string; databaseUrl?: string; keyFile: string; workers: number }): Promise<Intake | undefined> {
	if (config.workers === 0 || !import.meta.url.endsWith('.js')) return undefined;
	const workerConfig: WorkerConfig = { anjuIntake: true, dataDir: config.dataDir, keyFile: config.keyFile, ...(db.kind === 'postgres' ? { databaseUrl: config.databaseUrl } : {}) };
	const pool = new IntakePool(db, () => new Worker(new URL(import.meta.url), { workerData: workerConfig }), config.workers);
	// Start serving once the workers are up; should one hang, its share is prepared inline meanwhile.
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([pool.started, new Promise<void>((resolve) => (timer = setTimeout(resolve, START_TIMEOUT_MS)))]);
	clearTimeout(timer);
	return pool;
}

class IntakeWorker {
	ready = false;
	onReady: () => void = () => {};
	readonly pending = new Map<number, { resolve: (p: PreparedSubmission) => void; reject: (e: Error) => void }>();
	constructor(readonly thread: Worker) {}
}

/** Exported for its test, which drives it with a stand-in worker script. */
export class IntakePool implements Intake {
	#workers: IntakeWorker[] = [];
	#next = 0;
	#jobIds = 0;
	#closed = false;
	/** Resolves when the first workers are serving (or have failed to start: then inline). */
	readonly started: Promise<void>;

	constructor(
		private readonly db: Db,
		private readonly newThread: () => Worker,
		count: number
	) {
		const first = Array.from({ length: count }, () => this.#spawn());
		const serving = (w: IntakeWorker) =>
			new Promise<void>((resolve) => {
				w.onReady = resolve;
				w.thread.once('exit', () => resolve());
			});
		this.started = Promise.all(first.map(serving)).then(() => {});
	}

	prepare(body: unknown, opts: { idempotencyKey?: string | null; now: Date }): Promise<PreparedSubmission> {
		const worker = this.#pick();
		// none ready (starting, or restarting after a crash): the same work, inline
		if (!worker) {
			observePrepared('inline');
			return prepareSubmission(this.db, body, opts);
		}
		observePrepared('worker');
		const job: Job = { id: ++this.#jobIds, body, idempotencyKey: opts.idempotencyKey ?? null, now: opts.now.toISOString() };
		return new Promise((resolve, reject) => {
			worker.pending.set(job.id, { resolve, reject });
			try {
				worker.thread.postMessage(job);
			} catch (error) {
				// not cloneable (e.g. too deep for the structured clone): no job is left waiting
				worker.pending.delete(job.id);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		});
	}

	/** Stops the workers for good (no replacements); jobs still on them fail. */
	async close(): Promise<void> {
		this.#closed = true;
		await Promise.all(this.#workers.map((w) => w.thread.terminate()));
	}

	/** The ready worker with the fewest jobs in flight, taking turns among equals. */
	#pick(): IntakeWorker | undefined {
		let best: IntakeWorker | undefined;
		for (let i = 0; i < this.#workers.length; i++) {
			const w = this.#workers[(this.#next + i) % this.#workers.length];
			if (w.ready && (!best || w.pending.size < best.pending.size)) best = w;
		}
		this.#next++;
		return best;
	}

	#spawn(): IntakeWorker {
		const worker = new IntakeWorker(this.newThread());
		worker.thread.unref();
		this.#workers.push(worker);
		worker.thread.on('message', (reply: Reply) => {
			if ('ready' in reply) {
				worker.ready = true;
				worker.onReady();
				return;
			}
			const waiting = worker.pending.get(reply.id);
			worker.pending.delete(reply.id);
			if ('prepared' in reply) waiting?.resolve(reply.prepared);
			else waiting?.reject(new Error(`intake worker: ${reply.failed}`));
		});
		worker.thread.on('error', (error) => log.error({ err: error.message }, 'intake worker failed'));
		worker.thread.on('exit', (code) => {
			this.#workers = this.#workers.filter((w) => w !== worker);
			for (const { reject } of worker.pending.values()) reject(new Error(`intake worker exited (${code})`));
			worker.pending.clear();
			if (this.#closed) return;
			log.warn({ code }, 'intake worker exited; starting another');
			setTimeout(() => this.#spawn(), RESPAWN_MS).unref();
		});
		return worker;
	}
}

async function runWorker(config: WorkerConfig): Promise<void> {
	const port = parentPort!;
	// these connections never write: the writes stay with the main thread
	const { keys } = loadKeys({ ANJU_KEY_FILE: config.keyFile }, config.dataDir, { mayCreate: false });
	watchKeyFile(keys, config.keyFile);
	const db = createDb({ ANJU_DATA_DIR: config.dataDir, DATABASE_URL: config.databaseUrl, ANJU_PG_POOL: process.env.ANJU_PG_POOL }, { keys, readOnly: true });
	if (db.kind === 'sqlite') await sql`pragma query_only = 1`.execute(db);
	port.on('message', async (job: Job) => {
		try {
			const prepared = await prepareSubmission(db, job.body, { idempotencyKey: job.idempotencyKey, now: new Date(job.now) });
			port.postMessage({ id: job.id, prepared } satisfies Reply);
		} catch (error) {
			// the message names the failure only: no submitted data leaves in it
			port.postMessage({ id: job.id, failed: error instanceof Error ? error.name + ': ' + error.message.slice(0, 200) : 'unknown error' } satisfies Reply);
		}
	});
	port.postMessage({ ready: true } satisfies Reply);
}

if (!isMainThread && (workerData as Partial<WorkerConfig> | null)?.anjuIntake) void runWorker(workerData as WorkerConfig);
