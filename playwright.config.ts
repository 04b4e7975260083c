import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// One server for the whole run, on a fresh data dir with the demo data and a known demo password.
// Workers inherit process.env, so they all see the same values.
process.env.ANJU_E2E_DATA ??= fs.mkdtempSync(path.join(os.tmpdir(), 'anju-e2e-'));
process.env.ANJU_E2E_PORT ??= '4173';
process.env.ANJU_DEMO_PASSWORD ??= 'demo-e2e-password-2026';
const port = Number(process.env.ANJU_E2E_PORT);

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	fullyParallel: false,
	workers: 2,
	retries: 0,
	timeout: 60_000,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS },
		trace: 'off'
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		command: 'node scripts/start.js',
		url: `http://127.0.0.1:${port}/healthz`,
		timeout: 240_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			ANJU_DATA_DIR: process.env.ANJU_E2E_DATA,
			ANJU_DEMO_PASSWORD: process.env.ANJU_DEMO_PASSWORD,
			ANJU_RATE_LIMITS: 'off',
			// no random routine checks: journeys expect declarations without findings to be approved
			ANJU_ROUTINE_CHECK_RATE: '0'
		}
	}
});
