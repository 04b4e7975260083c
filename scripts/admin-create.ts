// `npm run admin:create -- --email admin@example.org [--name "Full Name"]`
// Creates an administrator on an install (the first one on a non-demo install). Asks for the
// password twice without echoing it; for automation, ANJU_ADMIN_PASSWORD or a password piped on stdin.
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApp } from '../src/lib/server/app';
import { StartupError } from '../src/lib/server/db/index';
import { createAccount, findUserByEmail, setPassword } from '../src/lib/server/users';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../src/lib/server/password-policy';

const REASONS = {
	too_short: `it must have at least ${MIN_PASSWORD_LENGTH} characters`,
	too_long: 'it is too long',
	common: 'it is too common or too easy to guess (try three or four unrelated words)'
} as const;

function usage(message: string): never {
	console.error(`${message}\nUsage: npm run admin:create -- --email admin@example.org [--name "Full Name"]`);
	process.exit(64);
}

/** Reads one line; on a terminal the typed characters are not echoed. */
function ask(prompt: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
		if (process.stdin.isTTY) {
			process.stdout.write(prompt);
			// Swallow the echo of what is typed; only the prompt is written.
			(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
		}
		rl.question(process.stdin.isTTY ? '' : '', (answer) => {
			rl.close();
			if (process.stdin.isTTY) process.stdout.write('\n');
			resolve(answer);
		});
	});
}

async function readPassword(email: string): Promise<string> {
	const fromEnv = process.env.ANJU_ADMIN_PASSWORD;
	if (fromEnv !== undefined) {
		const check = checkPassword(fromEnv, { email });
		if (!check.ok) usage(`ANJU_ADMIN_PASSWORD is not accepted: ${REASONS[check.reason]}.`);
		return fromEnv;
	}
	if (!process.stdin.isTTY) {
		const password = await ask('');
		const check = checkPassword(password, { email });
		if (!check.ok) usage(`The password on stdin is not accepted: ${REASONS[check.reason]}.`);
		return password;
	}
	for (;;) {
		const password = await ask(`Password for ${email} (at least ${MIN_PASSWORD_LENGTH} characters, not shown): `);
		const check = checkPassword(password, { email });
		if (!check.ok) {
			console.error(`That password is not accepted: ${REASONS[check.reason]}.`);
			continue;
		}
		if ((await ask('The same password again: ')) !== password) {
			console.error('The two passwords are not the same; try again.');
			continue;
		}
		return password;
	}
}

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } }, allowPositionals: false });
const email = z.email().safeParse(values.email?.trim() ?? '');
if (!email.success) usage(values.email ? `"${values.email}" is not an e-mail address.` : "Give the new administrator's e-mail address with --email.");
const name = values.name?.trim() || email.data.split('@')[0];

try {
	// The CLI never loads the demo data set, even on a new database.
	const app = await createApp({ ...process.env, ANJU_DEMO: process.env.ANJU_DEMO ?? '0' });
	try {
		if (await findUserByEmail(app.db, email.data)) usage(`An account with the e-mail address ${email.data} already exists.`);
		const password = await readPassword(email.data);
		const result = await createAccount(app.db, { id: null, role: null, ip: null }, { email: email.data, name, role: 'admin', organisationId: null });
		if (!result.ok) usage(`The account could not be created (${result.reason}).`);
		await setPassword(app.db, result.user.id, password);
		console.log(`Administrator ${result.user.email} created. Sign in at /en/staff/login.`);
	} finally {
		await app.db.destroy();
	}
} catch (error) {
	if (error instanceof StartupError) {
		console.error(`Cannot create the administrator: ${error.message}`);
		process.exit(1);
	}
	throw error;
}
