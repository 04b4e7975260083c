// `npm run keys:rotate`: adds a new encryption key to the key file and makes it current (older
// keys stay, so everything stays readable). Running processes pick it up within 30 seconds.
// Several machines: `npm run keys:rotate -- --staged` first, copy the key file to every machine,
// then `npm run keys:rotate -- --activate` and copy it again. Afterwards: `npm run keys:reencrypt`.
import fs from 'node:fs';
import path from 'node:path';
import { activateNewestKey, rotateKeyFile } from '../src/lib/server/key-rotation';

const dataDir = path.resolve(process.env.ANJU_DATA_DIR || './data');
const file = path.resolve(process.env.ANJU_KEY_FILE || path.join(dataDir, 'keys.json'));
try {
	if (!fs.existsSync(file)) throw new Error(`The key file ${file} does not exist: set ANJU_DATA_DIR or ANJU_KEY_FILE.`);
	if (process.argv.includes('--activate')) {
		console.log(`Key ${activateNewestKey(file)} is now current in ${file}. Then run npm run keys:reencrypt.`);
	} else {
		const staged = process.argv.includes('--staged');
		const { id } = rotateKeyFile(file, { staged });
		console.log(
			staged
				? `Added key ${id} to ${file} (not yet current). Copy the file to every machine, then run npm run keys:rotate -- --activate.`
				: `Added key ${id} to ${file}; it encrypts new records from now on (running processes within 30 s). Back up the key file, then run npm run keys:reencrypt.`
		);
	}
} catch (error) {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
}
