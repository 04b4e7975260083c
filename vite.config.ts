import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { checkLocalesPlugin } from './scripts/check-locales.js';

export default defineConfig({
	// the locale check first: a broken translation file is named with its line before anything else fails
	plugins: [checkLocalesPlugin(), sveltekit()],
	server: { fs: { allow: ['locales', 'migrations'] } },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts', 'src/**/*.spec.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					// each file gets its own databases; run files one after the other to keep PostgreSQL load sane
					fileParallelism: false
				}
			}
		]
	}
});
