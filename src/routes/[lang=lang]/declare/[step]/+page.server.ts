import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { app } from '$lib/server/app';
import { ADDRESS_PAGE, findAddress, findAddresses, SEARCH_CANDIDATES } from '$lib/server/addresses';
import { saveDraft } from '$lib/server/drafts';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { storeUpload } from '$lib/server/uploads';
import { textFieldsOf } from '$lib/server/oversize-form';
import type { IncomingMessage } from 'node:http';
import { parseTd3, requiredChecksPass } from '$lib/domain/mrz';
import { shanghaiDate } from '$lib/domain/dates';
import { nationalityLists } from '$lib/server/prediction';
import { stepWarnings, type StepWarningCode } from '../step-warnings';
import { afterSubmission, declareBase, requireDraft, validateStep } from '../draft.server';
import { ADDRESS_NOT_LISTED, applicableSteps, datePartsOf, isStep, normaliseDigits, STEPS, type AllValues, type StepName, type Values } from '../steps';

const MAX_VALUE_LENGTH = 1000;

function stepOf(param: string): StepName {
	if (!isStep(param)) error(404, 'not found');
	return param;
}

/** The early warnings for a step's saved answers (the lists are read only where they matter). */
async function warningsFor(step: StepName, all: AllValues, now: Date): Promise<StepWarningCode[]> {
	const nationality = all.person?.nationality?.trim();
	const basis = all.stay?.basis;
	const lists = step === 'stay' && nationality && (basis === 'visa_free' || basis === 'transit_visa_free') ? await nationalityLists(app().db, nationality) : undefined;
	return stepWarnings(step, all, shanghaiDate(now), lists);
}

function addressLabel(hit: { label: string; labelEn: string }, lang: string): string {
	// Chinese pages show the official label; every other language the pinyin/English form
	return lang.startsWith('zh') ? hit.label : hit.labelEn;
}

export const load: PageServerLoad = async (event) => {
	const step = stepOf(event.params.step);
	const draft = await requireDraft(event);
	const { lang } = event.params;
	const base = declareBase(event);
	if (draft.data.submission) redirect(303, afterSubmission(event, draft));
	if (!draft.data.consent) redirect(303, base);
	const steps = applicableSteps(draft.data.values, new Date());
	if (!steps.includes(step)) {
		const next = steps.find((s) => STEPS.indexOf(s) > STEPS.indexOf(step));
		redirect(303, `${base}/${next ?? 'check'}`);
	}
	const values = draft.data.values[step] ?? {};
	const index = steps.indexOf(step);
	const change = event.url.searchParams.has('change');

	let search: { q: string; results: { id: string; label: string; kind: string }[]; total: number; capped: boolean } | null = null;
	let selected: { id: string; label: string } | null = null;
	if (step === 'accommodation') {
		const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, 100);
		// "Show more" without JavaScript: the same search with the next page added (?shown=20, 30…)
		const shown = Math.min(Math.max(Math.floor(Number(event.url.searchParams.get('shown')) || ADDRESS_PAGE), ADDRESS_PAGE), SEARCH_CANDIDATES);
		const found = q ? await findAddresses(app().db, q, { limit: shown }) : { hits: [], total: 0, capped: false };
		search = { q, results: found.hits.map((h) => ({ id: h.id, label: addressLabel(h, lang), kind: h.kind })), total: found.total, capped: found.capped };
		if (values.addressId && values.addressId !== ADDRESS_NOT_LISTED) {
			const hit = await findAddress(app().db, values.addressId);
			if (hit) selected = { id: hit.id, label: addressLabel(hit, lang) };
		}
	}
	return {
		base,
		step,
		values,
		index: index + 1,
		total: steps.length,
		back: change ? `${base}/check` : index > 0 ? `${base}/${steps[index - 1]}` : base,
		change,
		search,
		selected,
		hasPhoto: step === 'document' && !!values.photoUploadId,
		warnings: await warningsFor(step, draft.data.values, new Date()),
		photoVersion: values.photoUploadId?.slice(-6) ?? ''
	};
};

/** Fills the empty person and document answers from a valid MRZ (typed values always win). */
function fillFromMrz(all: AllValues, doc: Values): void {
	const parsed = doc.mrz ? parseTd3(doc.mrz) : undefined;
	if (!parsed?.ok || !requiredChecksPass(parsed.checks)) return;
	const f = parsed.fields;
	const empty = (v: Values, ...keys: string[]) => keys.every((k) => !(v[k] ?? '').trim());
	if (empty(doc, 'number')) doc.number = f.documentNumber;
	if (empty(doc, 'type')) doc.type = 'passport';
	if (f.expiryDate && empty(doc, 'expiryDate-day', 'expiryDate-month', 'expiryDate-year')) Object.assign(doc, datePartsOf('expiryDate', f.expiryDate));
	const person = { ...all.person };
	if (empty(person, 'surname')) person.surname = f.surname;
	if (empty(person, 'givenNames')) person.givenNames = f.givenNames;
	if (empty(person, 'sex')) person.sex = f.sex;
	if (empty(person, 'nationality')) person.nationality = f.nationality;
	if (f.dateOfBirth && empty(person, 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year')) Object.assign(person, datePartsOf('dateOfBirth', f.dateOfBirth));
	all.person = person;
}

export const actions: Actions = {
	default: async (event) => {
		const step = stepOf(event.params.step);
		const draft = await requireDraft(event);
		const base = declareBase(event);
		if (draft.data.submission) redirect(303, afterSubmission(event, draft));
		const ctx = app();
		const now = new Date();

		let form: FormData | undefined;
		let tooLarge = false;
		try {
			form = await event.request.formData();
		} catch (e) {
			// over BODY_SIZE_LIMIT (a large photo without JavaScript): the step comes back with its
			// other answers, read from the raw request, and a "too large" error at the photo
			// anything else is the formBodies hook's translated 400: pass it on as it is
			if ((e as { status?: unknown } | null)?.status !== 413) throw e;
			tooLarge = true;
		}
		let entries: Iterable<[string, FormDataEntryValue]>;
		if (form) entries = form;
		else {
			const raw = await textFieldsOf((event.platform as { req?: IncomingMessage } | undefined)?.req);
			entries = Object.entries(raw ?? draft.data.values[step] ?? {});
		}
		const typed: Values = {};
		for (const [key, value] of entries) if (typeof value === 'string' && key !== 'photo' && key !== 'photoUploadId') typed[key] = value.slice(0, MAX_VALUE_LENGTH);
		// other digit systems become ASCII here, so the step comes back (and is saved) normalised
		const values = normaliseDigits(step, typed);
		const extraErrors: Record<string, string> = {};

		const all: AllValues = { ...draft.data.values };
		if (step === 'document') {
			values.photoUploadId = draft.data.values.document?.photoUploadId ?? '';
			const photo = form?.get('photo');
			if (tooLarge) extraErrors.photoUploadId = 'upload_too_large';
			else if (photo instanceof File && photo.size > 0) {
				if (ctx.rateLimits && !(await consume(ctx.db, LIMITS.uploadPost, event.getClientAddress())).ok) {
					extraErrors.photoUploadId = 'upload_rate_limited';
				} else {
					const stored = await storeUpload(ctx, new Uint8Array(await photo.arrayBuffer()), now);
					if (stored.ok) values.photoUploadId = stored.id;
					else extraErrors.photoUploadId = `upload_${stored.reason}`;
				}
			}
			fillFromMrz(all, values);
		}
		all[step] = values;
		// saved even when something is wrong: a reload or a later visit shows the answers as typed
		if (!(await saveDraft(ctx, draft.id, { ...draft.data, values: all }, now))) redirect(303, `${base}/expired`);

		const errors = { ...validateStep(step, values, now), ...extraErrors };
		if (step === 'document' && !values.photoUploadId && (!errors.photoUploadId || errors.photoUploadId === 'required')) errors.photoUploadId = 'photo_required';
		if (Object.keys(errors).length) return fail(400, { values, errors });

		// a new warning keeps the resident on the step once, to read it; sending again goes on
		const warnings = await warningsFor(step, all, now);
		const warned = warnings.join(' ');
		if (warnings.length && draft.data.warned?.[step] !== warned) {
			await saveDraft(ctx, draft.id, { ...draft.data, values: all, warned: { ...draft.data.warned, [step]: warned } }, now);
			return { values, errors: {} as Record<string, string> };
		}

		if (event.url.searchParams.has('change')) redirect(303, `${base}/check`);
		const steps = applicableSteps(all, now);
		const next = steps.slice(steps.indexOf(step) + 1)[0];
		redirect(303, next ? `${base}/${next}` : `${base}/check`);
	}
};
