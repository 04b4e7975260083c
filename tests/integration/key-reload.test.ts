import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decrypt, encrypt, generateKeyFile, parseKeyFile, writeKeyFile, type KeyFile } from '../../src/lib/server/crypto';
import { rotateKeyFile, watchKeyFile } from '../../src/lib/server/key-rotation';

// Two holders of the same key file (the main thread and an intake worker, or two processes) see
// a rotation at different moments. A record encrypted by the one that already has the new key
// must be readable by the other at once, not after its next timed reload.

describe('keys: reload on demand', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-keys-'));
	const file = path.join(dir, 'keys.json');
	const read = () => parseKeyFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile);
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('writes the key file whole, private, with no temporary file left', () => {
		writeKeyFile(file, generateKeyFile());
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(dir)).toEqual(['keys.json']);
		expect(read().encryption.size).toBe(1);
	});

	it('a record under a key rotated in moments ago decrypts at once; an unknown key still fails', () => {
		const main = read();
		const stop = watchKeyFile(main, file, 3_600_000); // its timer would not reload for an hour
		try {
			const { current } = rotateKeyFile(file);
			const worker = read();
			expect(worker.currentId).toBe(current);
			expect(main.currentId).not.toBe(current);

			const sealed = encrypt(worker, 'JOHN SMITH', 'declarations.snapshot:x');
			expect(decrypt(main, sealed, 'declarations.snapshot:x')).toBe('JOHN SMITH');
			expect(main.currentId).toBe(current);

			const foreign = sealed.replace(`.${current}.`, '.k20990101ffffff.');
			expect(() => decrypt(main, foreign, 'declarations.snapshot:x')).toThrow(/unknown key/);
		} finally {
			stop();
		}
	});
});
