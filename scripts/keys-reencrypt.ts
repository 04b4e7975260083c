// `npm run keys:reencrypt`: moves every encrypted value to the current key, in batches, while
// the app runs. Safe to stop and run again. Says which old keys are no longer used.
import path from 'node:path';
import { assertReachable, createDb, StartupError } from '../src/lib/server/db/index';
import { loadKeys } from '../src/lib/server/crypto';
import { keyUsage, reencryptAll } from '../src/lib/server/key-rotation';

const env = { DATABASE_URL: process.env.DATABASE_URL, ANJU_DATA_DIR: process.env.ANJU_DATA_DIR, ANJU_KEY_FILE: process.env.ANJU_KEY_FILE };
try {
	const dataDir = path.resolve(env.ANJU_DATA_DIR || './data');
	const { keys } = loadKeys(env, dataDir, { mayCreate: false });
	const db = createDb(env, { keys });
	await assertReachable(db, env);
	const report = await reencryptAll(db);
	const moved = Object.entries(report).filter(([, n]) => n > 0);
	console.log(moved.length ? `Re-encrypted with key ${keys.currentId}: ${moved.map(([c, n]) => `${c} ${n}`).join(', ')}.` : `Everything already uses key ${keys.currentId}.`);
	const usage = await keyUsage(db);
	const unused = [...keys.encryption.keys()].filter((id) => id !== keys.currentId && !usage[id]);
	const still = Object.entries(usage).filter(([id]) => id !== keys.currentId);
	if (still.length) console.log(`Still under older keys (written meanwhile, or under a key the file lacks): ${still.map(([id, n]) => `${id} ${n}`).join(', ')}; run this again.`);
	if (unused.length) console.log(`No record uses ${unused.join(', ')} any more; keep them in the key file while backups made before now may be restored.`);
	await db.destroy();
} catch (error) {
	console.error(error instanceof StartupError ? error.message : `Re-encryption failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
