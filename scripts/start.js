#!/usr/bin/env node
// `npm start`: build when the sources are newer than the build, then serve.
// Migrations, demo data and the start-up checks run inside the server's init hook.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'build', '.built');

function newest(entry) {
	const full = path.join(root, entry);
	if (!fs.existsSync(full)) return 0;
	const stat = fs.statSync(full);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let max = stat.mtimeMs;
	for (const child of fs.readdirSync(full)) max = Math.max(max, newest(path.join(entry, child)));
	return max;
}

const inputs = ['src', 'locales', 'migrations', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];
const builtAt = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
if (Math.max(...inputs.map(newest)) > builtAt || process.env.ANJU_REBUILD === '1') {
	console.log('Building Anju…');
	// NODE_ENV=production: otherwise Svelte compiles the components in dev mode (file names, source
	// locations and runtime checks in every page's JavaScript: ~10 KB more on a step page).
	const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, NODE_ENV: 'production' }
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
	fs.writeFileSync(marker, new Date().toISOString());
}

if (process.argv.includes('--build-only')) process.exit(0);

process.env.BODY_SIZE_LIMIT ??= String(11 * 1024 * 1024); // uploads are up to 10 MB; JSON routes check their own limit
await import(path.join(root, 'scripts/server.js'));
