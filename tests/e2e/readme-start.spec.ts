import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port';

// The README's start: `npm start` (scripts/start.js) with no ORIGIN, no HOST, nothing but a port and
// a data directory. A newcomer opens the printed address (localhost or 127.0.0.1) over plain HTTP;
// forms, staff sign-in and the API must work there, and another site's form must still be refused.

let server: ChildProcess;
let port = 0;
let output = '';
let dataDir = '';

test.beforeAll(async () => {
	test.setTimeout(120_000);
	port = await freePort();
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-readme-'));
	server = spawn(process.execPath, ['scripts/start.js'], {
		env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ANJU_DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout!.on('data', (d) => (output += d));
	server.stderr!.on('data', (d) => (output += d));
	const deadline = Date.now() + 100_000;
	while (!output.includes('Listening on')) {
		if (server.exitCode !== null) throw new Error(`server exited:\n${output}`);
		if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
});

test.afterAll(async () => {
	if (server && server.exitCode === null) {
		const exited = new Promise((r) => server.once('exit', r));
		server.kill('SIGTERM');
		await exited;
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
});

for (const host of ['localhost', '127.0.0.1']) {
	test(`started as the README says, forms work at http://${host}`, async ({ page }) => {
		const base = `http://${host}:${port}`;
		expect(output).toContain(`Anju is running at http://localhost:${port}/`);

		// a resident's form (consent, then the first step)
		await page.goto(`${base}/en/declare`);
		await page.locator('#consent').check();
		await page.locator('form button[type=submit]').click();
		await expect(page).toHaveURL(`${base}/en/declare/declarant`);

		// staff sign-in with the demo password the start-up printed
		const password = /every demo account uses the password:\n\s+(\S+)/.exec(output)?.[1];
		expect(password).toBeTruthy();
		await page.goto(`${base}/en/staff/login`, { waitUntil: 'networkidle' });
		await page.getByLabel('E-mail address').fill('officer1@anju.example.org');
		await page.getByLabel('Password').fill(password!);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.endsWith('/staff/login'));
		expect(new URL(page.url()).pathname).toMatch(/\/en\/staff\//);

		// the API from the page itself (a browser's fetch carries the page's Origin)
		const status = await page.evaluate(async () => {
			const res = await fetch('/api/v1/declarations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			return res.status;
		});
		expect(status).toBe(422);
	});
}

test('the README start still refuses a form posted from another site', async () => {
	const res = await fetch(`http://localhost:${port}/en/declare`, {
		method: 'POST',
		body: new URLSearchParams({ consent: 'yes' }),
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		redirect: 'manual'
	});
	expect(res.status).toBe(403);
	// the scheme comes from the server, not from a header a client could send
	const forged = await fetch(`http://localhost:${port}/en/declare`, {
		method: 'POST',
		body: new URLSearchParams({ consent: 'yes' }),
		headers: { origin: `https://localhost:${port}`, 'x-anju-scheme': 'https', accept: 'text/html' },
		redirect: 'manual'
	});
	expect(forged.status).toBe(403);
});
