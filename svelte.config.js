import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';

// SvelteKit's route announcer (its generated root component) carries this one style attribute.
// 'unsafe-hashes' with its hash lets exactly that attribute apply, and no other inline style
// (tests/e2e/csp.spec.ts fails if SvelteKit changes it).
const ANNOUNCER_STYLE = 'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const announcerHash = `sha256-${createHash('sha256').update(ANNOUNCER_STYLE).digest('base64')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		alias: { $locales: 'locales' },
		// The server resolves routes, so the script every public page loads carries no list of
		// staff routes (one of which would name the watch list).
		router: { resolution: 'server' },
		// SvelteKit's own check also refuses form posts that carry no Origin at all (programs
		// uploading through the API); hooks.server.ts makes the same-origin check itself.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'nonce',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-hashes', announcerHash],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
