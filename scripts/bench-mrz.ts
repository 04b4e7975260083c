// `npm run bench:mrz`: the MRZ reader over the generated corpus (scripts/mrz-corpus.ts), through
// the built server's POST /api/v1/uploads with read=mrz, one photo at a time (SQLite).
// Prints accuracy (both lines exact, line 2 exact, valid, valid with a wrong line 2, which must be
// 0, photos without an MRZ answered null) and p50/p95 per photo including the upload, with the
// machine's load average (other work on the machine slows the figures).
// BENCH_MRZ_SHOW=1 also prints each photo read wrong, expected against read, line by line (the
// corpus is synthetic: no one's data).
//   BENCH_MRZ_PHOTOS=40 BENCH_MRZ_SEED=17 npm run bench:mrz
import os from 'node:os';
import { corpusPhoto, type CorpusPhoto } from './mrz-corpus';
import { startServer } from '../tests/integration/server';

const COUNT = Number(process.env.BENCH_MRZ_PHOTOS ?? 40);
const SEED = Number(process.env.BENCH_MRZ_SEED ?? 17);
const SHOW = process.env.BENCH_MRZ_SHOW === '1';

type Answer = { id: string; mrz: { lines: [string, string]; valid: boolean } | null };

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
	const photos: CorpusPhoto[] = [];
	for (let i = 0; i < COUNT; i++) photos.push(await corpusPhoto(SEED, i));
	const server = await startServer('sqlite', { ANJU_MRZ_WORKERS: '1' });
	const upload = async (jpeg: Buffer): Promise<Answer> => {
		const form = new FormData();
		form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'page.jpg');
		form.append('read', 'mrz');
		const res = await fetch(`${server.url}/api/v1/uploads`, { method: 'POST', body: form });
		if (res.status !== 201) throw new Error(`upload answered ${res.status}`);
		return (await res.json()) as Answer;
	};
	try {
		await upload(photos[0].jpeg); // warm-up: starts the worker and loads Tesseract
		const loadBefore = os.loadavg();
		const times: number[] = [];
		let withMrz = 0,
			exact = 0,
			line2 = 0,
			valid = 0,
			validWrong = 0,
			without = 0,
			nullWithout = 0,
			falseFound = 0;
		for (const photo of photos) {
			const t0 = performance.now();
			const answer = await upload(photo.jpeg);
			times.push(performance.now() - t0);
			if (!photo.truth) {
				without++;
				if (answer.mrz === null) nullWithout++;
				else if (answer.mrz.valid) falseFound++;
				continue;
			}
			withMrz++;
			const [l1, l2] = photo.truth.lines;
			if (answer.mrz?.lines[1] === l2) line2++;
			if (answer.mrz?.lines[0] === l1 && answer.mrz?.lines[1] === l2) exact++;
			if (answer.mrz?.valid) {
				valid++;
				if (answer.mrz.lines[1] !== l2) validWrong++;
			}
			if (SHOW && (answer.mrz?.lines[0] !== l1 || answer.mrz?.lines[1] !== l2)) {
				console.log(`photo ${photo.index} (${photo.width} px, ${photo.angle.toFixed(1)}°), valid: ${answer.mrz?.valid ?? null}`);
				for (const [k, line] of [l1, l2].entries()) if (answer.mrz?.lines[k] !== line) console.log(`  line ${k + 1} expected ${line}\n         read     ${answer.mrz?.lines[k] ?? '(none)'}`);
			}
		}
		const sorted = [...times].sort((a, b) => a - b);
		const pct = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)} %)`;
		console.log(`MRZ bench: ${COUNT} photos (seed ${SEED}), one at a time, ${os.availableParallelism()} cores`);
		console.log(`  both lines exact   ${pct(exact, withMrz)}`);
		console.log(`  line 2 exact       ${pct(line2, withMrz)}`);
		console.log(`  valid              ${pct(valid, withMrz)}`);
		console.log(`  valid, wrong line 2 ${validWrong}`);
		console.log(`  no MRZ → null      ${pct(nullWithout, without)} (valid on a photo without one: ${falseFound})`);
		console.log(`  per photo incl. upload: p50 ${Math.round(percentile(sorted, 50))} ms, p95 ${Math.round(percentile(sorted, 95))} ms, max ${Math.round(sorted[sorted.length - 1])} ms`);
		console.log(
			`  load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after ${os
				.loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`
		);
		if (validWrong > 0 || falseFound > 0) process.exitCode = 1;
	} finally {
		await server.cleanup();
	}
}

await main();
