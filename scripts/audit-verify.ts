// `npm run audit:verify`: walks the hash chain of the audit log and names the first broken row.
// Exit code 0 when intact, 1 when broken, 2 when the database cannot be read.
import { assertReachable, createDb, StartupError } from '../src/lib/server/db/index';
import { verifyAuditChain } from '../src/lib/server/audit';

const env = { DATABASE_URL: process.env.DATABASE_URL, ANJU_DATA_DIR: process.env.ANJU_DATA_DIR };
const db = createDb(env);
try {
	await assertReachable(db, env);
	const check = await verifyAuditChain(db);
	if (check.ok) {
		console.log(`Audit log intact: ${check.rows} rows checked.`);
		process.exitCode = 0;
	} else {
		console.error(`Audit log BROKEN at row ${check.brokenAt}: ${check.reason}. Rows after it cannot be trusted; restore from a backup and investigate.`);
		process.exitCode = 1;
	}
} catch (error) {
	console.error(error instanceof StartupError ? error.message : `Cannot check the audit log: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 2;
} finally {
	await db.destroy();
}
