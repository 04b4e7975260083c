import type { DeclarationInput } from './declaration';

// What a resident's correction changed: every answer whose value differs between two versions of
// a declaration, with both values, and the part of a value that changed (for marking). Pure.

/** One answer a correction changed; null where the answer was not given. */
export interface FieldChange {
	/** `section.field`, e.g. `document.number`. */
	path: string;
	before: string | null;
	after: string | null;
}

const SECTIONS = ['person', 'document', 'stay', 'accommodation', 'host', 'guardian', 'contact'] as const;

function scalar(value: unknown): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

/** Every answer that differs between `before` and `after`, section by section in the form's order. */
export function changedFields(before: DeclarationInput, after: DeclarationInput): FieldChange[] {
	const changes: FieldChange[] = [];
	for (const section of SECTIONS) {
		const b = (before[section] ?? {}) as Record<string, unknown>;
		const a = (after[section] ?? {}) as Record<string, unknown>;
		for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
			const was = scalar(b[field]);
			const is = scalar(a[field]);
			if (was !== is) changes.push({ path: `${section}.${field}`, before: was, after: is });
		}
	}
	return changes;
}

/** A run of a value's characters, changed or kept. */
export interface Segment {
	text: string;
	changed: boolean;
}

function runs(chars: string[], changed: (i: number) => boolean): Segment[] {
	const out: Segment[] = [];
	chars.forEach((c, i) => {
		const last = out.at(-1);
		if (last && last.changed === changed(i)) last.text += c;
		else out.push({ text: c, changed: changed(i) });
	});
	return out;
}

/**
 * Two values as runs of kept and changed characters, so a page can mark exactly what changed.
 * Values of one length (a date, a number of fixed width, a machine-readable line) are compared
 * position by position (`2026-11-28` → `2027-09-17` marks 6, 11 and 28); others keep their
 * common start and end (`Room 12` → `Room 1202` marks 02). Never cut inside a character.
 */
export function markDifference(before: string, after: string): { before: Segment[]; after: Segment[] } {
	const a = Array.from(before);
	const b = Array.from(after);
	if (a.length === b.length) return { before: runs(a, (i) => a[i] !== b[i]), after: runs(b, (i) => a[i] !== b[i]) };
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const middle = (chars: string[]) => (i: number) => i >= head && i < chars.length - tail;
	return { before: runs(a, middle(a)), after: runs(b, middle(b)) };
}
