// The stable codes of every validation issue (translated elsewhere as `validation.<code>`) and
// how zod's issues become them: one code per issue, one { path, code } per field error. The
// schemas that raise them are in declaration.ts.

import type * as z from 'zod';

export const VALIDATION_CODES = [
	'required',
	'invalid_type',
	'too_long',
	'invalid_format',
	'invalid_characters',
	'invalid_email',
	'invalid_phone',
	'invalid_choice',
	'unknown_field',
	'invalid_date',
	'invalid_datetime',
	'date_in_future',
	'too_old',
	'invalid_nationality',
	'not_applicable',
	'checkout_before_checkin',
	'entry_after_checkin',
	'checkin_too_far_ahead',
	'mrz_format',
	'mrz_check_digit',
	'invalid_cn_id',
	'invalid_fpr_id',
	'contact_required',
	'consent_required',
	'host_required',
	'address_required',
	'address_conflict',
	'invalid'
] as const;
export type ValidationCode = (typeof VALIDATION_CODES)[number];
const VALIDATION_CODE_SET: ReadonlySet<string> = new Set(VALIDATION_CODES);

// Maps zod's own issues to our codes; set on every schema so `issue.message` is always a code.
type IssueLike = { readonly code: string; readonly input?: unknown; readonly format?: unknown };
export function codeFor(issue: IssueLike): ValidationCode {
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined ? 'required' : 'invalid_type';
		case 'too_big':
			return 'too_long';
		case 'too_small':
			return 'required'; // the only minimum we set is "not blank"
		case 'invalid_format':
			return issue.format === 'email' ? 'invalid_email' : 'invalid_format';
		case 'invalid_value':
			return issue.input === undefined ? 'required' : 'invalid_choice';
		case 'unrecognized_keys':
			return 'unknown_field';
		default:
			return 'invalid';
	}
}

const RECEIVED_UNDEFINED = /received undefined$/;

// An issue raised by a schema without our error map: final issues no longer carry the input.
function foreignCode(issue: z.core.$ZodIssue): ValidationCode {
	if (issue.code === 'invalid_type') return RECEIVED_UNDEFINED.test(issue.message) ? 'required' : 'invalid_type';
	if (issue.code === 'invalid_value') return 'invalid_choice';
	return codeFor(issue);
}

export type FieldError = { path: string; code: ValidationCode };

/** Every issue as { dotted path, code }; unknown keys become one entry per key. */
export function toFieldErrors(error: { issues: readonly z.core.$ZodIssue[] }): FieldError[] {
	const out: FieldError[] = [];
	const seen = new Set<string>();
	const push = (path: readonly PropertyKey[], code: ValidationCode): void => {
		const dotted = path.map(String).join('.');
		const key = dotted + ' ' + code;
		if (seen.has(key)) return;
		seen.add(key);
		out.push({ path: dotted, code });
	};
	for (const issue of error.issues) {
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) push([...issue.path, key], 'unknown_field');
			continue;
		}
		const code = VALIDATION_CODE_SET.has(issue.message) ? (issue.message as ValidationCode) : foreignCode(issue);
		push(issue.path, code);
	}
	return out;
}
