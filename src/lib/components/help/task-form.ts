/** What the actions of a staff member's task page (volunteer or partner) can answer with. */
export interface TaskForm {
	actionError?: string;
	messageError?: string;
	completeErrors?: Record<string, string>;
	values?: Record<string, string>;
	translationError?: string;
	translationValue?: string;
}
