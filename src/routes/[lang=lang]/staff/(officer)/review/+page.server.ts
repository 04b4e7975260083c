import type { PageServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { listQueue, queueSummary, type QueueFilters } from '$lib/server/review';
import { FINDING_CODES, type FindingCode } from '$lib/domain/rules';
import { nationalityFromInput } from '$lib/server/nationality-input';
import { nationalityName } from '$lib/nationality-options';
import { isValidIsoDate } from '$lib/domain/dates';
import { requireStaff } from '../../guard';

function decodeCursor(value: string | null): { submittedAt: string; id: string } | null {
	if (!value) return null;
	const [submittedAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
	return submittedAt && id ? { submittedAt, id } : null;
}

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canReviewDeclarations);
	const p = event.url.searchParams;
	const finding = p.get('finding') ?? '';
	const nationalityText = p.get('nationality') ?? '';
	const nationality = nationalityFromInput(event.locals.lang, nationalityText);
	const from = p.get('from') ?? '';
	const to = p.get('to') ?? '';
	const status = p.get('status') === 'needs_information' ? 'needs_information' : 'pending_review';
	const filters: QueueFilters = {
		finding: (FINDING_CODES as readonly string[]).includes(finding) ? (finding as FindingCode) : undefined,
		nationality: nationality || undefined,
		addressId: p.get('address') || undefined,
		from: isValidIsoDate(from) ? from : undefined,
		to: isValidIsoDate(to) ? to : undefined,
		status
	};
	const { db } = event.locals.app;
	// a nationality that names no country lists nothing, rather than the whole queue as if it matched
	const [page, summary] = await Promise.all([nationality === null ? { items: [], next: null } : listQueue(db, filters, decodeCursor(p.get('after'))), queueSummary(db)]);
	const next = page.next ? Buffer.from(`${page.next.submittedAt}|${page.next.id}`).toString('base64url') : null;
	return {
		items: page.items,
		next,
		summary,
		filter: {
			finding: filters.finding ?? '',
			// a known country is shown by its name; what named none stays as typed, with the message
			nationality: nationality ? `${nationalityName(event.locals.lang, event.locals.t, nationality)} (${nationality})` : nationalityText.slice(0, 100),
			address: filters.addressId ?? '',
			from: filters.from ?? '',
			to: filters.to ?? '',
			status
		},
		nationalityError: nationality === null ? event.locals.t('staff.nationality.unknown', { value: nationalityText.slice(0, 100) }) : undefined,
		findingCodes: [...FINDING_CODES],
		now: new Date().toISOString()
	};
};
