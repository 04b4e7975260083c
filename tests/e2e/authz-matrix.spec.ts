import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { ACCOUNTS, sessionCookie, type StaffRole } from './staff-helpers';

// The authorisation matrix: every route on disk, for an anonymous visitor and each staff role,
// with the outcome it must have over real HTTP against the built server. A route that exists
// on disk but has no row here fails the test, so nobody adds a route without deciding who may
// use it. To add a route: add a row (public pages: `everyone(200)`; staff pages: `staffOnly(...)`).

type Outcome = number | { redirect: string };
type Who = 'anonymous' | StaffRole;
interface Row {
	/** A URL for the route; {account} and {organisation} are replaced with real ids. */
	path: string;
	expect: Record<Who, Outcome>;
}

const WHO: Who[] = ['anonymous', 'volunteer', 'partner', 'officer', 'admin'];
const LOGIN = { redirect: '/en/staff/login' };

function everyone(outcome: Outcome): Record<Who, Outcome> {
	return { anonymous: outcome, volunteer: outcome, partner: outcome, officer: outcome, admin: outcome };
}

/** Staff page: anonymous → sign-in, the listed roles → 200, other roles → 403. */
function staffOnly(...allowed: StaffRole[]): Record<Who, Outcome> {
	return {
		anonymous: LOGIN,
		volunteer: allowed.includes('volunteer') ? 200 : 403,
		partner: allowed.includes('partner') ? 200 : 403,
		officer: allowed.includes('officer') ? 200 : 403,
		admin: allowed.includes('admin') ? 200 : 403
	};
}

const ROUTES: Record<string, Row> = {
	// resident and public: the same for everyone, signed in or not (a staff session opens nothing here).
	// Without a draft or access code, the resident's later steps send back to the start of their journey.
	'/[lang=lang]': { path: '/en/', expect: everyone(200) },
	'/[lang=lang]/declare': { path: '/en/declare', expect: everyone(200) },
	'/[lang=lang]/declare/[step]': { path: '/en/declare/person', expect: everyone({ redirect: '/en/declare/expired' }) },
	'/[lang=lang]/declare/check': { path: '/en/declare/check', expect: everyone({ redirect: '/en/declare/expired' }) },
	'/[lang=lang]/declare/confirmation': { path: '/en/declare/confirmation', expect: everyone({ redirect: '/en/declare/expired' }) },
	'/[lang=lang]/declare/expired': { path: '/en/declare/expired', expect: everyone(200) },
	// the passport photo preview: only the browser holding the draft
	'/[lang=lang]/declare/photo': { path: '/en/declare/photo', expect: everyone(404) },
	'/[lang=lang]/help': { path: '/en/help', expect: everyone(200) },
	'/[lang=lang]/status': { path: '/en/status', expect: everyone(200) },
	'/[lang=lang]/status/[reference]': { path: '/en/status/JB-AAAA-BBBB', expect: everyone({ redirect: '/en/status' }) },
	'/[lang=lang]/status/[reference]/receipt': { path: '/en/status/JB-AAAA-BBBB/receipt', expect: everyone({ redirect: '/en/status' }) },
	'/[lang=lang]/status/[reference]/receipt/download': { path: '/en/status/JB-AAAA-BBBB/receipt/download', expect: everyone({ redirect: '/en/status' }) },
	'/api/v1/help-requests': { path: '/api/v1/help-requests', expect: everyone(405) },
	// a help request's page asks for the access code; its live updates and images need it first
	'/[lang=lang]/help/[reference]': { path: '/en/help/HR-AAAA-BBBB', expect: everyone(200) },
	'/[lang=lang]/help/[reference]/events': { path: '/en/help/HR-AAAA-BBBB/events', expect: everyone(403) },
	'/[lang=lang]/help/[reference]/images/[message]': { path: '/en/help/HR-AAAA-BBBB/images/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: everyone(404) },
	'/healthz': { path: '/healthz', expect: everyone(200) },
	'/readyz': { path: '/readyz', expect: everyone(200) },
	// Prometheus metrics exist only with ANJU_METRICS_TOKEN (not set here), and then want the token, not a session
	'/metrics': { path: '/metrics', expect: everyone(404) },
	// a token that is not genuine gets the human "not genuine" page, for anyone
	'/verify/[token]': { path: '/verify/not-a-real-token', expect: everyone(200) },
	'/api/v1/addresses': { path: '/api/v1/addresses?q=road', expect: everyone(200) },
	'/api/v1/declarations': { path: '/api/v1/declarations', expect: everyone(405) },
	'/api/v1/declarations/[reference]': { path: '/api/v1/declarations/JB-AAAA-BBBB', expect: everyone(404) },
	'/api/v1/openapi.json': { path: '/api/v1/openapi.json', expect: everyone(200) },
	'/api/v1/uploads': { path: '/api/v1/uploads', expect: everyone(405) },
	// the phone's end of the kiosk's "continue on your phone": an unknown code is a page saying so
	'/[lang=lang]/declare/continue/[token]': { path: '/en/declare/continue/not-a-real-token', expect: everyone(200) },

	// kiosk: the attract screen for everyone; every page of a visit sends back to it without one
	'/kiosk': { path: '/kiosk', expect: everyone(200) },
	'/kiosk/end': { path: '/kiosk/end', expect: everyone(405) },
	'/kiosk/visit': { path: '/kiosk/visit', expect: everyone(200) },
	'/kiosk/[lang=lang]': { path: '/kiosk/en', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare': { path: '/kiosk/en/declare', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/[step]': { path: '/kiosk/en/declare/person', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/check': { path: '/kiosk/en/declare/check', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/confirmation': { path: '/kiosk/en/declare/confirmation', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/expired': { path: '/kiosk/en/declare/expired', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/phone': { path: '/kiosk/en/declare/phone', expect: everyone({ redirect: '/kiosk' }) },
	'/kiosk/[lang=lang]/declare/photo': { path: '/kiosk/en/declare/photo', expect: everyone(404) },
	'/kiosk/[lang=lang]/help': { path: '/kiosk/en/help', expect: everyone({ redirect: '/kiosk' }) },

	// staff: sign-in and the way in
	'/[lang=lang]/staff': {
		path: '/en/staff',
		expect: {
			anonymous: LOGIN,
			volunteer: { redirect: '/en/staff/tasks' },
			partner: { redirect: '/en/staff/partner' },
			officer: { redirect: '/en/staff/review' },
			admin: { redirect: '/en/staff/admin' }
		}
	},
	'/[lang=lang]/staff/login': {
		path: '/en/staff/login',
		expect: {
			anonymous: 200,
			volunteer: { redirect: '/en/staff/tasks' },
			partner: { redirect: '/en/staff/partner' },
			officer: { redirect: '/en/staff/review' },
			admin: { redirect: '/en/staff/admin' }
		}
	},
	'/[lang=lang]/staff/logout': { path: '/en/staff/logout', expect: everyone(200) },
	'/[lang=lang]/staff/reset/[token]': { path: '/en/staff/reset/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', expect: everyone(200) },

	// staff: role areas
	'/[lang=lang]/staff/(volunteer)/tasks': { path: '/en/staff/tasks', expect: staffOnly('volunteer') },
	// an unknown task: the guard first (sign-in / 403), then 404 for the role that may see tasks
	'/[lang=lang]/staff/(volunteer)/tasks/[id]': { path: '/en/staff/tasks/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: { ...staffOnly('volunteer'), volunteer: 404 } },
	// the board's live updates (text/event-stream): 403 rather than a redirect; a plain GET (no
	// Accept: text/event-stream) gets 406 rather than a body that never ends
	'/[lang=lang]/staff/(volunteer)/tasks/events': { path: '/en/staff/tasks/events', expect: { ...staffOnly('volunteer'), anonymous: 403, volunteer: 406 } },
	'/[lang=lang]/staff/(partner)/partner/[id]': { path: '/en/staff/partner/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: { ...staffOnly('partner'), partner: 404 } },
	// a conversation's live updates and images: only the staff member holding that request
	'/[lang=lang]/staff/help/[id]/events': { path: '/en/staff/help/01AAAAAAAAAAAAAAAAAAAAAAAA/events', expect: { ...everyone(403), anonymous: 401 } },
	'/[lang=lang]/staff/help/[id]/images/[message]': {
		path: '/en/staff/help/01AAAAAAAAAAAAAAAAAAAAAAAA/images/01AAAAAAAAAAAAAAAAAAAAAAAA',
		expect: { ...everyone(403), anonymous: 401 }
	},
	'/[lang=lang]/staff/(partner)/partner': { path: '/en/staff/partner', expect: staffOnly('partner') },
	'/[lang=lang]/staff/(officer)/review': { path: '/en/staff/review', expect: staffOnly('officer', 'admin') },
	'/[lang=lang]/staff/(officer)/dashboard': { path: '/en/staff/dashboard', expect: staffOnly('officer', 'admin') },

	// an unknown declaration: the guard first, then 404 for those who may review
	'/[lang=lang]/staff/(officer)/review/[id]': { path: '/en/staff/review/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: { ...staffOnly('officer', 'admin'), officer: 404, admin: 404 } },
	'/[lang=lang]/staff/(officer)/review/[id]/photo': { path: '/en/staff/review/01AAAAAAAAAAAAAAAAAAAAAAAA/photo', expect: { ...staffOnly('officer', 'admin'), officer: 404, admin: 404 } },
	'/[lang=lang]/staff/(officer)/review/[id]/attachment/[upload]': {
		path: '/en/staff/review/01AAAAAAAAAAAAAAAAAAAAAAAA/attachment/01AAAAAAAAAAAAAAAAAAAAAAAB',
		expect: { ...staffOnly('officer', 'admin'), officer: 404, admin: 404 }
	},
	'/[lang=lang]/staff/(officer)/review/lookup': { path: '/en/staff/review/lookup', expect: staffOnly('officer', 'admin') },
	'/[lang=lang]/staff/(officer)/dashboard/export.csv': { path: '/en/staff/dashboard/export.csv', expect: staffOnly('officer', 'admin') },
	'/[lang=lang]/staff/(admin)/admin/registry': { path: '/en/staff/admin/registry', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/registry/[id]': { path: '/en/staff/admin/registry/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: { ...staffOnly('admin'), admin: 404 } },
	'/[lang=lang]/staff/(admin)/admin/registry/import': { path: '/en/staff/admin/registry/import', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/lists': { path: '/en/staff/admin/lists', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/watchlist': { path: '/en/staff/admin/watchlist', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/questions': { path: '/en/staff/admin/questions', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/questions/[id]': { path: '/en/staff/admin/questions/01AAAAAAAAAAAAAAAAAAAAAAAA', expect: { ...staffOnly('admin'), admin: 404 } },

	// staff: administration
	'/[lang=lang]/staff/(admin)/admin': { path: '/en/staff/admin', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/accounts': { path: '/en/staff/admin/accounts', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/accounts/new': { path: '/en/staff/admin/accounts/new', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/accounts/[id]': { path: '/en/staff/admin/accounts/{account}', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/organisations': { path: '/en/staff/admin/organisations', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/organisations/new': { path: '/en/staff/admin/organisations/new', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/organisations/[id]': { path: '/en/staff/admin/organisations/{organisation}', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/audit': { path: '/en/staff/admin/audit', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/coverage': { path: '/en/staff/admin/coverage', expect: staffOnly('admin') },
	'/[lang=lang]/staff/(admin)/admin/settings': { path: '/en/staff/admin/settings', expect: staffOnly('admin') }
};

/** Form actions a signed-in but unauthorised role must not reach (the action checks again, not only the layout). */
const ACTIONS: { path: string; allowed: StaffRole[]; form: Record<string, string> }[] = [
	{ path: '/en/staff/admin/accounts/new', allowed: ['admin'], form: { email: 'intruder@example.org', name: 'X', role: 'admin', organisationId: '' } },
	{ path: '/en/staff/admin/accounts/{account}?/deactivate', allowed: ['admin'], form: {} },
	{ path: '/en/staff/admin/accounts/{account}?/reset', allowed: ['admin'], form: {} },
	{ path: '/en/staff/admin/organisations/new', allowed: ['admin'], form: { name: 'X', nameEn: 'X', kind: 'legal', languages: 'en' } },
	{ path: '/en/staff/admin/lists?/add', allowed: ['admin'], form: { list: 'visa_free', nationality: 'USA' } },
	{ path: '/en/staff/admin/watchlist?/add', allowed: ['admin'], form: { documentNumber: 'X', nationality: 'FRA', reason: 'x' } },
	{ path: '/en/staff/admin/registry?/add', allowed: ['admin'], form: { label: 'x', labelEn: 'x', kind: 'hotel' } },
	{ path: '/en/staff/admin/settings?/help', allowed: ['admin'], form: { help_sla_minutes: '1', claim_lease_minutes: '5' } },
	{ path: '/en/staff/admin/settings?/rules', allowed: ['admin'], form: { routine_check_rate: '0' } },
	{ path: '/en/staff/tasks?/claim', allowed: ['volunteer'], form: { taskId: '01AAAAAAAAAAAAAAAAAAAAAAAA' } },
	{ path: '/en/staff/tasks?/profile', allowed: ['volunteer'], form: {} },
	{ path: '/en/staff/partner?/accept', allowed: ['partner'], form: { taskId: '01AAAAAAAAAAAAAAAAAAAAAAAA' } }
];

/** Route ids of every page and endpoint under src/routes, as SvelteKit names them. */
function routesOnDisk(dir = 'src/routes', id = ''): string[] {
	const entries = fs.readdirSync(dir, { withFileTypes: true });
	const here = entries.some((e) => e.isFile() && /^\+(page(\.server)?\.(svelte|ts|js)|server\.(ts|js))$/.test(e.name)) ? [id || '/'] : [];
	return [...here, ...entries.filter((e) => e.isDirectory()).flatMap((e) => routesOnDisk(path.join(dir, e.name), `${id}/${e.name}`))];
}

test('every route on disk has a row in the authorisation matrix', () => {
	const missing = routesOnDisk().filter((id) => !(id in ROUTES));
	expect(missing, 'add a row to ROUTES in tests/e2e/authz-matrix.spec.ts for each new route').toEqual([]);
	const stale = Object.keys(ROUTES).filter((id) => !routesOnDisk().includes(id));
	expect(stale, 'rows for routes that no longer exist').toEqual([]);
});

test.describe('authorisation matrix over HTTP', () => {
	// Plain fetch rather than Playwright's client: it returns at the headers, so live-update
	// streams can be checked too, and it sends the Secure session cookie to http://127.0.0.1.
	const cookies = new Map<Who, string>();
	const ids = { account: '', organisation: '' };
	let base = '';

	async function as(who: Who, pathname: string, init: RequestInit = {}): Promise<{ status: number; location: string; body: string | null }> {
		const headers = new Headers(init.headers);
		const cookie = cookies.get(who);
		if (cookie) headers.set('cookie', cookie);
		const res = await fetch(base + pathname, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
		const streaming = res.headers.get('content-type')?.startsWith('text/event-stream');
		const body = streaming ? null : await res.text();
		if (streaming) await res.body?.cancel();
		return { status: res.status, location: res.headers.get('location') ?? '', body };
	}

	test.beforeAll(async ({ baseURL }) => {
		base = baseURL!;
		for (const role of Object.keys(ACCOUNTS) as StaffRole[]) cookies.set(role, await sessionCookie(base, ACCOUNTS[role]));
		// real ids for the detail pages: the demo volunteer v27 (not signed in anywhere) and an organisation
		const accounts = (await as('admin', '/en/staff/admin/accounts?q=v27%40')).body!;
		ids.account = /\/staff\/admin\/accounts\/([0-9A-Z]{26})/.exec(accounts)![1];
		const organisations = (await as('admin', '/en/staff/admin/organisations')).body!;
		ids.organisation = /\/staff\/admin\/organisations\/([0-9A-Z]{26})/.exec(organisations)![1];
	});

	const resolve = (p: string) => p.replace('{account}', ids.account).replace('{organisation}', ids.organisation);

	for (const [id, row] of Object.entries(ROUTES)) {
		test(`GET ${id}`, async () => {
			const results: Record<string, string> = {};
			const wanted: Record<string, string> = {};
			for (const who of WHO) {
				const res = await as(who, resolve(row.path));
				const want = row.expect[who];
				wanted[who] = typeof want === 'number' ? String(want) : `redirect ${want.redirect}`;
				const location = res.location.replace(base, '');
				results[who] =
					typeof want === 'number' || res.status < 300 || res.status >= 400 ? String(res.status) : location.startsWith(want.redirect) ? `redirect ${want.redirect}` : `redirect ${location}`;
			}
			expect(results).toEqual(wanted);
		});
	}

	for (const action of ACTIONS) {
		test(`POST ${action.path} is refused to roles without the right`, async () => {
			for (const who of WHO.filter((w) => w === 'anonymous' || !action.allowed.includes(w as StaffRole))) {
				const res = await as(who, resolve(action.path), {
					method: 'POST',
					body: new URLSearchParams(action.form),
					headers: { origin: base, accept: 'text/html' }
				});
				if (who === 'anonymous') {
					expect(res.status, who).toBe(303);
					expect(res.location, who).toContain('/en/staff/login');
				} else {
					expect(res.status, who).toBe(403);
				}
			}
		});
	}
});
