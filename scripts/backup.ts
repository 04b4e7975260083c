// `npm run backup -- <file>`: an encrypted, consistent backup of the SQLite database and the key
// file, taken while the app runs. Passphrase from ANJU_BACKUP_PASSPHRASE or asked without echo.
// PostgreSQL installs use pg_dump plus a copy of the key file (see the README).
import path from 'node:path';
import { BackupError, createBackup, readPassphrase } from '../src/lib/server/backup';
import { isPostgresUrl } from '../src/lib/server/db/index';

const out = process.argv[2];
try {
	if (!out) throw new BackupError('Usage: npm run backup -- <file>');
	if (isPostgresUrl(process.env.DATABASE_URL)) throw new BackupError('DATABASE_URL names PostgreSQL: back it up with pg_dump and keep a copy of the key file (see the README).');
	const dataDir = path.resolve(process.env.ANJU_DATA_DIR || './data');
	const keyFile = path.resolve(process.env.ANJU_KEY_FILE || path.join(dataDir, 'keys.json'));
	const passphrase = await readPassphrase('Passphrase for the backup: ', true);
	const result = await createBackup({ dataDir, keyFile, out: path.resolve(out), passphrase });
	console.log(`Backup written to ${result.file} (${result.bytes} bytes; database ${result.databaseBytes} bytes, with the key file). Keep the passphrase apart from it.`);
} catch (error) {
	console.error(error instanceof BackupError ? error.message : `Backup failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
