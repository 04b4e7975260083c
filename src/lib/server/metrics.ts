import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './db';
import { safeEqual, sha256 } from './crypto';
import { droppedLogLines } from './log';

// Prometheus metrics at /metrics. Request counts and durations are per process (label them by
// instance in Prometheus); the queue figures are read from the database at scrape time, so
// every process reports the same station-wide numbers. No label ever holds personal data: routes
// are SvelteKit route ids (`/api/v1/declarations/[reference]`), never URLs.

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requests = new Counter({
	name: 'anju_http_requests_total',
	help: 'HTTP requests by route id, method and status',
	labelNames: ['route', 'method', 'status'] as const,
	registers: [registry]
});

const durations = new Histogram({
	name: 'anju_http_request_duration_seconds',
	help: 'HTTP request durations by route id and method',
	labelNames: ['route', 'method'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

export function observeRequest(route: string | null, method: string, status: number, seconds: number): void {
	const r = route ?? 'unmatched';
	requests.inc({ route: r, method, status: String(status) });
	durations.observe({ route: r, method }, seconds);
}

const prepared = new Counter({
	name: 'anju_submissions_prepared_total',
	help: 'Submissions prepared (validated, checked, encrypted) by where: an intake worker thread or inline on the event loop',
	labelNames: ['thread'] as const,
	registers: [registry]
});

export function observePrepared(thread: 'worker' | 'inline'): void {
	prepared.inc({ thread });
}

new Counter({
	name: 'anju_log_lines_dropped_total',
	help: 'Log lines dropped because standard output could not take them (its reader gone, or far behind)',
	registers: [registry],
	collect() {
		this.reset();
		this.inc(droppedLogLines());
	}
});

let source: Db | undefined;

/** The database the scrape-time gauges read; set once by the /metrics route. */
export function useDatabase(db: Db): void {
	source = db;
}

new Gauge({
	name: 'anju_declarations',
	help: 'Declarations by status',
	labelNames: ['status'] as const,
	registers: [registry],
	async collect() {
		if (!source) return;
		this.reset();
		const rows = await source
			.selectFrom('declarations')
			.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('status')
			.execute();
		for (const row of rows) this.set({ status: row.status }, Number(row.n));
	}
});

function countGauge(name: string, help: string, count: (db: Db) => Promise<number | string>): void {
	new Gauge({
		name,
		help,
		registers: [registry],
		async collect() {
			if (source) this.set(Number(await count(source)));
		}
	});
}

countGauge(
	'anju_review_queue_length',
	'Declarations waiting for an officer (pending_review)',
	async (db) =>
		(
			await db
				.selectFrom('declarations')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('status', '=', 'pending_review')
				.executeTakeFirstOrThrow()
		).n
);
countGauge(
	'anju_help_requests_open',
	'Help requests nobody has claimed yet (open)',
	async (db) =>
		(
			await db
				.selectFrom('help_requests')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('status', '=', 'open')
				.executeTakeFirstOrThrow()
		).n
);
countGauge(
	'anju_outbox_backlog',
	'Outbox messages not yet sent (pending or sending)',
	async (db) =>
		(
			await db
				.selectFrom('outbox')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('status', 'in', ['pending', 'sending'])
				.executeTakeFirstOrThrow()
		).n
);
countGauge(
	'anju_outbox_failed',
	'Outbox messages given up after the last attempt (failed)',
	async (db) =>
		(
			await db
				.selectFrom('outbox')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('status', '=', 'failed')
				.executeTakeFirstOrThrow()
		).n
);

/** `Authorization: Bearer <ANJU_METRICS_TOKEN>`, compared in constant time. */
export function metricsAuthorised(expected: string, header: string | null): boolean {
	const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
	return safeEqual(sha256(given), sha256(expected));
}
