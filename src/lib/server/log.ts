import pino from 'pino';

// JSON logs. Personal data and tokens never reach them: callers log ids, codes and counts only,
// and these paths are redacted as a second line of defence.
export const log = pino({
	level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'warn' : 'info'),
	base: undefined,
	redact: {
		paths: [
			'*.password', '*.token', '*.accessCode', '*.cookie', '*.authorization', '*.email', '*.phone',
			'*.person', '*.document', '*.host', '*.contact', 'req.headers.cookie', 'req.headers.authorization',
			'req.headers["x-access-code"]'
		],
		censor: '[redacted]'
	}
});
