// `npm run restore -- <file>`: restores a backup made by `npm run backup` into an empty
// ANJU_DATA_DIR (the key file into ANJU_KEY_FILE when set). Stop nothing: the data dir is new.
import path from 'node:path';
import { BackupError, readPassphrase, restoreBackup } from '../src/lib/server/backup';
import { isPostgresUrl } from '../src/lib/server/db/index';

const file = process.argv[2];
try {
	if (!file) throw new BackupError('Usage: npm run restore -- <file>');
	if (isPostgresUrl(process.env.DATABASE_URL)) throw new BackupError('DATABASE_URL names PostgreSQL: restore it with pg_restore and put the key file back (see the README).');
	const dataDir = path.resolve(process.env.ANJU_DATA_DIR || './data');
	const passphrase = await readPassphrase('Passphrase of the backup: ');
	const result = await restoreBackup({ file: path.resolve(file), dataDir, keyFile: process.env.ANJU_KEY_FILE || undefined, passphrase });
	console.log(`Restored the backup of ${result.createdAt} into ${result.dataDir} (${result.declarations} declarations; keys in ${result.keyFile}). Start Anju with ANJU_DATA_DIR=${result.dataDir}.`);
} catch (error) {
	console.error(error instanceof BackupError ? error.message : `Restore failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
