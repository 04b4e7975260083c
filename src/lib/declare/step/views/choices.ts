import type { T } from '$lib/i18n';

/** Radio or select options from a list of codes, labelled (and optionally hinted) in the page's language. */
export function options(t: T, list: readonly string[], prefix: string, hints = false): { value: string; label: string; hint?: string }[] {
	return list.map((value) => ({ value, label: t(`${prefix}.${value}`), hint: hints ? t(`${prefix}Hint.${value}`) : undefined }));
}
