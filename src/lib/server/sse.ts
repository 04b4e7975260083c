// Server-sent events without a broker: the stream asks the database every POLL_MS whether what the
// page shows has changed (a cheap fingerprint query) and, when it has, tells the browser, which
// reloads its data. Because the database is the only shared state, this works the same with one
// process or several behind a load balancer on one PostgreSQL: a change made through any process is
// seen by every stream. Streams end after MAX_MS so the browser reconnects and authorisation is
// checked again; EventSource reconnects by itself.
//
// Bounded: at most MAX_STREAMS_PER_HOLDER streams at once per holder (a staff session, or a
// resident's access to one help request) in each process; a further one gets 429. And a stream
// asks on every poll whether its holder may still have it (`alive`): it ends within a poll when
// the session ends (sign-out, expiry, role change, deactivation).

const POLL_MS = 1_500;
const HEARTBEAT_MS = 15_000;
const MAX_MS = 10 * 60_000;
export const MAX_STREAMS_PER_HOLDER = 4;

const openStreams = new Map<string, number>();

export interface StreamHolder {
	/** Who the stream counts against, e.g. `session:<id>` or `help:<request id>`. */
	key: string;
	/** Asked on every poll: false ends the stream. */
	alive?: () => Promise<boolean>;
}

/** EventSource always asks for text/event-stream; anything else (a plain page load, a crawler) gets 406, not an endless body. */
export function wantsEventStream(request: Request): boolean {
	return (request.headers.get('accept') ?? '').includes('text/event-stream');
}

export function changeStream(fingerprint: () => Promise<string>, signal: AbortSignal | undefined, holder: StreamHolder): Response {
	const count = openStreams.get(holder.key) ?? 0;
	if (count >= MAX_STREAMS_PER_HOLDER) {
		return new Response(null, { status: 429, headers: { 'retry-after': String(POLL_MS / 500), 'cache-control': 'no-store' } });
	}
	openStreams.set(holder.key, count + 1);
	let poll: NodeJS.Timeout | undefined;
	let beat: NodeJS.Timeout | undefined;
	let end: NodeJS.Timeout | undefined;
	let counted = true;
	const stop = () => {
		clearInterval(poll);
		clearInterval(beat);
		clearTimeout(end);
		if (!counted) return;
		counted = false;
		const left = (openStreams.get(holder.key) ?? 1) - 1;
		if (left > 0) openStreams.set(holder.key, left);
		else openStreams.delete(holder.key);
	};
	const stream = new ReadableStream<Uint8Array>({
		async start(controller) {
			const encoder = new TextEncoder();
			let closed = false;
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					closed = true;
					stop();
				}
			};
			const close = () => {
				if (closed) return;
				closed = true;
				stop();
				try {
					controller.close();
				} catch {
					/* already closed by the client */
				}
			};
			let last: string;
			try {
				last = await fingerprint();
			} catch {
				close();
				return;
			}
			send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify(last)}\n\n`);
			let busy = false;
			poll = setInterval(async () => {
				if (busy || closed) return;
				busy = true;
				try {
					if (holder.alive && !(await holder.alive())) {
						close();
						return;
					}
					const now = await fingerprint();
					if (now !== last) {
						last = now;
						send(`event: change\ndata: ${JSON.stringify(now)}\n\n`);
					}
				} catch {
					close();
				} finally {
					busy = false;
				}
			}, POLL_MS);
			beat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS);
			end = setTimeout(close, MAX_MS);
			signal?.addEventListener('abort', close);
			if (signal?.aborted) close();
		},
		cancel() {
			stop();
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' }
	});
}
