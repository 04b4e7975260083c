// The body of POST /api/v1/help-requests (DESIGN.md §5), shared by the API, the help form and
// the OpenAPI document. Issue messages are validation codes, translated at the edge.

import * as z from 'zod';
import { contact, LANGUAGES, toFieldErrors, type ValidationCode } from './declaration';

export const HELP_TOPICS = ['registration', 'legal', 'medical', 'education', 'other'] as const;
export const HELP_CHANNELS = ['phone', 'video', 'in_person', 'chat'] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];
export type HelpChannel = (typeof HELP_CHANNELS)[number];

/** Topics that go to the queue of partner organisations of the same kind. */
export const PARTNER_TOPICS: ReadonlySet<HelpTopic> = new Set(['legal', 'medical', 'education']);

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: (issue) => (issue.input === undefined ? 'required' : 'invalid_choice') });

export const helpRequestInput = z.strictObject(
	{
		language: choice(LANGUAGES),
		topic: choice(HELP_TOPICS),
		channel: choice(HELP_CHANNELS),
		contact,
		note: z.string({ error: 'invalid_type' }).trim().max(1000, { error: 'too_long' }).optional(),
		declarationReference: z
			.string({ error: 'invalid_type' })
			.trim()
			.max(20, { error: 'too_long' })
			.regex(/^[A-Za-z0-9-]+$/, { error: 'invalid_format' })
			.optional()
	},
	{ error: (issue) => (issue.code === 'unrecognized_keys' ? 'unknown_field' : issue.input === undefined ? 'required' : 'invalid_type') }
);

export type HelpRequestInput = z.output<typeof helpRequestInput>;

/**
 * "Call an interpreter" at the kiosk: an in-person request made in the service centre, where the
 * visitor waits to be fetched, so a phone or e-mail is welcome but not needed. Only the kiosk's
 * action uses it; the API and the help form keep `helpRequestInput`, which needs a contact.
 */
export const kioskHelpRequestInput = helpRequestInput.extend({
	channel: choice(['in_person'] as const),
	contact: contact.optional()
});

export type HelpFieldError = { path: string; code: ValidationCode | 'unsupported_language' };

/**
 * Field errors of a help request. A language we do not offer is its own code, so the resident
 * (or the calling program) is told exactly that rather than a generic "invalid choice".
 */
export function helpRequestErrors(error: { issues: readonly z.core.$ZodIssue[] }): HelpFieldError[] {
	return toFieldErrors(error).map((e) => (e.path === 'language' && e.code === 'invalid_choice' ? { path: e.path, code: 'unsupported_language' } : e));
}

/** What a helper records when the task is done: how long it took and a short, non-personal note. */
export const MAX_DURATION_MINUTES = 24 * 60;
export const MAX_COMPLETION_NOTE = 280;
export const MAX_MESSAGE_LENGTH = 2000;
export const LANGUAGE_LEVELS = ['native', 'fluent', 'working'] as const;
export type LanguageLevel = (typeof LANGUAGE_LEVELS)[number];

/**
 * A `tel:` link for a contact number as the resident typed it: digits only, with a leading +. A
 * number written with + or 00 keeps its country code; one without is a number in China (the
 * station's country), so it gets +86 and loses its trunk 0 ("0573 8221 0000" → +8657382210000).
 */
export function telUri(phone: string): string | null {
	// "+33 (0)6…": the bracketed trunk 0 is not dialled from abroad
	const trimmed = phone.trim().replace(/\(0\)/g, '');
	const digits = trimmed.replace(/\D/g, '');
	if (digits.length < 6) return null;
	if (trimmed.startsWith('+')) return `tel:+${digits}`;
	if (digits.startsWith('00')) return `tel:+${digits.slice(2)}`;
	return `tel:+86${digits.replace(/^0/, '')}`;
}

/** How long before a claim's lease ends the holder is warned, with a button to renew it. */
export const LEASE_WARNING_MINUTES = 5;
