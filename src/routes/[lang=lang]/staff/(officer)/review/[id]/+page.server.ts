import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { canReviewDeclarations } from '$lib/server/authz';
import { decide, openDeclaration, REJECT_REASONS, type Decision, type RejectReason } from '$lib/server/review';
import { parseTd3 } from '$lib/domain/mrz';
import { actorOf, requireStaff } from '../../../guard';
import { siteOrigin } from '$lib/server/site';

const MAX_NOTE = 1000;

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canReviewDeclarations);
	const detail = await openDeclaration(app(), event.params.id, actorOf(event));
	if (!detail) error(404, event.locals.t('review.detail.notFound'));
	const mrz = detail.current?.document.mrz ? parseTd3(detail.current.document.mrz) : null;
	const { row } = detail;
	return {
		declaration: {
			id: row.id,
			reference: row.reference,
			status: row.status,
			version: row.version,
			language: row.language,
			submittedAt: row.submitted_at,
			decidedAt: row.decided_at,
			ruleSetVersion: row.rule_set_version,
			ruleContext: JSON.parse(row.rule_context) as Record<string, unknown>,
			hasPhoto: !!row.photo_upload_id,
			addressLabel: detail.addressLabel,
			addressKind: detail.addressKind
		},
		answers: detail.current,
		amended: JSON.stringify(detail.current) !== JSON.stringify(detail.submitted),
		mrz: mrz && mrz.ok ? { fields: mrz.fields, lines: mrz.lines } : null,
		findings: detail.findings,
		events: detail.events,
		samePerson: detail.samePerson,
		sameUnit: detail.sameUnit,
		rejectReasons: [...REJECT_REASONS]
	};
};

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

async function run(event: Parameters<Actions[string]>[0], build: (form: FormData) => Decision | { error: string; field: string }) {
	const user = requireStaff(event, canReviewDeclarations);
	const form = await event.request.formData();
	const version = Number(text(form, 'version'));
	const decision = build(form);
	if ('error' in decision) return fail(400, { field: decision.field, error: decision.error, values: Object.fromEntries([...form].filter(([k]) => k !== 'version')) });
	const result = await decide(app(), event.params.id, version, decision, actorOf(event), { origin: siteOrigin() });
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, event.locals.t('review.detail.notFound'));
		return fail(409, { field: '', error: 'review.decision.alreadyDecided', values: {} });
	}
	void user;
	redirect(303, `/${event.locals.lang}/staff/review/${event.params.id}?decided=${decision.kind}`);
}

export const actions: Actions = {
	approve: (event) =>
		run(event, (form) => {
			const note = text(form, 'note');
			if (note.length > MAX_NOTE) return { field: 'approve-note', error: 'review.decision.tooLong' };
			return { kind: 'approve', note };
		}),
	reject: (event) =>
		run(event, (form) => {
			const reason = text(form, 'reason');
			const note = text(form, 'note');
			if (!(REJECT_REASONS as readonly string[]).includes(reason)) return { field: 'reject-reason', error: 'review.decision.reasonRequired' };
			if (note.length > MAX_NOTE) return { field: 'reject-note', error: 'review.decision.tooLong' };
			return { kind: 'reject', reason: reason as RejectReason, note };
		}),
	request: (event) =>
		run(event, (form) => {
			const question = text(form, 'question');
			if (!question) return { field: 'question', error: 'review.decision.questionRequired' };
			if (question.length > MAX_NOTE) return { field: 'question', error: 'review.decision.tooLong' };
			return { kind: 'request_information', question };
		})
};
