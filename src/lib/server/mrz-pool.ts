import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { log } from './log';
import type { MrzRead } from './mrz-correct';
import { readMrz, tesseractLineReader, type LineReader } from './mrz-read';

// MRZ reads off the event loop. Locating the zone is JavaScript arithmetic on pixels and the OCR
// is WebAssembly: both run on worker threads here (ANJU_MRZ_WORKERS, default 1), each with its own
// Tesseract, started on the first read. At most ANJU_MRZ_QUEUE reads wait (default 4); past that,
// or past READ_TIMEOUT_MS (30 s), the upload goes on without a read (`mrz: null`, reason `busy`).
// As with the intake workers, a worker runs this very module, which only the built server has as
// plain JavaScript; under Vite (dev, tests in process) the read runs inline, with the same queue.
// Nothing read is logged: a read travels only as the answer to its upload.

export type MrzOutcome = { mrz: MrzRead | null; reason?: 'not_found' | 'busy' | 'failed' };

const READ_TIMEOUT_MS = 30_000;
const FIRST_READ_TIMEOUT_MS = 120_000; // a worker's first read also loads Tesseract and its model

interface Job {
	id: number;
	bytes: Uint8Array;
	now: string;
}
type Reply = { id: number; mrz: MrzRead | null } | { id: number; failed: string };

function positive(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return value !== undefined && Number.isInteger(n) && n >= 0 ? n : fallback;
}

type Slot = { run: (bytes: Uint8Array, now: Date) => Promise<MrzRead | null>; busy: boolean; warm?: boolean };

export class MrzReaderPool {
	#slots: Slot[] | undefined;
	#waiting: Array<(slot: Slot) => void> = [];
	#workers: Worker[] = [];

	constructor(
		private readonly workers: number,
		private readonly queue: number
	) {}

	/** Reads the MRZ of an image; never throws. */
	async read(bytes: Uint8Array, now = new Date()): Promise<MrzOutcome> {
		const slots = (this.#slots ??= this.#start());
		let slot = slots.find((s) => !s.busy);
		if (slot) slot.busy = true;
		else {
			if (this.#waiting.length >= this.queue) return { mrz: null, reason: 'busy' };
			// a slot is handed over still busy, so no newcomer can take it in between
			slot = await new Promise<Slot>((resolve) => this.#waiting.push(resolve));
		}
		let timer: NodeJS.Timeout | undefined;
		try {
			const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), slot.warm ? READ_TIMEOUT_MS : FIRST_READ_TIMEOUT_MS)));
			const mrz = await Promise.race([slot.run(bytes, now), timeout]);
			if (mrz === 'timeout') return { mrz: null, reason: 'busy' };
			slot.warm = true;
			return mrz ? { mrz } : { mrz: null, reason: 'not_found' };
		} catch (error) {
			log.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'MRZ read failed');
			return { mrz: null, reason: 'failed' };
		} finally {
			clearTimeout(timer);
			const next = this.#waiting.shift();
			if (next) next(slot);
			else slot.busy = false;
		}
	}

	async close(): Promise<void> {
		await Promise.all(this.#workers.map((w) => w.terminate()));
	}

	#start(): Slot[] {
		const count = Math.max(1, this.workers);
		if (!import.meta.url.endsWith('.js')) {
			// under Vite: inline (Tesseract still runs on its own thread)
			let reader: Promise<LineReader> | undefined;
			return Array.from({ length: count }, () => ({ busy: false, run: async (bytes, now) => readMrz(bytes, await (reader ??= tesseractLineReader()), now) }));
		}
		return Array.from({ length: count }, () => this.#workerSlot());
	}

	#workerSlot(): Slot {
		let thread: Worker | undefined;
		let ids = 0;
		const pending = new Map<number, { resolve: (m: MrzRead | null) => void; reject: (e: Error) => void }>();
		const spawn = () => {
			const w = new Worker(new URL(import.meta.url), { workerData: { anjuMrz: true } });
			w.unref();
			w.on('message', (reply: Reply) => {
				const waiting = pending.get(reply.id);
				pending.delete(reply.id);
				if ('failed' in reply) waiting?.reject(new Error(reply.failed));
				else waiting?.resolve(reply.mrz);
			});
			w.on('error', (error) => log.error({ err: error.message }, 'MRZ worker failed'));
			w.on('exit', () => {
				for (const p of pending.values()) p.reject(new Error('MRZ worker exited'));
				pending.clear();
				this.#workers = this.#workers.filter((x) => x !== w);
				thread = undefined; // the next read starts another
				slot.warm = false;
			});
			this.#workers.push(w);
			return w;
		};
		const slot: Slot = {
			busy: false,
			run: (bytes, now) =>
				new Promise((resolve, reject) => {
					const id = ++ids;
					pending.set(id, { resolve, reject });
					(thread ??= spawn()).postMessage({ id, bytes, now: now.toISOString() } satisfies Job);
				})
		};
		return slot;
	}
}

let pool: MrzReaderPool | undefined;

/** The process's MRZ reader, sized from ANJU_MRZ_WORKERS and ANJU_MRZ_QUEUE. */
export function mrzReader(env: { ANJU_MRZ_WORKERS?: string; ANJU_MRZ_QUEUE?: string } = process.env): MrzReaderPool {
	return (pool ??= new MrzReaderPool(positive(env.ANJU_MRZ_WORKERS, 1), positive(env.ANJU_MRZ_QUEUE, 4)));
}

function runWorker(): void {
	const port = parentPort!;
	let reader: Promise<LineReader> | undefined;
	port.on('message', async (job: Job) => {
		try {
			const mrz = await readMrz(job.bytes, await (reader ??= tesseractLineReader()), new Date(job.now));
			port.postMessage({ id: job.id, mrz } satisfies Reply);
		} catch (error) {
			// the failure's name only: nothing read leaves in it
			port.postMessage({ id: job.id, failed: error instanceof Error ? error.name : 'unknown error' } satisfies Reply);
		}
	});
}

if (!isMainThread && (workerData as { anjuMrz?: boolean } | null)?.anjuMrz) runWorker();
