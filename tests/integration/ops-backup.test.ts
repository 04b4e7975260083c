import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decryptJson } from '../../src/lib/server/crypto';
import { declarationStream, keysOf, residentialAddress, uploadPhoto, type Accepted } from './ops-helpers';
import { startServer, type TestServer } from './server';

// Backups are a SQLite matter (PostgreSQL installs use pg_dump, see the README): a backup taken
// under write load restores into an empty data dir, and every bad input stops with one line.

const PASSPHRASE = 'correct horse battery staple';

function cli(script: 'backup' | 'restore', args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', `scripts/${script}.ts`, ...args], {
			env: { ...process.env, ANJU_BACKUP_PASSPHRASE: PASSPHRASE, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('exit', (code) => resolve({ code: code ?? -1, out: out.trim() }));
	});
}

const count = async (server: TestServer, table: string) => Number((await server.query<{ n: number }>(`select count(*) as n from ${table}`))[0].n);

describe('backup and restore (SQLite)', () => {
	let live: TestServer;
	let restored: TestServer | undefined;
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-backup-test-'));
	const file = path.join(scratch, 'station.anjubak');
	const target = path.join(scratch, 'restored');
	let before: Accepted[] = [];

	beforeAll(async () => {
		live = await startServer('sqlite');
	}, 120_000);
	afterAll(async () => {
		await restored?.cleanup();
		await live?.cleanup();
		fs.rmSync(scratch, { recursive: true, force: true });
	});

	it('takes a consistent backup while declarations keep coming in, and restores it into an empty data dir', async () => {
		const addressId = await residentialAddress(live.url);
		const uploadId = await uploadPhoto(live.url);
		let backupStarted!: () => void;
		const started = new Promise<void>((r) => (backupStarted = r));
		let finished!: () => void;
		const done = new Promise<void>((r) => (finished = r));
		const stream = declarationStream(live, addressId, uploadId, 4, done, (n) => n === 20 && backupStarted());

		await started;
		const acknowledgedBefore = (await live.query<{ n: number }>('select count(*) as n from declarations'))[0].n;
		const backup = await cli('backup', [file], { ANJU_DATA_DIR: live.dataDir });
		const acknowledgedAfter = (await live.query<{ n: number }>('select count(*) as n from declarations'))[0].n;
		finished();
		before = (await stream).accepted.slice(0, 20);
		expect(backup.code, backup.out).toBe(0);
		expect(backup.out).toMatch(/^Backup written to /);
		expect(acknowledgedAfter).toBeGreaterThan(acknowledgedBefore); // writes went on during the backup
		expect(fs.readFileSync(file).includes(Buffer.from('SQLite format'))).toBe(false);

		const restore = await cli('restore', [file], { ANJU_DATA_DIR: target });
		expect(restore.code, restore.out).toBe(0);
		expect(fs.readdirSync(target).sort()).toEqual(['anju.sqlite', 'keys.json']);

		restored = await startServer('sqlite', {}, { dataDir: target });
		const n = await count(restored, 'declarations');
		expect(n).toBeGreaterThanOrEqual(acknowledgedBefore);
		expect(n).toBeLessThanOrEqual(acknowledgedAfter);
		// consistent: each declaration with its event and its photo, no more, no less
		expect(await count(restored, "declaration_events where type = 'submitted'")).toBe(n);
		expect(await count(restored, 'audit_log')).toBe(Number((await live.query<{ n: number }>('select count(*) as n from audit_log'))[0].n));

		const keys = keysOf(target);
		for (const a of before.slice(0, 5)) {
			const res = await fetch(`${restored.url}/api/v1/declarations/${a.reference}`, { headers: { 'x-access-code': a.accessCode } });
			expect(res.status).toBe(200);
			const row = (await restored.query<{ id: string; snapshot: string }>('select id, snapshot from declarations where reference = ?', [a.reference]))[0];
			expect(decryptJson<{ input: { person: { surname: string } } }>(keys, row.snapshot, `declarations.snapshot:${row.id}`).input.person.surname).toBe('DUPONT');
		}
		console.log(`backup under load: ${acknowledgedBefore}–${acknowledgedAfter} declarations while it ran, ${n} in the backup, ${fs.statSync(file).size} bytes`);
	}, 120_000);

	it('refuses bad input with one clear line and touches nothing', async () => {
		const fresh = path.join(scratch, 'fresh');

		const wrong = await cli('restore', [file], { ANJU_DATA_DIR: fresh, ANJU_BACKUP_PASSPHRASE: 'not the passphrase at all' });
		expect(wrong).toEqual({ code: 1, out: 'Wrong passphrase for this backup.' });
		expect(fs.existsSync(fresh)).toBe(false);

		const corrupt = path.join(scratch, 'corrupt.anjubak');
		const bytes = fs.readFileSync(file);
		bytes[Math.floor(bytes.length / 2)] ^= 0x55;
		fs.writeFileSync(corrupt, bytes);
		const damaged = await cli('restore', [corrupt], { ANJU_DATA_DIR: fresh });
		expect(damaged.code).toBe(1);
		expect(damaged.out).toMatch(/^The backup file is damaged/);
		expect(damaged.out.split('\n')).toHaveLength(1);
		expect(fs.existsSync(fresh)).toBe(false);

		const notBackup = path.join(scratch, 'not-a-backup');
		fs.writeFileSync(notBackup, 'hello');
		expect((await cli('restore', [notBackup], { ANJU_DATA_DIR: fresh })).out).toMatch(/is not an Anju backup, or it is damaged\.$/);

		const occupied = await cli('restore', [file], { ANJU_DATA_DIR: target });
		expect(occupied).toEqual({ code: 1, out: `${target} is not empty: restore only into an empty data directory (move the current one aside first).` });

		const exists = await cli('backup', [file], { ANJU_DATA_DIR: live.dataDir });
		expect(exists).toEqual({ code: 1, out: `${file} already exists: choose a new file name.` });

		expect(fs.readdirSync(scratch).filter((f) => f.startsWith('.'))).toEqual([]); // no staging dirs left behind
	}, 60_000);

	it('will not start on a database whose key file is missing, and creates no new one', async () => {
		await restored!.stop();
		fs.rmSync(path.join(target, 'keys.json'));
		await expect(startServer('sqlite', {}, { dataDir: target })).rejects.toThrow(/The key file .*keys\.json is missing, and the database holds data encrypted with it/);
		expect(fs.existsSync(path.join(target, 'keys.json'))).toBe(false);
	}, 60_000);
});
