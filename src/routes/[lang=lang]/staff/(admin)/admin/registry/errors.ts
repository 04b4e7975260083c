import type { T } from '$lib/i18n';

/** A refused registry entry's problems for the error summary: the field's name, then what is wrong with it. */
export function registryErrors(t: T, errors: { field: string; code: string }[] | undefined) {
	return (errors ?? []).map((e) => ({
		id: e.field,
		message: `${t(`review.registry.${e.field}`)}: ${e.code === 'duplicate' ? t('review.registry.duplicate') : t(`validation.${e.code}`)}`
	}));
}
