// `npm run bench`: the resident's journey, measured in one run on a fresh database. It builds,
// starts the server (rate limits off) and measures with autocannon, load generator and server
// sharing the machine:
//   - the photo limit: sharp re-encoding a realistic passport photo in-process on every core, with
//     the server's own settings (reencodeImage), the ceiling for uploads;
//   - POST /api/v1/uploads with distinct realistic photos (1200 × 850 JPEG, ≈ 47 KB);
//   - POST /api/v1/declarations, each with its own upload (bodies made before the run);
//   - GET /healthz, the no-op ceiling of HTTP;
//   - MRZ reads (POST /api/v1/uploads with read=mrz): reads/s, p50/p95 per read, and
//     submissions/s while reads are running (SQLite);
// on SQLite and, when DATABASE_URL names a PostgreSQL database, on a fresh schema there too, plus
// two app processes on that one PostgreSQL. Every acknowledged upload and declaration is looked up
// in the database afterwards (exit code 1 when one is missing). Prints one table, with the 1-minute
// load average beside every figure (other work on the machine lowers them), and writes it into the
// README's Performance section (BENCH_README=0: do not).
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=20 BENCH_PORT=3999 [DATABASE_URL=postgres://…] npm run bench
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import sharp from 'sharp';
import { validDeclaration } from '../src/lib/domain/fixtures';
import { checkDeclaration } from '../src/lib/domain/rules';
import { makeDeclarationSchema } from '../src/lib/domain/declaration';
import { JPEG_OUTPUT, reencodeImage } from '../src/lib/server/uploads';
import { corpusPhoto } from './mrz-corpus';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3999);
const MRZ_IN_FLIGHT = 2;
const PHOTO = { width: 1200, height: 850, quality: 40 }; // ≈ 47 KB, as a phone photo sent by a browser
const BOUNDARY = '----anjubench7MA4YWxkTrZu0gW';

type Row = { what: string; db: string; rate: number; unit: string; p50?: number; p95?: number; p99?: number; limit?: string; ratio?: number; load: string; note?: string };
const rows: Row[] = [];
let failed = false;

function load(before: number[]): string {
	return `${before[0].toFixed(1)}→${os.loadavg()[0].toFixed(1)}`;
}

function build(): void {
	const r = spawnSync(process.execPath, ['scripts/start.js', '--build-only'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

// --- the database under test ---------------------------------------------------------------

interface Target {
	kind: 'SQLite' | 'PostgreSQL';
	dataDir: string;
	databaseUrl?: string;
	query<R>(text: string, params: unknown[]): Promise<R[]>;
	close(): Promise<void>;
}

function sqliteTarget(): Target {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-'));
	return {
		kind: 'SQLite',
		dataDir,
		async query<R>(text: string, params: unknown[]) {
			const db = new Database(path.join(dataDir, 'anju.sqlite'), { readonly: true });
			try {
				return db.prepare(text.replace(/\$\d+/g, '?')).all(...params) as R[];
			} finally {
				db.close();
			}
		},
		async close() {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function postgresTarget(url: string): Promise<Target> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-pg-'));
	const schema = `bench_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query(`create schema ${schema}`);
	const withSchema = new URL(url);
	withSchema.searchParams.set('options', `-c search_path=${schema}`);
	const reader = new pg.Client({ connectionString: withSchema.toString() });
	await reader.connect();
	return {
		kind: 'PostgreSQL',
		dataDir,
		databaseUrl: withSchema.toString(),
		async query<R>(text: string, params: unknown[]) {
			return (await reader.query(text, params)).rows as R[];
		},
		async close() {
			await reader.end();
			await admin.query(`drop schema ${schema} cascade`);
			await admin.end();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

async function startServer(target: Target, port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
	const childEnv: Record<string, string | undefined> = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ANJU_DATA_DIR: target.dataDir,
		ANJU_RATE_LIMITS: 'off',
		ANJU_ROUTINE_CHECK_RATE: '0',
		ANJU_DEMO: '1',
		LOG_LEVEL: 'warn',
		NODE_ENV: 'production',
		DATABASE_URL: target.databaseUrl,
		...env
	};
	if (!target.databaseUrl) delete childEnv.DATABASE_URL;
	const child = spawn(process.execPath, ['scripts/server.js'], { env: childEnv, stdio: ['ignore', 'ignore', 'inherit'] });
	for (let i = 0; i < 1200; i++) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return child;
		} catch {
			/* starting */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	child.kill('SIGTERM');
	throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.kill('SIGTERM');
	await exited;
}

// --- load ------------------------------------------------------------------------------------

function run(opts: autocannon.Options): Promise<autocannon.Result> {
	return new Promise((resolve, reject) => {
		autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
	});
}

function multipart(jpeg: Buffer, fields: Record<string, string> = {}): Buffer {
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
	parts.push(Buffer.from(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="file"; filename="page.jpg"\r\ncontent-type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${BOUNDARY}--\r\n`));
	return Buffer.concat(parts);
}

const MULTIPART = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

/** Posts `bodies` (in turn) for DURATION seconds, or `amount` requests; collects what each 201 answered. */
async function post(url: string, bodies: (string | Buffer)[], headers: Record<string, string>, opts: { amount?: number; connections?: number } = {}) {
	let next = 0;
	const created: string[] = [];
	let repeats = 0;
	const result = await run({
		url,
		connections: opts.connections ?? CONNECTIONS,
		...(opts.amount ? { amount: opts.amount } : { duration: DURATION }),
		requests: [
			{
				method: 'POST',
				headers,
				setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
				onResponse: (status, body) => {
					if (status === 201) {
						const answer = JSON.parse(body) as { id?: string; reference?: string };
						created.push(answer.reference ?? answer.id!);
					} else if (status === 200) repeats++;
				}
			}
		]
	});
	return { result, created, repeats, exhausted: next > bodies.length };
}

function record(row: Omit<Row, 'load'>, before: number[], r?: autocannon.Result): void {
	const errors = r ? r.non2xx + r.errors + r.timeouts : 0;
	const note = [row.note, errors ? `${errors} errors/non-2xx` : ''].filter(Boolean).join('; ');
	rows.push({ ...row, load: load(before), ...(note ? { note } : {}) });
	if (errors) failed = true;
}

// --- photos ------------------------------------------------------------------------------------

/** Distinct realistic photos: a passport data page, each with its own pixels stamped into a corner. */
async function photoSet(count: number): Promise<Buffer[]> {
	const base = await corpusPhoto(17, 0, PHOTO);
	const { data, info } = await sharp(base.jpeg).raw().toBuffer({ resolveWithObject: true });
	const out: Buffer[] = [];
	for (let i = 0; i < count; i += 8) {
		const batch = Array.from({ length: Math.min(8, count - i) }, (_, k) => {
			const pixels = Buffer.from(data);
			for (let b = 0; b < 32; b++) if (((i + k) >> b) & 1) for (let y = 0; y < 8; y++) pixels.fill(0, (y * info.width + b * 8) * 3, (y * info.width + b * 8 + 8) * 3);
			return sharp(pixels, { raw: { width: info.width, height: info.height, channels: 3 } })
				.jpeg({ quality: PHOTO.quality })
				.toBuffer();
		});
		out.push(...(await Promise.all(batch)));
	}
	return out;
}

/** Re-encodes photos in-process, as many at once as the thread pool runs, for DURATION seconds. */
async function photoLimit(photos: Buffer[], encode: (b: Buffer) => Promise<unknown>): Promise<number> {
	const inFlight = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
	let n = 0;
	const end = Date.now() + DURATION * 1000;
	const t0 = Date.now();
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (Date.now() < end) await encode(photos[n++ % photos.length]);
		})
	);
	return n / ((Date.now() - t0) / 1000);
}

// --- the journey on one database ----------------------------------------------------------------

async function addressId(url: string): Promise<string> {
	const items = ((await (await fetch(`${url}/api/v1/addresses?q=Huayuan`)).json()) as { items: { id: string; kind: string }[] }).items;
	return items.find((a) => a.kind === 'residential')!.id;
}

let bodySeed = 1;
/** Declarations each with its own upload, posted beforehand (small photos: the upload run measures real ones). */
async function declarationBodies(urls: string[], count: number, address: string, now: Date): Promise<string[]> {
	const tiny = await sharp({ create: { width: 120, height: 85, channels: 3, background: '#9ab' } })
		.jpeg()
		.toBuffer();
	const perServer = Math.ceil(count / urls.length);
	const ids = (await Promise.all(urls.map((u) => post(`${u}/api/v1/uploads`, [multipart(tiny)], MULTIPART, { amount: perServer })))).flatMap((r) => r.created);
	return ids.map((id) => {
		const d = validDeclaration(now, {}, bodySeed++);
		d.document.photoUploadId = id;
		d.accommodation.addressId = address;
		return JSON.stringify(d);
	});
}

async function verifyStored(target: Target, table: 'uploads' | 'declarations', column: 'id' | 'reference', keys: string[]): Promise<void> {
	let found = 0;
	for (let i = 0; i < keys.length; i += 500) {
		const chunk = keys.slice(i, i + 500);
		const placeholders = chunk.map((_, k) => `$${k + 1}`).join(',');
		found += (await target.query<{ n: number | string }>(`select count(*) as n from ${table} where ${column} in (${placeholders})`, chunk)).map((r) => Number(r.n))[0];
	}
	const ok = found === keys.length;
	console.log(`  ${target.kind}: ${keys.length} acknowledged ${table}, ${found} stored${ok ? '' : '  MISSING'}`);
	if (!ok) failed = true;
}

async function journey(target: Target, photos: Buffer[], limit: number, sqliteSubmit?: number): Promise<{ submit: number }> {
	const db = target.kind;
	const port = PORT;
	const url = `http://127.0.0.1:${port}`;
	const server = await startServer(target, port);
	try {
		const address = await addressId(url);
		let before = os.loadavg();
		const healthz = await run({ url: `${url}/healthz`, connections: CONNECTIONS, duration: DURATION });
		record({ what: 'GET /healthz', db, rate: healthz.requests.average, unit: 'req/s', p50: healthz.latency.p50, p99: healthz.latency.p99 }, before, healthz);

		before = os.loadavg();
		const uploads = await post(
			`${url}/api/v1/uploads`,
			photos.map((p) => multipart(p)),
			MULTIPART
		);
		record(
			{
				what: 'POST /api/v1/uploads (distinct photos)',
				db,
				rate: uploads.result.requests.average,
				unit: 'uploads/s',
				p50: uploads.result.latency.p50,
				p99: uploads.result.latency.p99,
				limit: 'photo limit',
				ratio: uploads.result.requests.average / limit
			},
			before,
			uploads.result
		);

		const need = Math.ceil((sqliteSubmit ? 1.5 * sqliteSubmit : 1800) * DURATION);
		const now = new Date();
		const bodies = await declarationBodies([url], need, address, now);
		before = os.loadavg();
		const submit = await post(`${url}/api/v1/declarations`, bodies, { 'content-type': 'application/json' });
		const submitRate = submit.result.requests.average;
		record(
			{
				what: 'POST /api/v1/declarations (own upload each)',
				db,
				rate: submitRate,
				unit: 'req/s',
				p50: submit.result.latency.p50,
				p99: submit.result.latency.p99,
				limit: sqliteSubmit ? 'SQLite' : 'healthz',
				ratio: submitRate / (sqliteSubmit ?? healthz.requests.average),
				note: submit.exhausted ? `ran out of bodies (${submit.repeats} repeats)` : undefined
			},
			before,
			submit.result
		);
		// settle: the last requests of a run may still be in flight when autocannon stops counting
		await new Promise((r) => setTimeout(r, 500));
		await verifyStored(target, 'uploads', 'id', uploads.created);
		await verifyStored(target, 'declarations', 'reference', submit.created);

		if (db === 'SQLite' && process.env.BENCH_MRZ !== '0') await mrz(url, address);
		return { submit: submitRate };
	} finally {
		await stopServer(server);
	}
}

/** MRZ reads: alone, then beside a submission run. */
async function mrz(url: string, address: string): Promise<void> {
	const pages = await Promise.all(Array.from({ length: 7 }, (_, i) => corpusPhoto(17, i, PHOTO)));
	const read = async (i: number) => {
		const t0 = performance.now();
		const res = await fetch(`${url}/api/v1/uploads`, { method: 'POST', body: multipart(pages[i % pages.length].jpeg, { read: 'mrz' }), headers: MULTIPART });
		const answer = (await res.json()) as { mrz: unknown; reason?: string };
		return { ms: performance.now() - t0, found: answer.mrz !== null, busy: answer.reason === 'busy' };
	};
	await read(0); // starts the worker and loads Tesseract
	const readFor = async (seconds: number) => {
		const times: number[] = [];
		let found = 0,
			busy = 0,
			n = 0;
		const end = Date.now() + seconds * 1000;
		const t0 = Date.now();
		await Promise.all(
			Array.from({ length: MRZ_IN_FLIGHT }, async () => {
				while (Date.now() < end) {
					const r = await read(n++);
					times.push(r.ms);
					if (r.found) found++;
					if (r.busy) busy++;
				}
			})
		);
		times.sort((a, b) => a - b);
		const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]);
		return { rate: times.length / ((Date.now() - t0) / 1000), p50: pct(50), p95: pct(95), note: `${times.length} reads, ${found} found${busy ? `, ${busy} busy` : ''}` };
	};
	let before = os.loadavg();
	const alone = await readFor(DURATION);
	record({ what: `MRZ reads (${MRZ_IN_FLIGHT} in flight)`, db: 'SQLite', rate: alone.rate, unit: 'reads/s', p50: alone.p50, p95: alone.p95, note: alone.note }, before);

	const bodies = await declarationBodies([url], 1800 * DURATION, address, new Date());
	before = os.loadavg();
	const [reads, submit] = await Promise.all([readFor(DURATION), post(`${url}/api/v1/declarations`, bodies, { 'content-type': 'application/json' })]);
	record(
		{ what: 'POST /api/v1/declarations while reading MRZs', db: 'SQLite', rate: submit.result.requests.average, unit: 'req/s', p50: submit.result.latency.p50, p99: submit.result.latency.p99 },
		before,
		submit.result
	);
	record({ what: 'MRZ reads beside those submissions', db: 'SQLite', rate: reads.rate, unit: 'reads/s', p50: reads.p50, p95: reads.p95, note: reads.note }, before);
}

/** Two app processes on one PostgreSQL, loaded at once; the combined rate. */
async function twoProcesses(target: Target, sqliteSubmit: number | undefined): Promise<void> {
	const ports = [PORT + 1, PORT + 2];
	const servers: ChildProcess[] = [];
	try {
		for (const port of ports) servers.push(await startServer(target, port));
		const urls = ports.map((p) => `http://127.0.0.1:${p}`);
		const address = await addressId(urls[0]);
		const bodies = await declarationBodies(urls, Math.ceil(1.5 * (sqliteSubmit ?? 1200) * DURATION), address, new Date());
		const half = Math.ceil(bodies.length / 2);
		const before = os.loadavg();
		const runs = await Promise.all(
			urls.map((u, i) => post(`${u}/api/v1/declarations`, bodies.slice(i * half, (i + 1) * half), { 'content-type': 'application/json' }, { connections: CONNECTIONS / 2 }))
		);
		const rate = runs.reduce((sum, r) => sum + r.result.requests.average, 0);
		const p99 = Math.max(...runs.map((r) => r.result.latency.p99));
		record(
			{
				what: 'POST /api/v1/declarations, 2 app processes',
				db: 'PostgreSQL',
				rate,
				unit: 'req/s',
				p99,
				...(sqliteSubmit ? { limit: 'SQLite', ratio: rate / sqliteSubmit } : {}),
				note: runs.some((r) => r.exhausted) ? 'ran out of bodies' : undefined
			},
			before,
			runs[0].result
		);
		await new Promise((r) => setTimeout(r, 500));
		await verifyStored(
			target,
			'declarations',
			'reference',
			runs.flatMap((r) => r.created)
		);
	} finally {
		for (const s of servers) await stopServer(s);
	}
}

// --- the rules alone -------------------------------------------------------------------------------

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

// --- output ------------------------------------------------------------------------------------------

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function markdownTable(): string {
	const lines = ['| what | database | rate | p50 / p95 / p99 ms | ratio | load (1 min) | note |', '|---|---|---|---|---|---|---|'];
	for (const r of rows) {
		const lat = [r.p50, r.p95, r.p99].map((v) => (v === undefined ? '–' : fmt(v))).join(' / ');
		lines.push(
			`| ${r.what} | ${r.db} | ${fmt(r.rate, r.rate < 100 ? 1 : 0)} ${r.unit} | ${lat} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)} × ${r.limit}`} | ${r.load} | ${r.note ?? ''} |`
		);
	}
	return lines.join('\n');
}

function writeReadme(table: string, header: string): void {
	const file = 'README.md';
	const text = fs.readFileSync(file, 'utf8');
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	const i = text.indexOf(start);
	const j = text.indexOf(end);
	if (i < 0 || j < i) {
		console.log(`README.md has no ${start} … ${end} block: not written`);
		return;
	}
	fs.writeFileSync(file, `${text.slice(0, i + start.length)}\n${header}\n\n${table}\n${text.slice(j)}`);
	console.log('README.md: Performance table written');
}

async function main() {
	build();
	const cores = os.availableParallelism();
	console.log(
		`bench: ${CONNECTIONS} connections, ${DURATION} s per figure, ${cores} cores; load average ${os
			.loadavg()
			.map((l) => l.toFixed(1))
			.join(' ')}`
	);
	const photos = await photoSet(Math.max(400, Math.ceil(200 * DURATION)));
	console.log(`${photos.length} distinct photos, ${PHOTO.width} × ${PHOTO.height} JPEG, ${fmt(photos.reduce((s, p) => s + p.length, 0) / photos.length / 1024)} KB on average`);

	let before = os.loadavg();
	const limit = await photoLimit(photos, (b) => reencodeImage(b, 'jpeg'));
	record({ what: 'photo limit: reencodeImage in-process, all cores', db: '–', rate: limit, unit: 'photos/s' }, before);
	if (process.env.BENCH_MOZJPEG !== '0') {
		before = os.loadavg();
		const moz = await photoLimit(photos, (b) =>
			sharp(b)
				.rotate()
				.resize({ width: 2400, height: 2400, fit: 'inside', withoutEnlargement: true })
				.jpeg({ ...JPEG_OUTPUT, mozjpeg: !JPEG_OUTPUT.mozjpeg })
				.toBuffer()
		);
		record({ what: `for comparison: the same with mozjpeg: ${!JPEG_OUTPUT.mozjpeg}`, db: '–', rate: moz, unit: 'photos/s', limit: 'photo limit', ratio: moz / limit }, before);
	}

	// BENCH_ONLY=postgres skips SQLite (while working on PostgreSQL; the ratios then have no SQLite figure)
	let sqliteSubmit: number | undefined;
	if (process.env.BENCH_ONLY !== 'postgres') {
		const sqlite = sqliteTarget();
		try {
			sqliteSubmit = (await journey(sqlite, photos, limit)).submit;
		} finally {
			await sqlite.close();
		}
	}
	const postgresUrl = process.env.DATABASE_URL;
	if (postgresUrl) {
		const target = await postgresTarget(postgresUrl);
		try {
			await journey(target, photos, limit, sqliteSubmit);
			await twoProcesses(target, sqliteSubmit);
		} finally {
			await target.close();
		}
	}
	const micro = microbench();

	const header = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` (${CONNECTIONS} connections, ${DURATION} s per figure, ${cores} cores shared with the load generator; load average 1-min before→after each figure). \`checkDeclaration\` ${micro.checkDeclaration.toFixed(2)} µs per call, schema validation ${micro.validate.toFixed(1)} µs per call.`;
	const table = markdownTable();
	console.log(`\n${header}\n\n${table}\n`);
	if (process.env.BENCH_README !== '0') writeReadme(table, header);
	if (failed) {
		console.log('FAILED: errors during a run, or an acknowledged upload or declaration is not stored');
		process.exitCode = 1;
	}
}

await main();
