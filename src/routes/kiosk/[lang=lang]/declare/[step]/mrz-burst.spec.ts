import { describe, expect, it } from 'vitest';
import { buildTd3 } from '$lib/domain/mrz';
import { MrzBurst, type BurstOutcome } from './mrz-burst';

const MRZ = buildTd3({ issuingState: 'FRA', surname: 'DUPONT', givenNames: 'MARIE', documentNumber: '19FR12345', nationality: 'FRA', dateOfBirth: '1990-04-02', sex: 'F', expiryDate: '2031-05-01' });

/** Feeds the two lines, each with Enter, `gap` ms apart; the outcome of every key. */
function feed(burst: MrzBurst, mrz: string, gap: number, t0 = 1000): BurstOutcome[] {
	const keys = [...mrz.split('\n')[0], 'Enter', ...mrz.split('\n')[1], 'Enter'];
	return keys.map((key, i) => burst.key(key, t0 + i * gap));
}

describe('passport reader bursts', () => {
	it('recognises two 44-character lines with Enter, arriving within a second (or a little late)', () => {
		const outcomes = feed(new MrzBurst(), MRZ, 5);
		expect(feed(new MrzBurst(), MRZ, 20).at(-1)).toEqual({ kind: 'done', mrz: MRZ });
		expect(outcomes[0]).toEqual({ kind: 'start' });
		expect(outcomes[44]).toEqual({ kind: 'line' });
		expect(outcomes.at(-1)).toEqual({ kind: 'done', mrz: MRZ });
	});

	it('takes a person typing for typing: too slow between keys, or the whole too long', () => {
		expect(feed(new MrzBurst(), MRZ, 300).some((o) => o.kind === 'done')).toBe(false);
		// 90 keys at 30 ms: each gap is short, but the burst takes longer than two seconds
		expect(feed(new MrzBurst(), MRZ, 30).some((o) => o.kind === 'done')).toBe(false);
	});

	it('ignores lines of another length or with other characters, and recovers for the next burst', () => {
		const burst = new MrzBurst();
		expect(
			feed(
				burst,
				MRZ.replace('<', 'a<').replace(/\n.*/, (l) => l.slice(0, -1)),
				5
			).some((o) => o.kind === 'done')
		).toBe(false);
		expect(feed(burst, MRZ.replace('P', 'P '), 5).some((o) => o.kind === 'done')).toBe(false);
		expect(feed(burst, MRZ, 5, 100_000).at(-1)).toEqual({ kind: 'done', mrz: MRZ });
	});
});
