// `npm run db:migrate`: apply every pending migration to the database named by DATABASE_URL
// (PostgreSQL) or to $ANJU_DATA_DIR/anju.sqlite. Start-up does the same; this is for deploys
// that migrate before switching traffic.
import { assertReachable, kindOf, migrateToLatest, openKysely, StartupError } from '../src/lib/server/db/index';

const env = { DATABASE_URL: process.env.DATABASE_URL, ANJU_DATA_DIR: process.env.ANJU_DATA_DIR };
try {
	const db = openKysely(env);
	await assertReachable(db, env);
	const applied = await migrateToLatest(db, kindOf(env));
	console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
	await db.destroy();
} catch (error) {
	console.error(error instanceof StartupError ? error.message : `Migration failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
