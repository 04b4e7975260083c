// Recognises a passport reader's keyboard burst: two lines of 44 MRZ characters (A–Z, 0–9, <),
// each ended by Enter, with the keys close together. Readers send the 90 keys within a second;
// the limits leave room for a busy kiosk that delivers them late (2 s in all, 250 ms between keys).
// A person typing 90 characters needs ten seconds or more, so what they type is never taken for
// the reader.

const MRZ_CHAR = /^[A-Z0-9<]$/;
export const LINE_LENGTH = 44;
/** Longest pause between two keys of one burst. */
export const MAX_GAP_MS = 250;
/** Longest time from the first character to the second Enter. */
export const MAX_BURST_MS = 2000;

export type BurstOutcome =
	| { kind: 'none' }
	| { kind: 'start' }
	| { kind: 'char' }
	/** The first line is complete: its Enter must not reach the page. */
	| { kind: 'line' }
	| { kind: 'done'; mrz: string };

export class MrzBurst {
	private lines: string[] = [];
	private current = '';
	private startedAt = 0;
	private lastAt = -Infinity;

	private reset(): void {
		this.lines = [];
		this.current = '';
	}

	key(key: string, at: number): BurstOutcome {
		const fresh = at - this.lastAt > MAX_GAP_MS;
		this.lastAt = at;
		if (fresh) this.reset();
		if (key === 'Enter') {
			if (this.current.length !== LINE_LENGTH || at - this.startedAt > MAX_BURST_MS) {
				this.reset();
				return { kind: 'none' };
			}
			this.lines.push(this.current);
			this.current = '';
			if (this.lines.length < 2) return { kind: 'line' };
			const mrz = this.lines.join('\n');
			this.reset();
			this.lastAt = -Infinity;
			return { kind: 'done', mrz };
		}
		if (!MRZ_CHAR.test(key.length === 1 ? key.toUpperCase() : key) || this.current.length >= LINE_LENGTH) {
			this.reset();
			return { kind: 'none' };
		}
		const start = this.lines.length === 0 && this.current === '';
		if (start) this.startedAt = at;
		this.current += key.toUpperCase();
		return start ? { kind: 'start' } : { kind: 'char' };
	}
}
