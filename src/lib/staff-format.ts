import type { T } from '$lib/i18n';

// How staff pages show codes and times. Codes read as labels in the staff language: the person's and
// document's codes from the translations the resident's form already has (declare namespace, which
// every page loads), help topics and channels in staff wording (staff namespace): one table per kind
// of code, never a second copy. Times read in Asia/Shanghai with the zone named.

/** The label under `prefix.code`; a code without one (an old value) shows as itself. */
function labelOr(t: T, prefix: string, code: string | null | undefined): string {
	if (!code) return '';
	const key = `${prefix}.${code}`;
	const label = t(key);
	return label === key ? code : label;
}

export const sexLabel = (t: T, code: string | null | undefined) => labelOr(t, 'declare.person.sexOption', code);
export const documentTypeLabel = (t: T, code: string | null | undefined) => labelOr(t, 'declare.document.typeOption', code);
export const hostRelationshipLabel = (t: T, code: string | null | undefined) => labelOr(t, 'declare.host.relationshipOption', code);
export const guardianRelationshipLabel = (t: T, code: string | null | undefined) => labelOr(t, 'declare.guardian.relationshipOption', code);
export const topicLabel = (t: T, code: string | null | undefined) => labelOr(t, 'staff.topics', code);
export const channelLabel = (t: T, code: string | null | undefined) => labelOr(t, 'staff.channels', code);
export const declarationStatusLabel = (t: T, code: string | null | undefined) => labelOr(t, 'review.status', code);
export const auditActionLabel = (t: T, code: string | null | undefined) => labelOr(t, 'audit.actions', code);
export const auditRecordLabel = (t: T, code: string | null | undefined) => labelOr(t, 'audit.records', code);

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * An instant as staff read it everywhere: Asia/Shanghai wall time with the zone, "2026-12-07 14:05 UTC+8"
 * (China keeps no daylight saving time, so the offset is fixed). Accepts ISO text with any offset.
 */
export function staffTime(instant: string | Date | null | undefined): string {
	if (!instant) return '';
	const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
	if (Number.isNaN(ms)) return String(instant);
	return `${new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} UTC+8`;
}
