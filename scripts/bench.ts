// `npm run bench`: builds and starts the server on a fresh SQLite database (or DATABASE_URL),
// then measures with autocannon, in one run: GET /healthz (the no-op baseline) and
// POST /api/v1/declarations with valid, distinct declarations; and checkDeclaration alone.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { validDeclaration } from '../src/lib/domain/fixtures';
import { checkDeclaration } from '../src/lib/domain/rules';
import { makeDeclarationSchema } from '../src/lib/domain/declaration';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const url = `http://127.0.0.1:${PORT}`;

function build(): void {
	const r = spawnSync(process.execPath, ['scripts/start.js', '--build-only'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

async function startServer(dataDir: string) {
	const child = spawn(process.execPath, ['scripts/server.js'], {
		env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', ANJU_DATA_DIR: dataDir, ANJU_RATE_LIMITS: 'off', ANJU_ROUTINE_CHECK_RATE: '0', ANJU_DEMO: '1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 600; i++) {
		try {
			if ((await fetch(`${url}/healthz`)).ok) return child;
		} catch {
			/* starting */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('server did not start');
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
	return new Promise((resolve, reject) => {
		autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

function summary(name: string, r: autocannon.Result) {
	const non2xx = r.non2xx + r.errors + r.timeouts;
	return { name, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, requests: r.requests.total, 'errors/non-2xx': non2xx };
}

function microbench() {
	const now = new Date();
	const declarations = Array.from({ length: 1000 }, (_, i) => validDeclaration(now, {}, i));
	const context = {
		now,
		address: { kind: 'residential' as const },
		visaFreeNationalities: new Set(['FRA', 'DEU']),
		transitNationalities: new Set(['USA']),
		currentOccupants: 1,
		maxForeignOccupants: 6,
		documentInUse: false,
		watchlistHit: false,
		routineCheck: false
	};
	const measure = (fn: (i: number) => unknown, n: number) => {
		for (let i = 0; i < 5000; i++) fn(i % 1000); // warm up
		const t0 = process.hrtime.bigint();
		for (let i = 0; i < n; i++) fn(i % 1000);
		return Number(process.hrtime.bigint() - t0) / 1000 / n;
	};
	const check = measure((i) => checkDeclaration(declarations[i], context), 200_000);
	const schema = makeDeclarationSchema(now);
	const validate = measure((i) => schema.safeParse(declarations[i]), 20_000);
	return { checkDeclaration: check, validate };
}

function countDeclarations(dataDir: string): number {
	const db = new Database(path.join(dataDir, 'anju.sqlite'), { readonly: true });
	try {
		return (db.prepare('select count(*) as n from declarations').get() as { n: number }).n;
	} finally {
		db.close();
	}
}

async function main() {
	build();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-'));
	const server = await startServer(dataDir);
	const demoDeclarations = process.env.DATABASE_URL ? 0 : countDeclarations(dataDir);
	let created = 0;
	try {
		const items = ((await (await fetch(`${url}/api/v1/addresses?q=Huayuan`)).json()) as { items: { id: string; kind: string }[] }).items;
		const addressId = items.find((a) => a.kind === 'residential')!.id;
		const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#9ab' } }).png().toBuffer();
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'p.png');
		const uploadId = ((await (await fetch(`${url}/api/v1/uploads`, { method: 'POST', body: form })).json()) as { id: string }).id;

		const healthz = await run({ url: `${url}/healthz`, connections: CONNECTIONS, duration: DURATION });
		// Bodies are made before the run so the load generator, on the same 2 cores, spends its time sending.
		const now = new Date();
		const bodies = Array.from({ length: 40_000 }, (_, i) => {
			const d = validDeclaration(now, {}, i + 1);
			d.document.photoUploadId = uploadId;
			d.accommodation.addressId = addressId;
			return JSON.stringify(d);
		});
		let next = 0;
		const submit = await run({
			url: `${url}/api/v1/declarations`,
			connections: CONNECTIONS,
			duration: DURATION,
			requests: [
				{
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] })
				}
			]
		});
		const rows = [summary('GET /healthz', healthz), summary('POST /api/v1/declarations', submit)];
		console.log(`\nautocannon: ${CONNECTIONS} connections, ${DURATION} s each, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, ${os.cpus().length} cores`);
		console.table(rows);
		console.log(`submit/healthz throughput ratio: ${(submit.requests.average / healthz.requests.average).toFixed(3)}`);
		const micro = microbench();
		console.log(`checkDeclaration: ${micro.checkDeclaration.toFixed(2)} µs per call; schema validation (makeDeclarationSchema + safeParse): ${micro.validate.toFixed(1)} µs per call`);
		if (submit.non2xx > 0) console.log(`warning: ${submit.non2xx} non-2xx answers during the submit run`);
		created = (submit as autocannon.Result & { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats?.['201']?.count ?? 0;
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
	}
	// Every 201 must be a stored declaration (SQLite only: the data dir is ours to read). The run
	// stops counting with up to one request per connection still in flight; those are stored too.
	if (!process.env.DATABASE_URL) {
		const stored = countDeclarations(dataDir) - demoDeclarations;
		const consistent = stored >= created && stored <= created + CONNECTIONS;
		console.log(`declarations stored by the run: ${stored}; 201 answers counted: ${created} (+ at most ${CONNECTIONS} in flight at the end)${consistent ? '' : '  MISMATCH'}`);
		if (!consistent) process.exitCode = 1;
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
}

await main();
