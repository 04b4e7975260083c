import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { recordAudit, recordAuditAlone, type AuditEntry, verifyAuditChain } from '../../src/lib/server/audit';
import type { Db } from '../../src/lib/server/db/index';
import { createTestApp, DATABASES, type TestApp } from './helpers';

type Hasher = (canonical: string) => string;

const plainSha256: Hasher = (canonical) => crypto.createHash('sha256').update(canonical).digest('hex');

/**
 * What someone with write access to the database would do: change one row, then recompute its
 * hash and every later one so each row links to the one before.
 */
async function forge(db: Db, seq: number, action: string, hash: Hasher): Promise<void> {
	await db.updateTable('audit_log').set({ action }).where('seq', '=', seq).execute();
	let prev = (
		await db
			.selectFrom('audit_log')
			.select('hash')
			.where('seq', '=', seq - 1)
			.executeTakeFirstOrThrow()
	).hash;
	for (const row of await db.selectFrom('audit_log').selectAll().where('seq', '>=', seq).orderBy('seq').execute()) {
		const next = hash(JSON.stringify([row.seq, row.at, row.actor_id, row.actor_role, row.action, row.target_type, row.target_id, row.ip, row.details, prev]));
		await db.updateTable('audit_log').set({ prev_hash: prev, hash: next }).where('seq', '=', row.seq).execute();
		prev = next;
	}
}

function cli(args: string[], app: TestApp): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/audit-verify.ts', ...args], {
			env: { ...process.env, ANJU_DATA_DIR: app.dataDir, DATABASE_URL: app.env.DATABASE_URL ?? '', ANJU_KEY_FILE: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		child.on('exit', (code) => resolve({ code: code ?? -1, out: out.trim() }));
	});
}

describe.each(DATABASES)('audit log on %s', (kind) => {
	let app: TestApp;
	beforeAll(async () => {
		app = await createTestApp(kind);
	});
	afterAll(() => app?.cleanup());

	async function freshLog(rows: number): Promise<TestApp> {
		const fresh = await createTestApp(kind);
		for (let i = 0; i < rows; i++) await recordAuditAlone(fresh.db, { actorId: `u${i}`, actorRole: 'officer', action: 'declaration.view', targetType: 'declaration', targetId: `d${i}` });
		return fresh;
	}

	it("chains rows written concurrently, alone and inside callers' transactions, and the untouched chain verifies", async () => {
		const ways = [
			(entry: AuditEntry) => recordAuditAlone(app.db, entry),
			(entry: AuditEntry) => app.db.write((trx) => recordAudit(app.db, trx, entry)),
			(entry: AuditEntry) =>
				app.db.write(async (trx) => {
					await trx
						.insertInto('settings')
						.values({ key: `audit-with-${entry.actorId}`, value: '1', updated_at: 'now' })
						.execute();
					await recordAudit(app.db, trx, entry);
				})
		];
		await Promise.all(
			Array.from({ length: 20 }, (_, i) => ways[i % ways.length]({ actorId: `u${i}`, actorRole: 'officer', action: 'declaration.view', targetType: 'declaration', targetId: `d${i}` }))
		);
		const newest = await app.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
		expect(await verifyAuditChain(app.db)).toEqual({ ok: true, rows: 20, last: { seq: 20, hash: newest.hash } });
	});

	it('names an edited row', async () => {
		const fresh = await freshLog(10);
		try {
			await fresh.db.updateTable('audit_log').set({ action: 'declaration.approve' }).where('seq', '=', 7).execute();
			expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: false, brokenAt: 7 });
		} finally {
			await fresh.cleanup();
		}
	});

	it('names an edited row whose hash and every later one were recomputed without the key file', async () => {
		const fresh = await freshLog(10);
		try {
			await forge(fresh.db, 7, 'declaration.approve', plainSha256);
			const check = await verifyAuditChain(fresh.db);
			expect(check).toMatchObject({ ok: false, brokenAt: 7 });
			expect(check.ok || check.reason).toMatch(/without the audit key/);
		} finally {
			await fresh.cleanup();
		}
	});

	it('accepts the same rewrite done with the key file, so only the key stands between a database writer and a forgery', async () => {
		const fresh = await freshLog(10);
		try {
			const key = crypto.createHmac('sha256', fresh.db.keys.blindIndexKey).update('anju audit chain v1').digest();
			await forge(fresh.db, 7, 'declaration.approve', (c) => crypto.createHmac('sha256', key).update(c).digest('hex'));
			expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, rows: 10 });
		} finally {
			await fresh.cleanup();
		}
	});

	it('names a row deleted from the middle', async () => {
		const fresh = await freshLog(5);
		try {
			await fresh.db.deleteFrom('audit_log').where('seq', '=', 3).execute();
			expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'row 3 is missing' });
		} finally {
			await fresh.cleanup();
		}
	});

	it('notices rows cut off the end only against a head kept outside the database', async () => {
		const fresh = await freshLog(6);
		try {
			const before = await verifyAuditChain(fresh.db);
			if (!before.ok || !before.last) throw new Error('expected an intact chain');
			await fresh.db.deleteFrom('audit_log').where('seq', '>', 4).execute();
			expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, rows: 4 });
			expect(await verifyAuditChain(fresh.db, before.last)).toMatchObject({ ok: false, brokenAt: 6 });
		} finally {
			await fresh.cleanup();
		}
	});

	it('npm run audit:verify reads the key file, prints the newest row, and checks it on a later run', async () => {
		const fresh = await freshLog(5);
		try {
			const first = await cli([], fresh);
			expect(first.code, first.out).toBe(0);
			const head = /Newest row: (5:[0-9a-f]{64})/.exec(first.out)?.[1];
			expect(head, first.out).toBeDefined();
			expect((await cli(['--kept', head!], fresh)).code).toBe(0);

			await fresh.db.deleteFrom('audit_log').where('seq', '=', 5).execute();
			const cut = await cli(['--kept', head!], fresh);
			expect(cut.code).toBe(1);
			expect(cut.out).toContain('BROKEN at row 5');

			await forge(fresh.db, 2, 'login.success', plainSha256);
			const forged = await cli([], fresh);
			expect(forged.code).toBe(1);
			expect(forged.out).toContain('BROKEN at row 2');
		} finally {
			await fresh.cleanup();
		}
	}, 30_000);
});
