import pino from 'pino';

// JSON logs. Personal data and tokens never reach them: callers log ids, codes and counts only,
// and these paths are redacted as a second line of defence.
export const log = pino({
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
});
