import { hash, verify } from '@node-rs/argon2';

// Argon2id (the library's default algorithm; its const enum cannot be imported under
// verbatimModuleSyntax) with the OWASP minimum: 19 MiB, 2 passes, 1 lane. A test checks the
// parameters in the encoded hash.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// A hash of a random value, verified against when the account does not exist, so an unknown
// e-mail costs the same time as a wrong password.
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(crypto.randomUUID());
	return dummy;
}
