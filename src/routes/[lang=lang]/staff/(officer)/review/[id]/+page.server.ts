import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canReviewDeclarations } from '$lib/server/authz';
import { decide, declarationHeader, nextInQueue, openDeclaration, REJECT_REASONS, type Decision, type RejectReason } from '$lib/server/review';
import { getTemplate, listTemplates } from '$lib/server/question-templates';
import { checkValues, fieldLabels, renderTemplate, withBlanks, type TemplateField } from '$lib/domain/question-template';
import { addDays } from '$lib/domain/dates';
import { isLang, type Lang } from '$lib/i18n';
import { parseTd3 } from '$lib/domain/mrz';
import { actorOf, requireStaff } from '../../../guard';
import { amendmentsOf } from '$lib/server/amendments';
import { addressLabels } from '$lib/server/addresses';
import { nationalityName } from '$lib/nationality-options';
import { amendmentView } from './amendments';
import { conversationFor } from '$lib/server/translations';
import { needsTranslation } from '$lib/domain/translation';
import { keepDraft, takeDraft, type DraftAction } from './draft';

const MAX_NOTE = 1000;

export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, canReviewDeclarations);
	// what was typed into a decision when the session had ended, back after signing in again
	const draft = takeDraft(event, user.id);
	const detail = await openDeclaration(event.locals.app.db, event.params.id, actorOf(event));
	if (!detail) error(404, event.locals.t('review.detail.notFound'));
	const mrz = detail.current?.document.mrz ? parseTd3(detail.current.document.mrz) : null;
	const { row } = detail;
	const residentLang: Lang = isLang(row.language) ? row.language : 'en';
	const templates = row.status === 'pending_review' ? await listTemplates(event.locals.app.db, { activeOnly: true }) : [];
	const chosenId = event.url.searchParams.get('template');
	const chosen = chosenId ? templates.find((q) => q.id === chosenId) : undefined;
	// the questions and answers with the volunteers' translations (their view audited there)
	const conversation = await conversationFor(event.locals.app.db, { id: row.id, language: row.language }, actorOf(event));
	const stay = detail.current?.stay;
	// a template's {{fields}} read as blanks named in the staff language ("on [Date]")
	const t = event.locals.t;
	const labelsOf = (fields: TemplateField[]) => fieldLabels(fields, (kind) => t(`review.decision.templateFieldLabel.${kind}`));
	const readable = (text: string, fields: TemplateField[]) => withBlanks(text, (name) => t('review.decision.templateBlank', { label: labelsOf(fields)[name] ?? name }));
	// the end of a visa-free stay is computed, not typed: show it where the officer looks
	const computedStayEnd = stay?.entryDate && (stay.basis === 'visa_free' || stay.basis === 'transit_visa_free') ? addDays(stay.entryDate, stay.basis === 'visa_free' ? 30 : 10) : null;
	// the resident's corrections, before and after; passport pages load through the audited routes
	const amendments = detail.submitted ? amendmentsOf(detail.submitted, detail.events) : [];
	const addressIds = amendments.flatMap((a) => a.changes.filter((c) => c.path === 'accommodation.addressId').flatMap((c) => [c.before, c.after]));
	const addresses = await addressLabels(event.locals.app.db, [...new Set(addressIds.filter((x): x is string => !!x))]);
	const base = `/${event.locals.lang}/staff/review/${row.id}`;
	const viewContext = {
		t: event.locals.t,
		country: (code: string) => `${nationalityName(event.locals.lang, event.locals.t, code)} (${code})`,
		addresses,
		photoHref: (uploadId: string) => (uploadId === row.photo_upload_id ? `${base}/photo` : `${base}/attachment/${uploadId}`)
	};
	// under the MRZ: where the lines of the newest passport page sent with an answer came from, or why there are none
	const newPassport = amendments.findLast((a) => a.changes.some((c) => c.path === 'document.photoUploadId'));
	const read = newPassport ? (newPassport.passportRead?.outcome ?? 'none') : null;
	const mrzNote =
		newPassport && read !== 'read'
			? { key: `review.amendment.read.${read}`, at: newPassport.at }
			: newPassport && detail.current?.document.mrz
				? { key: 'review.amendment.mrzFromNew', at: newPassport.at }
				: null;
	return {
		draft,
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
		conversation,
		amended: JSON.stringify(detail.current) !== JSON.stringify(detail.submitted),
		amendments: amendments.map((a) => amendmentView(a, viewContext)),
		mrzNote,
		mrz: mrz && mrz.ok ? { fields: mrz.fields, lines: mrz.lines } : null,
		findings: detail.findings,
		// an amendment's whole answers are shown as its before/after, not sent again with the history
		events: detail.events.map((e) => (e.type === 'amended' ? { ...e, data: null } : e)),
		samePerson: detail.samePerson,
		sameUnit: detail.sameUnit,
		rejectReasons: [...REJECT_REASONS],
		watchlistReasons: detail.watchlistReasons,
		computedStayEnd,
		residentLang,
		freeTextTranslated: needsTranslation(residentLang),
		templates: templates.map((q) => ({ id: q.id, text: readable(q.texts[event.locals.lang] ?? q.texts.en ?? q.key, q.fields), inResidentLang: !!q.texts[residentLang] })),
		chosenTemplate: chosen
			? {
					id: chosen.id,
					text: readable(chosen.texts[event.locals.lang] ?? chosen.texts.en ?? '', chosen.fields),
					residentText: chosen.texts[residentLang] ? readable(chosen.texts[residentLang], chosen.fields) : null,
					fields: chosen.fields.map((f) => ({ ...f, label: labelsOf(chosen.fields)[f.name] }))
				}
			: null
	};
};

function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

type Built = Decision | { error: string; field: string; params?: Record<string, string> };

async function run(event: Parameters<Actions[string]>[0], action: DraftAction, build: (form: FormData) => Built | Promise<Built>) {
	// the session ended while the officer typed: keep the text for after sign-in (requireStaff sends them there)
	if (!event.locals.user) keepDraft(event, action, await event.request.formData());
	requireStaff(event, canReviewDeclarations);
	const form = await event.request.formData();
	const version = Number(text(form, 'version'));
	const decision = await build(form);
	if ('error' in decision) {
		const values: Record<string, string> = {};
		for (const [k, v] of form) if (k !== 'version' && typeof v === 'string') values[k] = v;
		const params: Record<string, string> = decision.params ?? {};
		return fail(400, { field: decision.field, error: decision.error, params, values });
	}
	const result = await decide(event.locals.app.db, event.params.id, version, decision, actorOf(event));
	if (!result.ok) {
		if (result.reason === 'not_found') error(404, event.locals.t('review.detail.notFound'));
		const note = decision.kind === 'approve' ? 'approve-note' : 'reject-note';
		if (result.reason === 'reason_required')
			return fail(400, { field: note, error: 'review.decision.waitingReasonRequired', params: {} as Record<string, string>, values: {} as Record<string, string> });
		return fail(409, { field: '', error: 'review.decision.alreadyDecided', params: {} as Record<string, string>, values: {} as Record<string, string> });
	}
	if (text(form, 'then') === 'next') {
		// "decide and go to the next": the officer stays in the queue
		const next = await nextInQueue(event.locals.app.db, event.params.id);
		const reference = (await declarationHeader(event.locals.app.db, event.params.id))?.reference ?? '';
		const done = `decided=${decision.kind}&ref=${encodeURIComponent(reference)}`;
		redirect(303, next ? `/${event.locals.lang}/staff/review/${next.id}?${done}` : `/${event.locals.lang}/staff/review?${done}`);
	}
	redirect(303, `/${event.locals.lang}/staff/review/${event.params.id}?decided=${decision.kind}`);
}

export const actions: Actions = {
	approve: (event) =>
		run(event, 'approve', (form) => {
			const note = text(form, 'note');
			if (note.length > MAX_NOTE) return { field: 'approve-note', error: 'review.decision.tooLong' };
			return { kind: 'approve', note };
		}),
	reject: (event) =>
		run(event, 'reject', (form) => {
			const reason = text(form, 'reason');
			const note = text(form, 'note');
			if (!(REJECT_REASONS as readonly string[]).includes(reason)) return { field: 'reject-reason', error: 'review.decision.reasonRequired' };
			if (note.length > MAX_NOTE) return { field: 'reject-note', error: 'review.decision.tooLong' };
			return { kind: 'reject', reason: reason as RejectReason, note };
		}),
	request: (event) =>
		run(event, 'request', async (form) => {
			const templateId = text(form, 'template');
			if (templateId) {
				const template = await getTemplate(event.locals.app.db, templateId);
				if (!template || !template.active) return { field: 'template', error: 'review.decision.templateUnknown' };
				const detailLang = (await declarationHeader(event.locals.app.db, event.params.id))?.language;
				const residentLang: Lang = isLang(detailLang) ? detailLang : 'en';
				// the resident must be able to read it: a template not yet in their language is refused
				if (!template.texts[residentLang]) return { field: 'template', error: 'review.decision.templateUntranslated', params: { language: residentLang } };
				const given: Record<string, string> = {};
				for (const f of template.fields) given[f.name] = text(form, `field-${f.name}`);
				const checked = checkValues(template.fields, given);
				if (!checked.ok) return { field: `field-${checked.field}`, error: `review.decision.templateField.${template.fields.find((f) => f.name === checked.field)?.kind ?? 'code'}` };
				const asked = { id: template.id, key: template.key, version: template.version, fields: template.fields, texts: template.texts, values: checked.values };
				const officerLang: Lang = template.texts[event.locals.lang] ? event.locals.lang : 'zh-hans';
				// the officer's own words added to the template: free text, translated for the resident like a free-text question
				const note = text(form, 'note');
				if (note.length > MAX_NOTE) return { field: 'template-note', error: 'review.decision.tooLong' };
				return { kind: 'request_information', question: renderTemplate(asked, officerLang) ?? '', language: officerLang, template: asked, ...(note ? { note } : {}) };
			}
			const question = text(form, 'question');
			if (!question) return { field: 'question', error: 'review.decision.questionRequired' };
			if (question.length > MAX_NOTE) return { field: 'question', error: 'review.decision.tooLong' };
			return { kind: 'request_information', question, language: event.locals.lang };
		})
};
