// `npx tsx scripts/bench-claims.ts`: claim throughput. Creates 1,000 open interpreter tasks on a
// fresh database (SQLite in a temp dir, or PostgreSQL when DATABASE_URL is postgres://…), then has
// volunteers claim them through claimTask (the same conditional UPDATE the task board runs):
//   - uncontested: CONCURRENCY claimers work through the tasks, one claim per task;
//   - contested:   every task is claimed by RACERS volunteers at once (exactly one may win).
// Prints claims per second (successful claims / wall time) for each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/lib/server/app';
import { claimTask } from '../src/lib/server/help-claims';
import { createHelpRequest } from '../src/lib/server/help-requests';
import { createUser } from '../src/lib/server/users';

const TASKS = Number(process.env.BENCH_TASKS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const RACERS = Number(process.env.BENCH_RACERS ?? 5);

async function main(): Promise<void> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-bench-claims-'));
	const app = await createApp({ ANJU_DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL, ANJU_DEMO: '0' });
	const kind = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgresql' : 'sqlite';
	try {
		const volunteers = [];
		for (let i = 0; i < Math.max(CONCURRENCY, RACERS); i++) {
			volunteers.push(await app.db.write((tx) => createUser(tx, { email: `bench-${i}@example.org`, name: `B${i}`, role: 'volunteer', languages: [{ lang: 'en', level: 'fluent' }] })));
		}
		const makeTasks = async () => {
			const ids: string[] = [];
			for (let i = 0; i < TASKS; i++) {
				// phone contact only: no resident mail is composed, so the run measures the claim itself
				const r = await createHelpRequest(app.db, { language: 'en', topic: 'registration', channel: 'phone', contact: { phone: '13812345678' } });
				if (!r.ok) throw new Error('could not create a task');
				ids.push(r.id);
			}
			return ids;
		};

		const uncontested = await makeTasks();
		let next = 0;
		let won = 0;
		let started = performance.now();
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async (_, w) => {
				while (next < uncontested.length) {
					const id = uncontested[next++];
					if ((await claimTask(app.db, id, volunteers[w].id)).ok) won++;
				}
			})
		);
		let seconds = (performance.now() - started) / 1000;
		console.log(`${kind} uncontested: ${won} claims in ${seconds.toFixed(2)} s = ${Math.round(won / seconds)} claims/s (${CONCURRENCY} concurrent claimers)`);

		const contested = await makeTasks();
		next = 0;
		won = 0;
		let lost = 0;
		started = performance.now();
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (next < contested.length) {
					const id = contested[next++];
					const results = await Promise.all(volunteers.slice(0, RACERS).map((v) => claimTask(app.db, id, v.id)));
					const winners = results.filter((r) => r.ok).length;
					if (winners !== 1) throw new Error(`task ${id}: ${winners} winners`);
					won += winners;
					lost += results.length - winners;
				}
			})
		);
		seconds = (performance.now() - started) / 1000;
		console.log(
			`${kind} contested: ${won} tasks won (${lost} attempts lost) in ${seconds.toFixed(2)} s = ${Math.round(won / seconds)} tasks/s, ${Math.round((won + lost) / seconds)} claim attempts/s (${RACERS} racers per task)`
		);
	} finally {
		await app.db.destroy();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
