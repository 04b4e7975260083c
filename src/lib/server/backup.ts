import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import SQLite from 'better-sqlite3';
import { parseKeyFile, type KeyFile } from './crypto';

// Encrypted backups of a SQLite install: the database (copied online with SQLite's backup API,
// so it is one consistent state while the app keeps writing) and the key file it needs, in one
// file sealed with a passphrase (scrypt → AES-256-GCM). Restoring writes into an empty data dir
// only, through a staging dir next to it, so a bad file or a wrong passphrase leaves nothing.
//
// File: "ANJUBAK1" · uint16 header length · header JSON (kdf parameters, iv, passphrase check)
//       · ciphertext of gzip(entries) · 16-byte GCM tag. Entry: uint16 name length · name ·
//       uint64 size · bytes. Entries: manifest.json, anju.sqlite, keys.json.

const MAGIC = Buffer.from('ANJUBAK1');
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const MIN_PASSPHRASE = 12;
/** The most pages one backup step can copy (sqlite3_backup_step's int): "the rest" for any real database. */
const ALL_PAGES = 0x7fffffff;

/** A problem the operator can fix; the message is the one line printed. */
export class BackupError extends Error {}

interface Header {
	kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
	iv: string;
	/** HMAC of a fixed string under the derived key: tells a wrong passphrase from a damaged file. */
	check: string;
}

interface Manifest {
	version: 1;
	createdAt: string;
	files: { name: string; size: number; sha256: string }[];
}

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Buffer {
	return crypto.scryptSync(passphrase.normalize('NFKC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: SCRYPT.maxmem });
}

function checkValue(key: Buffer): string {
	return crypto.createHmac('sha256', key).update('anju-backup-passphrase-check').digest('base64');
}

async function sha256File(file: string): Promise<string> {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

function entryHeader(name: string, size: number): Buffer {
	const n = Buffer.from(name);
	const out = Buffer.alloc(2 + n.length + 8);
	out.writeUInt16BE(n.length, 0);
	n.copy(out, 2);
	out.writeBigUInt64BE(BigInt(size), 2 + n.length);
	return out;
}

export interface BackupResult {
	file: string;
	bytes: number;
	databaseBytes: number;
}

/** Backs up `dataDir`'s anju.sqlite and `keyFile` into `out` (which must not exist yet). */
export async function createBackup(opts: { dataDir: string; keyFile: string; out: string; passphrase: string }): Promise<BackupResult> {
	const dbFile = path.join(opts.dataDir, 'anju.sqlite');
	if (opts.passphrase.length < MIN_PASSPHRASE) throw new BackupError(`The passphrase must have at least ${MIN_PASSPHRASE} characters.`);
	if (!fs.existsSync(dbFile)) throw new BackupError(`There is no database at ${dbFile}: set ANJU_DATA_DIR to the data directory.`);
	if (!fs.existsSync(opts.keyFile)) throw new BackupError(`The key file ${opts.keyFile} is missing: without it the backup could not be read.`);
	if (fs.existsSync(opts.out)) throw new BackupError(`${opts.out} already exists: choose a new file name.`);

	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-backup-'));
	const partial = `${opts.out}.partial`;
	try {
		const copy = path.join(scratch, 'anju.sqlite');
		const source = new SQLite(dbFile, { readonly: true, fileMustExist: true });
		try {
			// better-sqlite3's first step copies no pages (it only learns the size); each later step
			// copies as many pages as `progress` last returned (capped at 0x7fffffff). A write by
			// another connection between two steps restarts the copy from the first page, so under
			// steady load a page-by-page copy might never finish: ask for everything in one step,
			// which holds a read transaction for that step and so copies one consistent state
			await source.backup(copy, { progress: () => ALL_PAGES });
		} finally {
			source.close();
		}
		const keyCopy = path.join(scratch, 'keys.json');
		fs.copyFileSync(opts.keyFile, keyCopy);
		parseKeyFile(JSON.parse(fs.readFileSync(keyCopy, 'utf8')) as KeyFile);

		const files = [
			{ name: 'anju.sqlite', path: copy },
			{ name: 'keys.json', path: keyCopy }
		];
		const manifest: Manifest = {
			version: 1,
			createdAt: new Date().toISOString(),
			files: await Promise.all(files.map(async (f) => ({ name: f.name, size: fs.statSync(f.path).size, sha256: await sha256File(f.path) })))
		};
		const manifestBytes = Buffer.from(JSON.stringify(manifest));

		const salt = crypto.randomBytes(16);
		const iv = crypto.randomBytes(12);
		const key = deriveKey(opts.passphrase, salt, SCRYPT);
		const header: Header = { kdf: { name: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64') }, iv: iv.toString('base64'), check: checkValue(key) };
		const headerBytes = Buffer.from(JSON.stringify(header));
		const prefix = Buffer.alloc(MAGIC.length + 2);
		MAGIC.copy(prefix);
		prefix.writeUInt16BE(headerBytes.length, MAGIC.length);

		const out = fs.createWriteStream(partial, { mode: 0o600 });
		out.write(Buffer.concat([prefix, headerBytes]));
		const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
		cipher.setAAD(headerBytes);
		async function* entries() {
			yield entryHeader('manifest.json', manifestBytes.length);
			yield manifestBytes;
			for (const f of files) {
				yield entryHeader(f.name, fs.statSync(f.path).size);
				for await (const chunk of fs.createReadStream(f.path)) yield chunk as Buffer;
			}
		}
		await pipeline(entries, zlib.createGzip(), cipher, out, { end: false });
		out.end(cipher.getAuthTag());
		await once(out, 'finish');
		fs.renameSync(partial, opts.out);
		return { file: opts.out, bytes: fs.statSync(opts.out).size, databaseBytes: manifest.files[0].size };
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
		fs.rmSync(partial, { force: true });
	}
}

/** Reads exact byte counts from an async stream of chunks. */
class ByteReader {
	private buffer: Buffer = Buffer.alloc(0);
	private done = false;
	constructor(private readonly source: AsyncIterator<Buffer>) {}

	private async fill(n: number): Promise<void> {
		while (this.buffer.length < n && !this.done) {
			const next = await this.source.next();
			if (next.done) this.done = true;
			else this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value;
		}
	}

	async atEnd(): Promise<boolean> {
		await this.fill(1);
		return this.buffer.length === 0;
	}

	async exact(n: number): Promise<Buffer> {
		await this.fill(n);
		if (this.buffer.length < n) throw new BackupError('The backup file is damaged or truncated.');
		const out = this.buffer.subarray(0, n);
		this.buffer = this.buffer.subarray(n);
		return out;
	}

	async *chunks(n: number): AsyncGenerator<Buffer> {
		let left = n;
		while (left > 0) {
			if (this.buffer.length === 0) await this.fill(1);
			if (this.buffer.length === 0) throw new BackupError('The backup file is damaged or truncated.');
			const take = Math.min(left, this.buffer.length);
			yield this.buffer.subarray(0, take);
			this.buffer = this.buffer.subarray(take);
			left -= take;
		}
	}
}

function readHeader(file: string): { header: Header; headerBytes: Buffer; bodyStart: number; tag: Buffer; size: number } {
	const damaged = new BackupError(`${file} is not an Anju backup, or it is damaged.`);
	const size = fs.statSync(file).size;
	const fd = fs.openSync(file, 'r');
	try {
		const prefix = Buffer.alloc(MAGIC.length + 2);
		if (fs.readSync(fd, prefix, 0, prefix.length, 0) !== prefix.length || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged;
		const headerLength = prefix.readUInt16BE(MAGIC.length);
		const bodyStart = prefix.length + headerLength;
		if (size < bodyStart + 16) throw damaged;
		const headerBytes = Buffer.alloc(headerLength);
		fs.readSync(fd, headerBytes, 0, headerLength, prefix.length);
		const tag = Buffer.alloc(16);
		fs.readSync(fd, tag, 0, 16, size - 16);
		let header: Header;
		try {
			header = JSON.parse(headerBytes.toString('utf8')) as Header;
		} catch {
			throw damaged;
		}
		if (header?.kdf?.name !== 'scrypt' || typeof header.iv !== 'string' || typeof header.check !== 'string') throw damaged;
		return { header, headerBytes, bodyStart, tag, size };
	} finally {
		fs.closeSync(fd);
	}
}

function isEmptyDir(dir: string): boolean {
	return !fs.existsSync(dir) || (fs.statSync(dir).isDirectory() && fs.readdirSync(dir).length === 0);
}

export interface RestoreResult {
	dataDir: string;
	keyFile: string;
	createdAt: string;
	declarations: number;
}

/**
 * Restores `file` into `dataDir`, which must be empty or absent; the key file goes to `keyFile`
 * (default: the data dir's keys.json), which must not exist. Nothing is written in either place
 * unless the whole file decrypts, its checksums hold and the database passes SQLite's check.
 */
export async function restoreBackup(opts: { file: string; dataDir: string; keyFile?: string; passphrase: string }): Promise<RestoreResult> {
	const dataDir = path.resolve(opts.dataDir);
	const keyFile = path.resolve(opts.keyFile ?? path.join(dataDir, 'keys.json'));
	if (!fs.existsSync(opts.file)) throw new BackupError(`${opts.file} does not exist.`);
	if (!isEmptyDir(dataDir)) throw new BackupError(`${dataDir} is not empty: restore only into an empty data directory (move the current one aside first).`);
	if (fs.existsSync(keyFile)) throw new BackupError(`The key file ${keyFile} already exists: move it aside first.`);
	const { header, headerBytes, bodyStart, tag, size } = readHeader(opts.file);
	const key = deriveKey(opts.passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf);
	if (!crypto.timingSafeEqual(Buffer.from(checkValue(key)), Buffer.from(header.check))) throw new BackupError('Wrong passphrase for this backup.');

	const staging = fs.mkdtempSync(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.restore-`));
	try {
		const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
		decipher.setAAD(headerBytes);
		decipher.setAuthTag(tag);
		let manifest: Manifest | undefined;
		const written: { name: string; size: number; sha256: string }[] = [];
		try {
			await pipeline(fs.createReadStream(opts.file, { start: bodyStart, end: size - 17 }), decipher, zlib.createGunzip(), async (source: AsyncIterable<Buffer>) => {
				const reader = new ByteReader(source[Symbol.asyncIterator]());
				while (!(await reader.atEnd())) {
					const name = (await reader.exact((await reader.exact(2)).readUInt16BE(0))).toString('utf8');
					const length = Number((await reader.exact(8)).readBigUInt64BE(0));
					if (name === 'manifest.json') {
						manifest = JSON.parse((await reader.exact(length)).toString('utf8')) as Manifest;
						continue;
					}
					if (name !== 'anju.sqlite' && name !== 'keys.json') throw new BackupError(`The backup holds an unexpected entry (${name}).`);
					const hash = crypto.createHash('sha256');
					const out = fs.createWriteStream(path.join(staging, name), { mode: 0o600 });
					for await (const chunk of reader.chunks(length)) {
						hash.update(chunk);
						if (!out.write(chunk)) await once(out, 'drain');
					}
					out.end();
					await once(out, 'finish');
					written.push({ name, size: length, sha256: hash.digest('hex') });
				}
			});
		} catch (error) {
			if (error instanceof BackupError) throw error;
			throw new BackupError('The backup file is damaged or truncated: it does not decrypt to what was written.');
		}
		for (const expected of manifest?.files ?? []) {
			const got = written.find((w) => w.name === expected.name);
			if (!got || got.sha256 !== expected.sha256) throw new BackupError(`The backup file is damaged: ${expected.name} does not match its checksum.`);
		}
		if (!manifest || written.length !== 2) throw new BackupError('The backup file is incomplete.');

		parseKeyFile(JSON.parse(fs.readFileSync(path.join(staging, 'keys.json'), 'utf8')) as KeyFile);
		const db = new SQLite(path.join(staging, 'anju.sqlite'), { fileMustExist: true });
		let declarations: number;
		try {
			const check = db.pragma('quick_check', { simple: true });
			if (check !== 'ok') throw new BackupError(`The database in the backup fails SQLite's check (${String(check)}).`);
			declarations = (db.prepare('select count(*) as n from declarations').get() as { n: number }).n;
		} finally {
			db.close();
		}

		// everything checked: move into place
		fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
		fs.renameSync(path.join(staging, 'anju.sqlite'), path.join(dataDir, 'anju.sqlite'));
		fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
		try {
			fs.renameSync(path.join(staging, 'keys.json'), keyFile);
		} catch {
			fs.copyFileSync(path.join(staging, 'keys.json'), keyFile);
			fs.chmodSync(keyFile, 0o600);
		}
		return { dataDir, keyFile, createdAt: manifest.createdAt, declarations };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/** The passphrase from ANJU_BACKUP_PASSPHRASE, or asked on the terminal without echo. */
export async function readPassphrase(prompt: string, confirm = false): Promise<string> {
	const fromEnv = process.env.ANJU_BACKUP_PASSPHRASE;
	if (fromEnv) return fromEnv;
	if (!process.stdin.isTTY) throw new BackupError('Set ANJU_BACKUP_PASSPHRASE, or run this in a terminal to be asked for the passphrase.');
	const first = await askHidden(prompt);
	if (confirm && (await askHidden('Repeat the passphrase: ')) !== first) throw new BackupError('The two passphrases differ.');
	return first;
}

function askHidden(prompt: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stderr.write(prompt);
		stdin.setRawMode(true);
		stdin.resume();
		let value = '';
		const onData = (data: Buffer) => {
			for (const ch of data.toString('utf8')) {
				if (ch === '\r' || ch === '\n') {
					done();
					resolve(value);
					return;
				}
				if (ch === '\u0003') {
					done();
					reject(new BackupError('Cancelled.'));
					return;
				}
				if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
				else value += ch;
			}
		};
		const done = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			process.stderr.write('\n');
		};
		stdin.on('data', onData);
	});
}
