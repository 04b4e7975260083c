#!/usr/bin/env node
// `npm test`: unit and integration tests (vitest; PostgreSQL too when TEST_DATABASE_URL is set),
// then end-to-end tests in Debian's Chromium against the built server.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function run(cmd, args, env = {}) {
	const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) {
		console.error(`\n✗ ${cmd} ${args.join(' ')} failed`);
		process.exit(result.status ?? 1);
	}
}

function ensureChromium() {
	// OCR-B draws the synthetic passport photos of the MRZ reader's tests
	const ocrB = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' }).stdout?.includes('OCR B') ?? false;
	if (fs.existsSync(chromium) && ocrB) return;
	if (process.getuid?.() === 0) {
		console.log("Chromium or a font is missing: installing Debian's chromium, the Noto fonts and OCR-B (apt-get)…");
		run('apt-get', ['update', '-qq']);
		run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-core', 'fonts-noto-cjk', 'fonts-ocr-b']);
		return;
	}
	console.error(`Chromium is missing at ${chromium}. Install it as root with:\n  apt-get install -y chromium fonts-noto-core fonts-noto-cjk fonts-ocr-b\nor set CHROMIUM_PATH to a Chromium binary.`);
	process.exit(1);
}

if (!process.env.TEST_DATABASE_URL) console.log('TEST_DATABASE_URL is not set: integration tests run on SQLite only.');
// Integration tests drive the built server over real HTTP: build first (only when sources changed).
run(process.execPath, ['scripts/start.js', '--build-only']);
run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
ensureChromium();
run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
