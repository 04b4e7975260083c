import type { T } from '$lib/i18n';

// Findings hidden from residents keep their staff texts in the review namespace, which only staff
// pages load: the findings namespace goes to every public page and must not name them.
const STAFF_ONLY: ReadonlySet<string> = new Set(['WATCHLIST']);

/** A finding's label or explanation for staff. */
export function staffFindingText(t: T, code: string, part: 'label' | 'staff'): string {
	return STAFF_ONLY.has(code) ? t(`review.finding.${code}.${part}`) : t(`findings.${code}.${part}`);
}
