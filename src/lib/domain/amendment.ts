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

/** A value cut in three: what it shares with the other value at the start, what differs, what it shares at the end. */
export type Marked = [head: string, changed: string, tail: string];

/**
 * Two values with their differing middles apart, so a page can mark exactly what changed
 * (`E1234567` → `E7654321`: `E` is kept, the digits are marked). Cut between characters, never
 * inside one.
 */
export function markDifference(before: string, after: string): { before: Marked; after: Marked } {
	const a = Array.from(before);
	const b = Array.from(after);
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
	const cut = (chars: string[]): Marked => [chars.slice(0, head).join(''), chars.slice(head, chars.length - tail).join(''), chars.slice(chars.length - tail).join('')];
	return { before: cut(a), after: cut(b) };
}
