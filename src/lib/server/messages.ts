import type { T } from '$lib/i18n';
import type { Finding } from '$lib/domain/rules';

/** Field errors with their message in the caller's language (keys `validation.<code>`). */
export function validationMessages(t: T, errors: { path: string; code: string }[]): { path: string; code: string; message: string }[] {
	return errors.map((e) => ({ path: e.path, code: e.code, message: t(`validation.${e.code}`) }));
}

/** Visible findings with the resident's explanation (keys `findings.<CODE>.resident`). */
export function findingMessages(t: T, findings: Finding[]): { code: string; severity: string; message: string }[] {
	return findings.map((f) => ({ code: f.code, severity: f.severity, message: t(`findings.${f.code}.resident`) }));
}
