import crypto from 'node:crypto';
import { ulid } from 'ulid';
import { toAsciiDigits } from '$lib/domain/digits';

// ulid's default source draws one random byte per character through its own crypto call (16 per
// id, a measurable share of a submission's time); this one draws the same bytes from the same
// CSPRNG 4 KiB at a time.
const pool = new Uint8Array(4096);
let poolIndex = pool.length;
function pooledRandom(): number {
	if (poolIndex === pool.length) {
		crypto.randomFillSync(pool);
		poolIndex = 0;
	}
	return pool[poolIndex++] / 256;
}

/** Sortable random id (ULID) for every row. */
export function newId(): string {
	return ulid(undefined, pooledRandom);
}

// No I, O, 0 or 1: a reference read out over the phone or copied from paper is never ambiguous.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomFrom(alphabet: string, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[crypto.randomInt(alphabet.length)];
	return out;
}

/** e.g. "JB-7KQ4-M2XD": prefix per kind, 8 random characters (40 bits). */
export function newReference(prefix: 'JB' | 'HR'): string {
	const body = randomFrom(ALPHABET, 8);
	return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
}

/** 8 characters from the same alphabet (40 bits); only its hash is stored. */
export function newAccessCode(): string {
	return randomFrom(ALPHABET, 8);
}

// Digits and letters as people type them (Arabic-Indic, Urdu, Thai, full-width) count as ASCII.
export function normaliseReference(input: string): string {
	const compact = toAsciiDigits(input)
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '');
	return compact.length === 10 ? `${compact.slice(0, 2)}-${compact.slice(2, 6)}-${compact.slice(6)}` : compact;
}

export function normaliseAccessCode(input: string): string {
	return toAsciiDigits(input)
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '');
}
