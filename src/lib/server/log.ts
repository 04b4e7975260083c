import fs from 'node:fs';
import pino from 'pino';

// Standard output as pino's destination, written so that a reader that is slow or gone never
// holds up a request or shutdown. pino's own synchronous destination retries a full or broken
// pipe (EAGAIN, EPIPE) in a loop, and at exit it flushes synchronously: once whatever read our
// output had gone (a restarted collector, a closed terminal), SIGTERM never finished. Here a full
// pipe keeps a bounded backlog that is retried off the request path; a broken pipe ends writing;
// whatever cannot be written is dropped and counted (anju_log_lines_dropped_total).

const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 50;

let dropped = 0;
let gone = false;
let backlog: Buffer[] = [];
let backlogBytes = 0;
let retry: NodeJS.Timeout | undefined;

/** Log lines dropped since start because standard output could not take them. */
export function droppedLogLines(): number {
	return dropped;
}

let fd: number | undefined;

/**
 * Standard output's file descriptor, or, when it is a pipe, the same pipe opened again without
 * blocking (Linux): Node makes fd 1 blocking for pipes, so a write to a full pipe whose reader has
 * stalled would hold up the whole process. Files and terminals keep fd 1 (reopening a file would
 * lose its position).
 */
function output(): number {
	if (fd !== undefined) return fd;
	fd = 1;
	try {
		if (fs.fstatSync(1).isFIFO()) fd = fs.openSync('/proc/self/fd/1', fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
	} catch {
		/* no /proc, or no reader at this moment: fd 1 as it is */
	}
	return fd;
}

/** Writes as much of `bytes` as the pipe takes now; the number of bytes written. */
function writeNow(bytes: Buffer): number {
	let offset = 0;
	while (offset < bytes.length) {
		try {
			offset += fs.writeSync(output(), bytes, offset);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return offset;
			// EPIPE (the reader has gone), EBADF, …: nothing will ever be written again
			gone = true;
			return offset;
		}
	}
	return offset;
}

function drop(lines: number): void {
	dropped += lines;
}

function flushBacklog(): void {
	retry = undefined;
	while (backlog.length && !gone) {
		const head = backlog[0];
		const written = writeNow(head);
		if (written < head.length) {
			backlog[0] = head.subarray(written);
			backlogBytes -= written;
			break;
		}
		backlog.shift();
		backlogBytes -= head.length;
	}
	if (gone) {
		drop(backlog.length);
		backlog = [];
		backlogBytes = 0;
	} else if (backlog.length) {
		retry = setTimeout(flushBacklog, RETRY_MS);
		retry.unref(); // never keeps the process alive, so never delays an exit
	}
}

const stdout = {
	write(line: string): void {
		if (gone) return drop(1);
		const bytes = Buffer.from(line);
		if (backlog.length === 0) {
			const written = writeNow(bytes);
			if (written === bytes.length) return;
			if (gone) return drop(1);
			backlog.push(bytes.subarray(written));
			backlogBytes += bytes.length - written;
		} else if (backlogBytes + bytes.length > MAX_BACKLOG_BYTES) {
			return drop(1);
		} else {
			backlog.push(bytes);
			backlogBytes += bytes.length;
		}
		retry ??= setTimeout(flushBacklog, RETRY_MS).unref();
	}
};

// JSON logs. Personal data and tokens never reach them: callers log ids, codes and counts only,
// and these paths are redacted as a second line of defence.
export const log = pino(
	{
		level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'warn' : 'info'),
		base: undefined,
		redact: {
			// each name at the top level of a log call and one level down (pino's `*.x` is one level only)
			paths: [
				...['password', 'token', 'accessCode', 'cookie', 'authorization', 'email', 'phone', 'person', 'document', 'host', 'contact'].flatMap((k) => [k, `*.${k}`]),
				'req.headers.cookie',
				'req.headers.authorization',
				'req.headers["x-access-code"]'
			],
			censor: '[redacted]'
		}
	},
	stdout
);
