// `npm run audit:verify [-- --kept <seq>:<hash>]`: walks the keyed hash chain of the audit log and
// names the first broken row. On success prints the newest row's number and hash, for the
// operator to keep outside the database; passing it back as --kept later also catches rows cut
// off the end of the log. Exit code 0 when intact, 1 when broken, 2 when the database or the key
// file cannot be read, 64 for a malformed --kept.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertReachable, createDb, StartupError, type Db } from '../src/lib/server/db/index';
import { loadKeys } from '../src/lib/server/crypto';
import { getRaw } from '../src/lib/server/settings';
import { verifyAuditChain, type ChainHead } from '../src/lib/server/audit';

const { values } = parseArgs({ options: { kept: { type: 'string' } }, allowPositionals: false });
let kept: ChainHead | undefined;
if (values.kept !== undefined) {
	const match = /^(\d+):([0-9a-f]{64})$/.exec(values.kept.trim());
	if (!match) {
		console.error('--kept takes the "<seq>:<hash>" printed by an earlier run, e.g. --kept 1234:9f2c…(64 hex digits).');
		process.exit(64);
	}
	kept = { seq: Number(match[1]), hash: match[2] };
}

const env = { DATABASE_URL: process.env.DATABASE_URL, ANJU_DATA_DIR: process.env.ANJU_DATA_DIR, ANJU_KEY_FILE: process.env.ANJU_KEY_FILE };
let db: Db | undefined;
try {
	const { keys } = loadKeys(env, path.resolve(env.ANJU_DATA_DIR || './data'), { mayCreate: false });
	db = createDb(env, { keys });
	await assertReachable(db, env);
	// a wrong key file would report row 1 as broken; say what is actually wrong
	const known = await getRaw(db, 'key_fingerprint');
	if (known && known !== JSON.stringify(keys.fingerprint)) {
		throw new StartupError('The key file does not belong to this database: use the keys.json (or ANJU_KEY_FILE) the server uses.');
	}
	const check = await verifyAuditChain(db, kept);
	if (check.ok) {
		console.log(`Audit log intact: ${check.rows} rows checked.`);
		if (check.last) {
			console.log(`Newest row: ${check.last.seq}:${check.last.hash}`);
			console.log('Keep that line outside the database; `npm run audit:verify -- --kept <it>` later also detects rows cut off the end.');
		}
		process.exitCode = 0;
	} else {
		console.error(`Audit log BROKEN at row ${check.brokenAt}: ${check.reason}. Rows after it cannot be trusted; restore from a backup and investigate.`);
		process.exitCode = 1;
	}
} catch (error) {
	console.error(error instanceof StartupError ? error.message : `Cannot check the audit log: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 2;
} finally {
	await db?.destroy();
}
