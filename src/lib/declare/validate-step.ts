import { makeStepSchemas, toFieldErrors } from '$lib/domain/declaration';
import { declarantError, normaliseDigits, sectionOf, type StepName, type Values } from './steps';

// Its own module (not steps.ts) because it brings the zod schemas: the step page loads it only
// when the resident first leaves a field, so it does not weigh on the page's first load.

/**
 * One step checked with the shared step schema: field path → validation code. The server judges
 * every step with it; the browser runs the same function as the resident leaves a field.
 */
export function validateStep(step: StepName, values: Values, now: Date): Record<string, string> {
	if (step === 'declarant') {
		const code = declarantError(values);
		return code ? { declarant: code } : {};
	}
	const section = sectionOf(step, normaliseDigits(step, values));
	if (section === undefined) return {};
	const result = makeStepSchemas(now)[step].safeParse(section);
	if (result.success) return {};
	const errors: Record<string, string> = {};
	for (const e of toFieldErrors(result.error)) errors[e.path] ??= e.code;
	return errors;
}
