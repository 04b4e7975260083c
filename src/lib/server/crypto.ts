import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from './db';

// Keys for personal data at rest (AES-256-GCM, a key id per record), the blind index (HMAC-SHA-256)
// and receipt signatures (Ed25519). Kept in one JSON file outside the database so a stolen
// database alone reveals nothing.

export interface KeyFile {
	version: 1;
	current: string;
	encryption: { id: string; key: string; createdAt: string }[];
	blindIndexKey: string;
	signing: { privateKey: string; publicKey: string };
}

export interface Keys {
	currentId: string;
	encryption: Map<string, Buffer>;
	blindIndexKey: Buffer;
	signingPrivate: crypto.KeyObject;
	signingPublic: crypto.KeyObject;
	/** Short fingerprint of the blind-index key, to notice a database started with the wrong keys. */
	fingerprint: string;
	/**
	 * Set by watchKeyFile: re-reads the key file now (true when it brought new keys). Decryption
	 * calls it on meeting a key id it does not know, e.g. a record another thread or process
	 * encrypted with a key rotated in moments ago.
	 */
	reload?: () => boolean;
}

export function newKeyId(): string {
	return 'k' + new Date().toISOString().slice(0, 10).replaceAll('-', '') + crypto.randomBytes(3).toString('hex');
}

export function generateKeyFile(): KeyFile {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
	const id = newKeyId();
	return {
		version: 1,
		current: id,
		encryption: [{ id, key: crypto.randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }],
		blindIndexKey: crypto.randomBytes(32).toString('base64'),
		signing: {
			privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
			publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString()
		}
	};
}

export function parseKeyFile(file: KeyFile): Keys {
	const encryption = new Map(file.encryption.map((k) => [k.id, Buffer.from(k.key, 'base64')]));
	if (!encryption.has(file.current)) throw new Error('the current key id is not among the encryption keys');
	for (const [id, key] of encryption) if (key.length !== 32) throw new Error(`key ${id} is not 256 bits`);
	const blindIndexKey = Buffer.from(file.blindIndexKey, 'base64');
	return {
		currentId: file.current,
		encryption,
		blindIndexKey,
		signingPrivate: crypto.createPrivateKey(file.signing.privateKey),
		signingPublic: crypto.createPublicKey(file.signing.publicKey),
		fingerprint: crypto.createHash('sha256').update(blindIndexKey).digest('hex').slice(0, 16)
	};
}

/**
 * Replaces the key file atomically and durably: the new content is on disk before the rename,
 * and the rename is on disk before this returns (records encrypted with a new key must never
 * outlive the key after a power cut).
 */
export function writeKeyFile(file: string, keys: KeyFile): void {
	const tmp = `${file}.${process.pid}.tmp`;
	const fd = fs.openSync(tmp, 'w', 0o600);
	try {
		fs.writeFileSync(fd, JSON.stringify(keys, null, 2) + '\n');
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
	fs.renameSync(tmp, file);
	const dir = fs.openSync(path.dirname(file), 'r');
	try {
		fs.fsyncSync(dir);
	} finally {
		fs.closeSync(dir);
	}
}

/** Loads ANJU_KEY_FILE, or the data dir's keys.json, generating the latter on first start (unless `mayCreate` is false). */
export function loadKeys(env: { ANJU_KEY_FILE?: string }, dataDir: string, opts: { mayCreate?: boolean } = {}): { keys: Keys; file: string; created: boolean } {
	const explicit = env.ANJU_KEY_FILE;
	const file = explicit ? path.resolve(explicit) : path.join(dataDir, 'keys.json');
	let created = false;
	if (!fs.existsSync(file)) {
		if (explicit) throw new StartupError(`ANJU_KEY_FILE ${file} does not exist: restore the key file or unset ANJU_KEY_FILE to generate new keys in the data directory.`);
		// new keys for a database that already holds data would make all of it unreadable
		if (opts.mayCreate === false)
			throw new StartupError(
				`The key file ${file} is missing, and the database holds data encrypted with it: restore keys.json from the backup (npm run restore brings both back), or set ANJU_KEY_FILE.`
			);
		writeKeyFile(file, generateKeyFile());
		created = true;
	}
	try {
		return { keys: parseKeyFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile), file, created };
	} catch (error) {
		throw new StartupError(`The key file ${file} cannot be read (${error instanceof Error ? error.message : error}): restore it from the backup.`);
	}
}

/** AES-256-GCM; `aad` binds the ciphertext to where it is stored, so it cannot be moved to another record. */
export function encrypt(keys: Keys, plaintext: string | Buffer, aad = ''): string {
	const iv = crypto.randomBytes(12);
	const cipher = crypto.createCipheriv('aes-256-gcm', keys.encryption.get(keys.currentId)!, iv);
	cipher.setAAD(Buffer.from(aad));
	const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
	return `v1.${keys.currentId}.${Buffer.concat([iv, body]).toString('base64')}`;
}

export function decryptBuffer(keys: Keys, value: string, aad = ''): Buffer {
	const [version, keyId, payload] = value.split('.');
	let key = keys.encryption.get(keyId);
	if (!key && keys.reload?.()) key = keys.encryption.get(keyId);
	if (version !== 'v1' || !key || !payload) throw new Error(`cannot decrypt: unknown key ${keyId}`);
	const raw = Buffer.from(payload, 'base64');
	const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
	decipher.setAAD(Buffer.from(aad));
	decipher.setAuthTag(raw.subarray(raw.length - 16));
	return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
}

export function decrypt(keys: Keys, value: string, aad = ''): string {
	return decryptBuffer(keys, value, aad).toString('utf8');
}

export function encryptJson(keys: Keys, value: unknown, aad = ''): string {
	return encrypt(keys, JSON.stringify(value), aad);
}

export function decryptJson<T>(keys: Keys, value: string, aad = ''): T {
	return JSON.parse(decrypt(keys, value, aad)) as T;
}

export function keyIdOf(value: string): string {
	return value.split('.')[1] ?? '';
}

/** Keyed HMAC for exact look-up of personal values without decrypting them. */
export function blindIndex(keys: Keys, purpose: string, ...parts: string[]): string {
	const normalised = parts.map((p) =>
		p
			.normalize('NFKC')
			.toUpperCase()
			.replace(/[\s<-]+/g, '')
	);
	return crypto
		.createHmac('sha256', keys.blindIndexKey)
		.update(`${purpose}\u0000${normalised.join('\u0000')}`)
		.digest('base64url');
}

/** A keyed hash of exact text (no normalising, unlike blindIndex): e.g. the body an Idempotency-Key came with. */
export function keyedHash(keys: Keys, purpose: string, text: string): string {
	return crypto.createHmac('sha256', keys.blindIndexKey).update(`${purpose}\u0000${text}`).digest('base64url');
}

export function sha256(value: string): string {
	return crypto.createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
	return crypto.randomBytes(bytes).toString('base64url');
}

export function sign(keys: Keys, payload: string): string {
	return crypto.sign(null, Buffer.from(payload), keys.signingPrivate).toString('base64url');
}

export function verifySignature(keys: Keys, payload: string, signature: string): boolean {
	try {
		return crypto.verify(null, Buffer.from(payload), keys.signingPublic, Buffer.from(signature, 'base64url'));
	} catch {
		return false;
	}
}

/** Constant-time comparison of two hex/base64 digests. */
export function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}
