import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { bcp47, DEFAULT_LANG, dirOf, isLang, negotiate, type Lang } from '$lib/i18n';
import { tFor } from '$lib/server/i18n';
import { createApp, type AppContext, type AppEnv } from '$lib/server/app';
import { StartupError } from '$lib/server/db';
import { startJobs } from '$lib/server/jobs';
import { newId } from '$lib/server/ids';
import { problem } from '$lib/server/http';
import { log } from '$lib/server/log';
import { checkSiteOrigin, siteOrigin } from '$lib/server/site';
import { observeRequest } from '$lib/server/metrics';
import { SESSION_COOKIE, validateSession } from '$lib/server/sessions';
import { env } from '$env/dynamic/private';

/** The one app of this process; every request gets it as `event.locals.app`. */
let current: AppContext | undefined;

export const init: ServerInit = async () => {
	try {
		checkSiteOrigin(env);
		const app = await createApp(env as AppEnv);
		current = app;
		if (!process.env.VITEST) startJobs(app);
		announce(app.demo, app.rateLimits);
	} catch (error) {
		if (error instanceof StartupError) {
			console.error(`Anju cannot start: ${error.message}`);
			process.exit(1);
		}
		throw error;
	}
};

function announce(demo: Awaited<ReturnType<typeof createApp>>['demo'], rateLimits: boolean): void {
	console.log(`Anju is running at ${siteOrigin(env)}/`);
	if (!rateLimits) log.warn('ANJU_RATE_LIMITS=off: per-IP limits of public endpoints are switched off (load tests only)');
	if (demo) {
		console.log('Demo mode (ANJU_DEMO=0 turns it off). Staff sign-in at /en/staff/login, every demo account uses the password:');
		console.log(`  ${demo.password ?? '(set at first start; see demo-logins.json in the data directory)'}`);
		for (const role of ['admin', 'officer', 'partner', 'volunteer']) {
			const of = demo.accounts.filter((a) => a.role === role);
			console.log(
				`  ${role.padEnd(9)} ${of
					.slice(0, 3)
					.map((a) => a.email)
					.join(', ')}${of.length > 3 ? ` … (${of.length})` : ''}`
			);
		}
	}
}

// Top-level paths that are not a language prefix.
const NON_LANG_ROOTS = new Set(['api', 'kiosk', 'verify', 'healthz', 'readyz', 'metrics', 'favicon.svg', 'base.css', '_app']);
const LANG_LIKE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/**
 * A redirect returned, not thrown: a thrown redirect() leaves the hooks at once, so `baseline`
 * would never add the security headers to it.
 */
function redirectTo(status: 303 | 308, location: string): Response {
	return new Response(null, { status, headers: { location } });
}

/** Language: URL prefix, then cookie, then Accept-Language, then English. */
const language: Handle = async ({ event, resolve }) => {
	const [first = '', ...rest] = event.url.pathname.split('/').slice(1);
	const fromCookie = event.cookies.get('lang');
	const negotiated = (): Lang => (isLang(fromCookie) ? fromCookie : (negotiate(event.request.headers.get('accept-language')) ?? DEFAULT_LANG));

	if (event.url.pathname === '/') return redirectTo(303, `/${negotiated()}/`);
	let lang: Lang;
	if (isLang(first)) {
		lang = first;
		if (fromCookie !== first) event.cookies.set('lang', first, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: true, sameSite: 'lax' });
	} else if (first === 'kiosk' && isLang(rest[0])) {
		// The kiosk's language lives in its URL only: no cookie, so the next visitor starts afresh.
		lang = rest[0];
	} else if (isLang(first.toLowerCase())) {
		return redirectTo(308, `/${first.toLowerCase()}/${rest.join('/')}${event.url.search}`);
	} else if (!NON_LANG_ROOTS.has(first) && LANG_LIKE.test(first) && event.request.method === 'GET') {
		// An unknown language prefix (e.g. /xx/declare): keep the rest of the path in a language we have.
		return redirectTo(303, `/${negotiated()}/${rest.join('/')}${event.url.search}`);
	} else {
		const asked = event.url.searchParams.get('lang');
		lang = isLang(asked) ? asked : negotiated();
		if (isLang(asked) && fromCookie !== asked) event.cookies.set('lang', asked, { path: '/', maxAge: 60 * 60 * 24 * 365, httpOnly: true, sameSite: 'lax' });
	}
	event.locals.lang = lang!;
	event.locals.t = tFor(lang!);
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%anju.lang%', bcp47(lang)).replace('%anju.dir%', dirOf(lang))
	});
};

/**
 * CSRF: a state-changing request that a browser sends from another site carries that site's
 * Origin and is refused, for pages (form actions) and the API alike. Browsers always send Origin
 * on such requests; programs that send none (a mini-program's backend, curl) cannot ride on a
 * resident's or officer's browser session and may pass.
 */
const sameOrigin: Handle = async ({ event, resolve }) => {
	const origin = event.request.headers.get('origin');
	if (!['GET', 'HEAD', 'OPTIONS'].includes(event.request.method) && origin !== null && origin !== event.url.origin) {
		if (event.url.pathname.startsWith('/api/')) return problem(403, event.locals.t, 'forbidden-origin');
		return new Response(event.locals.t('common.problem.forbidden-origin'), { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
	return resolve(event);
};

/**
 * A form body that cannot be parsed (e.g. a `"` inside a multipart filename, which undici refuses)
 * is the client's fault: 400 with a translated message instead of an unexpected error (500) in
 * whichever form action read it. Every action reads its body through event.request.formData().
 */
const formBodies: Handle = async ({ event, resolve }) => {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		const request = event.request;
		const parse = request.formData.bind(request);
		request.formData = async () => {
			try {
				return await parse();
			} catch (e) {
				if (e instanceof TypeError) error(400, event.locals.t('common.problem.invalid-form'));
				throw e;
			}
		};
	}
	return resolve(event);
};

const API_PROBLEM_TYPES: Record<number, string> = {
	400: 'bad-request',
	403: 'forbidden-origin',
	404: 'not-found',
	405: 'method-not-allowed',
	413: 'payload-too-large',
	415: 'unsupported-media-type',
	429: 'too-many-requests'
};

/**
 * The JSON API answers problem+json whatever goes wrong: a path it does not have, a method a
 * route does not take, an unexpected error — never SvelteKit's HTML or `{ message }` error.
 */
const apiProblems: Handle = async ({ event, resolve }) => {
	if (!event.url.pathname.startsWith('/api/')) return resolve(event);
	if (event.route.id === null) return problem(404, event.locals.t, 'not-found');
	const response = await resolve(event);
	if (response.status < 400 || (response.headers.get('content-type') ?? '').startsWith('application/problem+json')) return response;
	await response.body?.cancel();
	const type = response.status >= 500 ? 'server-error' : (API_PROBLEM_TYPES[response.status] ?? 'bad-request');
	const keep: Record<string, string> = {};
	for (const name of ['allow', 'retry-after']) {
		const value = response.headers.get(name);
		if (value) keep[name] = value;
	}
	return problem(response.status, event.locals.t, type, { headers: keep });
};

const HSTS = 'max-age=63072000; includeSubDomains';

/** Request id, the security headers of DESIGN.md §8, no-store unless a response says otherwise, one log line. */
const baseline: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	event.locals.requestId = event.request.headers.get('x-request-id')?.slice(0, 64) || newId();
	if (!current) throw new Error('a request arrived before start-up finished');
	event.locals.app = current;
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.sessionEnded = null;
	const response = await resolve(event);
	const h = response.headers;
	h.set('x-request-id', event.locals.requestId);
	h.set('strict-transport-security', HSTS);
	h.set('x-content-type-options', 'nosniff');
	// same-origin, not no-referrer: under no-referrer browsers send `Origin: null` with a plain form
	// POST, which the CSRF checks must refuse, so forms without JavaScript would never work.
	h.set('referrer-policy', 'same-origin');
	h.set('x-frame-options', 'DENY');
	h.set('cross-origin-opener-policy', 'same-origin');
	h.set('permissions-policy', 'camera=(self), microphone=(), geolocation=(), payment=()');
	if (!h.has('cache-control')) h.set('cache-control', 'no-store');
	if (!h.has('content-security-policy') && !event.url.pathname.startsWith('/_app/')) {
		// API and plain responses: nothing may run or be framed.
		h.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	}
	observeRequest(event.route.id, event.request.method, response.status, (performance.now() - started) / 1000);
	if (event.url.pathname !== '/healthz') {
		log.info({ rid: event.locals.requestId, method: event.request.method, route: event.route.id, status: response.status, ms: Math.round(performance.now() - started) }, 'request');
	}
	return response;
};

/** The signed-in staff member from the `anju_session` cookie; a dead cookie is removed. */
const session: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const check = await validateSession(event.locals.app.db, token);
		if (check.ok) {
			event.locals.user = check.user;
			event.locals.sessionId = check.sessionId;
		} else {
			event.locals.sessionEnded = { userId: check.endedFor ?? null };
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

export const handle: Handle = sequence(baseline, language, apiProblems, sameOrigin, formBodies, session);

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404)
		log.error(
			{ rid: event.locals.requestId, route: event.route.id, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
			'unhandled error'
		);
	return { message: event.locals.t ? event.locals.t(status === 404 ? 'common.error.notFound' : 'common.error.unexpected') : 'Error', requestId: event.locals.requestId };
};
