import type { PageServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { listQueue, queueSummary, type QueueFilters } from '$lib/server/review';
import { FINDING_CODES, type FindingCode } from '$lib/domain/rules';
import { isNationality } from '$lib/domain/nationalities';
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
	const nationality = (p.get('nationality') ?? '').toUpperCase();
	const from = p.get('from') ?? '';
	const to = p.get('to') ?? '';
	const status = p.get('status') === 'needs_information' ? 'needs_information' : 'pending_review';
	const filters: QueueFilters = {
		finding: (FINDING_CODES as readonly string[]).includes(finding) ? (finding as FindingCode) : undefined,
		nationality: isNationality(nationality) ? nationality : undefined,
		addressId: p.get('address') || undefined,
		from: isValidIsoDate(from) ? from : undefined,
		to: isValidIsoDate(to) ? to : undefined,
		status
	};
	const { db } = event.locals.app;
	const [page, summary] = await Promise.all([listQueue(db, filters, decodeCursor(p.get('after'))), queueSummary(db)]);
	const next = page.next ? Buffer.from(`${page.next.submittedAt}|${page.next.id}`).toString('base64url') : null;
	return {
		items: page.items,
		next,
		summary,
		filter: { finding: filters.finding ?? '', nationality: filters.nationality ?? '', address: filters.addressId ?? '', from: filters.from ?? '', to: filters.to ?? '', status },
		findingCodes: [...FINDING_CODES],
		now: new Date().toISOString()
	};
};
