import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port';

// The server always stops when told to, even when whatever read its output has gone away while
// log lines were still waiting in the pipe. The log is the same on both databases: SQLite only.

describe('a log reader that goes away', () => {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-logsink-'));
	afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

	it('never blocks requests or shutdown: lines are dropped and counted, SIGTERM exits within 15 s', async () => {
		expect(spawnSync(process.execPath, ['scripts/start.js', '--build-only'], { stdio: 'inherit' }).status).toBe(0);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		// The server's output goes through a pipe (as from a shell's `|`) to a reader that never reads
		// and then exits, like a log collector that hangs and is then restarted. The test
		// keeps no end of that pipe open.
		const fifo = path.join(dataDir, 'log.fifo');
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		const reader = spawn(process.execPath, ['-e', `require('fs').openSync(${JSON.stringify(fifo)}, 'r'); setInterval(() => {}, 1000)`], { stdio: 'ignore' });
		const out = fs.openSync(fifo, 'w'); // returns once the reader has opened its end
		const server = spawn(process.execPath, ['scripts/server.js'], {
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: url,
				ANJU_DATA_DIR: dataDir,
				ANJU_RATE_LIMITS: 'off',
				ANJU_METRICS_TOKEN: 'metrics-token-for-the-test',
				LOG_LEVEL: 'info'
			},
			stdio: ['ignore', out, 'ignore']
		});
		fs.closeSync(out);
		const readerGone = new Promise((r) => reader.once('exit', r));
		try {
			const deadline = Date.now() + 60_000;
			for (;;) {
				if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode})`);
				try {
					if ((await fetch(`${url}/healthz`)).ok) break;
				} catch {
					/* not listening yet */
				}
				if (Date.now() > deadline) throw new Error('server did not start');
				await new Promise((r) => setTimeout(r, 100));
			}

			// far more log lines than a pipe holds (64 KiB; a line is about 130 bytes): with the reader
			// stalled, every request is still answered
			let answered = 0;
			let next = 0;
			await Promise.all(
				Array.from({ length: 16 }, async () => {
					while (next++ < 1000) {
						const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(10_000) });
						await res.arrayBuffer();
						answered++;
					}
				})
			);
			expect(answered).toBe(1000);
			reader.kill('SIGKILL');
			await readerGone;

			// the reader has gone: requests are answered at once, and the lost lines are counted as soon
			// as the next write (a new line, or the backlog's retry every 50 ms) meets the broken pipe
			let dropped = 0;
			const countedBy = Date.now() + 5_000;
			while (dropped === 0 && Date.now() < countedBy) {
				const started = Date.now();
				const metrics = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer metrics-token-for-the-test' }, signal: AbortSignal.timeout(2_000) });
				expect(Date.now() - started).toBeLessThan(2_000);
				dropped = Number(/^anju_log_lines_dropped_total (\d+)/m.exec(await metrics.text())?.[1]);
				if (dropped === 0) await new Promise((r) => setTimeout(r, 100));
			}
			expect(dropped).toBeGreaterThan(0);

			const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
			const signalled = Date.now();
			server.kill('SIGTERM');
			const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
			expect(code).toBe(0);
			expect(Date.now() - signalled).toBeLessThan(15_000);
		} finally {
			if (server.exitCode === null) server.kill('SIGKILL');
			if (reader.exitCode === null) reader.kill('SIGKILL');
		}
	}, 120_000);
});
