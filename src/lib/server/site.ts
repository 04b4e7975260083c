import { StartupError } from './db';

// The one place that knows the site's public address. Every link the app hands out (receipt and
// verify URLs, e-mail links, the OpenAPI document's `servers`, kiosk QR codes) is built from it,
// never from a request's Host header, which any client can forge.

/** Reads ORIGIN, HOST, PORT and ANJU_DEMO. */
type SiteEnv = Record<string, string | undefined>;

/** The address start-up prints when ORIGIN is unset: where a browser on this machine reaches the server. */
function listeningOrigin(env: SiteEnv): string {
	const host = env.HOST?.trim();
	const name = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
	return `http://${name}:${env.PORT || '3000'}`;
}

/** ORIGIN (the public address), or the printed listening address when it is not set (the demo default). */
export function siteOrigin(env: SiteEnv = process.env): string {
	const configured = env.ORIGIN?.trim();
	if (!configured) return listeningOrigin(env);
	try {
		return new URL(configured).origin;
	} catch {
		return listeningOrigin(env);
	}
}

/** Every link the app hands out, built on `siteOrigin()`: mail, receipts and their QR codes, the kiosk, the API. */
export const siteUrl = {
	/** The resident's status page (follow-up answers), optionally with the reference filled in. */
	status: (lang: string, reference?: string) => `${siteOrigin()}/${lang}/status${reference ? `?reference=${encodeURIComponent(reference)}` : ''}`,
	receipt: (lang: string, reference: string) => `${siteOrigin()}/${lang}/status/${reference}/receipt`,
	/** Anyone can check a receipt here (printed as a QR code on it). */
	verify: (receiptToken: string) => `${siteOrigin()}/verify/${receiptToken}`,
	/** A declaration begun at the kiosk, continued on the resident's phone. */
	continueDeclaration: (lang: string, token: string) => `${siteOrigin()}/${lang}/declare/continue/${token}`,
	helpRequest: (lang: string, reference: string) => `${siteOrigin()}/${lang}/help/${reference}`,
	staffTasks: (lang: string) => `${siteOrigin()}/${lang}/staff/tasks`,
	passwordReset: (lang: string, token: string) => `${siteOrigin()}/${lang}/staff/reset/${token}`
};

/**
 * Start-up check: a real install (demo data off) must name its public address, or every link it
 * sends would point at localhost. ORIGIN must be an http(s) URL.
 */
export function checkSiteOrigin(env: SiteEnv): void {
	const configured = env.ORIGIN?.trim();
	if (!configured) {
		if (env.ANJU_DEMO === '0')
			throw new StartupError('ORIGIN is not set: with ANJU_DEMO=0 set ORIGIN to the public address, e.g. ORIGIN=https://anju.example.org (receipts, e-mails and the API link to it).');
		return;
	}
	let url: URL;
	try {
		url = new URL(configured);
	} catch {
		throw new StartupError(`ORIGIN is not a URL: set it to the public address, e.g. ORIGIN=https://anju.example.org.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StartupError('ORIGIN must start with https:// or http://, e.g. ORIGIN=https://anju.example.org.');
}
