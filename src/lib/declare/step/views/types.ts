import type { Snippet } from 'svelte';
import type { StepData } from '../../step.server';
import type { WithLayout } from '../../page-types';

/** What every step's view gets from the step page (StepPage.svelte, the shell). */
export interface StepViewProps {
	data: WithLayout<StepData>;
	/** The answers shown: as last sent when the server refused them, else as saved. */
	v: Record<string, string>;
	/** A field's translated message, if it has one. */
	err: (field: string) => string | undefined;
	/** The shell's form (enhance, instant checks, the submit button) around this step's fields. */
	form: Snippet<[Snippet]>;
}
