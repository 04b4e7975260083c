// ESLint (flat config): JavaScript's and TypeScript's recommended rules, Svelte's, and the few the
// project holds to. Formatting is Prettier's (`npm run lint` runs both; `npm run format` writes).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'data/', 'migrations/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			// unused arguments are named on purpose (`_event`), unused variables are not
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			// the site is served at the root (no `paths.base`): links are built from the page's language
			'svelte/no-navigation-without-resolve': 'off'
		},
		linterOptions: { reportUnusedDisableDirectives: 'error' }
	},
	{
		// One way to write (src/lib/server/db/index.ts): every change is a unit of `db.write`. Kysely's
		// own transactions and connections are the write path's business, inside db/ only.
		files: ['src/**/*.ts', 'scripts/**/*.ts'],
		ignores: ['src/lib/server/db/**'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: 'CallExpression[callee.property.name=/^(transaction|startTransaction|connection)$/][arguments.length=0]',
					message: 'Write with db.write(async (tx) => …): the one write path (src/lib/server/db).'
				}
			]
		}
	}
);
