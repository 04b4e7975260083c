// The production server: adapter-node's handler behind a plain http server, so that static files
// get the same security headers as pages and SIGTERM drains in-flight requests before exiting.
import http from 'node:http';
import compression from 'compression';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// adapter-node builds each request's URL from ORIGIN; without it, from PROTOCOL_HEADER (default
// `https`, as behind a TLS proxy) and the Host header. This server speaks plain HTTP, so with
// neither set (the README's `npm start`) a request's origin would be https://… and the same-origin
// check would refuse every form the browser sends from http://localhost:3000. Say `http` in a
// header of our own, overwritten on every request so a client cannot choose it. ORIGIN (the public
// address behind a proxy) and an operator's PROTOCOL_HEADER take precedence.
const OWN_SCHEME_HEADER = 'x-anju-scheme';
const ownScheme = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (ownScheme) process.env.PROTOCOL_HEADER = OWN_SCHEME_HEADER;
const { handler } = await import(pathToFileURL(path.join(root, 'build/handler.js')).href);

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '0.0.0.0';

// Pages, JSON and other dynamic text compressed (brotli or gzip, as the client accepts); static
// assets are already precompressed by adapter-node and keep their Content-Encoding. Server-sent
// events are never compressed: a compressor buffers, and each event must go out at once.
const compress = compression({
	filter: (req, res) => !String(res.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(req, res)
});

const server = http.createServer((req, res) => {
	res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
	res.setHeader('x-content-type-options', 'nosniff');
	res.setHeader('x-frame-options', 'DENY');
	res.setHeader('referrer-policy', 'no-referrer');
	if (ownScheme) req.headers[OWN_SCHEME_HEADER] = 'http';
	compress(req, res, () => handler(req, res));
});
server.keepAliveTimeout = 5_000;
server.listen(port, host, () => {
	console.log(`Listening on ${host}:${port}`);
});

// Standard output or error whose reader has gone (EPIPE) must not end the process or its drain:
// what cannot be written is lost (the app's log counts its own dropped lines).
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

let stopping = false;
function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: finishing in-flight requests and jobs`);
	const drained = new Promise((resolve) => server.close(resolve));
	// keep-alive connections become idle as their last response goes out: close them then,
	// rather than waiting for keepAliveTimeout
	server.closeIdleConnections();
	setInterval(() => server.closeIdleConnections(), 100).unref();
	// set by the app's jobs module (src/lib/server/jobs.ts): no new runs, waits (at most 5 s) for
	// running ones, releases their locks so the next start or another process takes over at once
	const stopJobs = globalThis[Symbol.for('anju.stopJobs')];
	const jobsStopped = typeof stopJobs === 'function' ? stopJobs().catch(() => {}) : Promise.resolve();
	void Promise.all([drained, jobsStopped]).then(() => process.exit(0));
	setTimeout(() => process.exit(0), 10_000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
