import type { Db } from '$lib/server/db';
import { error, fail, redirect } from '@sveltejs/kit';
import type { RequestEvent } from '@sveltejs/kit';
import { ADDRESS_PAGE, findAddress, findAddresses, SEARCH_CANDIDATES } from '$lib/server/addresses';
import { saveDraft } from '$lib/server/drafts';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { readUpload, storeUpload } from '$lib/server/uploads';
import { mrzReader } from '$lib/server/mrz-pool';
import { textFieldsOf } from '$lib/server/oversize-form';
import type { IncomingMessage } from 'node:http';
import { shanghaiDate } from '$lib/domain/dates';
import { nationalityLists } from '$lib/server/prediction';
import { stepWarnings, type StepWarningCode } from './step-warnings';
import { openDraft, validateStep, type ResidentDraft } from './draft.server';
import type { Journey } from './journey.server';
import { fillFromPassport, markedFields, type PassportMarks } from './passport-fill';
import { ADDRESS_NOT_LISTED, applicableSteps, isStep, normaliseDigits, STEPS, type AllValues, type DraftData, type PassportReadOutcome, type StepName, type Values } from './steps';

const MAX_VALUE_LENGTH = 1000;

function stepOf(param: string): StepName {
	if (!isStep(param)) error(404, 'not found');
	return param;
}

/** The early warnings for a step's saved answers (the lists are read only where they matter). */
async function warningsFor(db: Db, step: StepName, all: AllValues, now: Date): Promise<StepWarningCode[]> {
	const nationality = all.person?.nationality?.trim();
	const basis = all.stay?.basis;
	const lists = step === 'stay' && nationality && (basis === 'visa_free' || basis === 'transit_visa_free') ? await nationalityLists(db, nationality) : undefined;
	return stepWarnings(step, all, shanghaiDate(now), lists);
}

function addressLabel(hit: { label: string; labelEn: string }, lang: string): string {
	// Chinese pages show the official label; every other language the pinyin/English form
	return lang.startsWith('zh') ? hit.label : hit.labelEn;
}

/** A step page's load and action (send, or read the passport's photo), for either journey. */
export function stepPage(journey: Journey) {
	return { load: (event: RequestEvent) => load(journey, event), actions: { default: (event: RequestEvent) => send(journey, event) } };
}

export type StepData = Awaited<ReturnType<typeof load>>;
export type StepActionData = Awaited<ReturnType<typeof send>>;

const stepParam = (event: RequestEvent) => stepOf((event.params as { step?: string }).step ?? '');

async function load(journey: Journey, event: RequestEvent) {
	const step = stepParam(event);
	const { draft, lang, base } = await openDraft(event, journey);
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
		const found = q ? await findAddresses(event.locals.app.db, q, { limit: shown }) : { hits: [], total: 0, capped: false };
		search = { q, results: found.hits.map((h) => ({ id: h.id, label: addressLabel(h, lang), kind: h.kind })), total: found.total, capped: found.capped };
		if (values.addressId && values.addressId !== ADDRESS_NOT_LISTED) {
			const hit = await findAddress(event.locals.app.db, values.addressId);
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
		warnings: await warningsFor(event.locals.app.db, step, draft.data.values, new Date()),
		// the fields still holding what the passport's lines gave, and the last photo reading's outcome
		passport: {
			marked: step === 'document' || step === 'person' ? markedFields(values, draft.data.passport?.marks[step]) : [],
			outcome: step === 'document' ? (draft.data.passport?.outcome ?? null) : null
		},
		photoVersion: values.photoUploadId?.slice(-6) ?? ''
	};
}

/** The step's form as sent: its text answers (digits made ASCII) and the photo, if one came. */
type Received = { values: Values; photo?: File; tooLarge: boolean; intent?: string };

async function receive(event: RequestEvent, step: StepName, draft: ResidentDraft): Promise<Received> {
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
	for (const [key, value] of entries) if (typeof value === 'string' && !['photo', 'photoUploadId', 'intent'].includes(key)) typed[key] = value.slice(0, MAX_VALUE_LENGTH);
	// other digit systems become ASCII here, so the step comes back (and is saved) normalised
	const values = normaliseDigits(step, typed);
	const photo = form?.get('photo');
	// which button sent the form: "intent=read" is the document step's "Fill in my details from this photo"
	const intent = form ? form.get('intent') : null;
	return { values, photo: photo instanceof File && photo.size > 0 ? photo : undefined, tooLarge, intent: typeof intent === 'string' ? intent : undefined };
}

/** Stores the document step's new photo; the error code for the photo field when it cannot be. */
async function storePhoto(event: RequestEvent, values: Values, bytes: Uint8Array, now: Date): Promise<string | undefined> {
	const { db, rateLimits } = event.locals.app;
	if (rateLimits && !(await consume(db, LIMITS.uploadPost, event.getClientAddress())).ok) return 'upload_rate_limited';
	const stored = await storeUpload(db, bytes, now);
	if (!stored.ok) return `upload_${stored.reason}`;
	values.photoUploadId = stored.id;
	return undefined;
}

/**
 * The document and person answers refilled from the passport's lines (typed answers win); the
 * marks of what the passport gave, or the earlier ones when the lines fill nothing.
 */
function withPassport(all: AllValues, data: DraftData, values: Values, now: Date): PassportMarks | undefined {
	const fill = values.mrz ? fillFromPassport({ ...all, document: values }, values.mrz, data.passport?.marks, now) : undefined;
	if (!fill) return data.passport?.marks;
	Object.assign(values, fill.document);
	all.person = fill.person;
	return fill.marks;
}

/**
 * The document step's photo: the one sent with the step before, replaced by a new one when this
 * send has it. The new photo's bytes, and the photo field's error code when it cannot be stored.
 */
async function takePhoto(event: RequestEvent, draft: ResidentDraft, received: Received, values: Values, now: Date): Promise<{ bytes?: Uint8Array; problem?: string }> {
	values.photoUploadId = draft.data.values.document?.photoUploadId ?? '';
	if (received.tooLarge) return { problem: 'upload_too_large' };
	if (!received.photo) return {};
	const bytes = new Uint8Array(await received.photo.arrayBuffer());
	return { bytes, problem: await storePhoto(event, values, bytes, now) };
}

async function send(journey: Journey, event: RequestEvent) {
	const step = stepParam(event);
	const { draft, base } = await openDraft(event, journey);
	const { db } = event.locals.app;
	const now = new Date();

	const received = await receive(event, step, draft);
	if (step === 'document' && received.intent === 'read') return readPassport(event, draft, received, base, now);
	const { values } = received;
	const extraErrors: Record<string, string> = {};
	const all: AllValues = { ...draft.data.values };
	let passport = draft.data.passport;
	if (step === 'document') {
		const { problem } = await takePhoto(event, draft, received, values, now);
		if (problem) extraErrors.photoUploadId = problem;
		// the reading's message has been seen once the step is sent
		const marks = withPassport(all, draft.data, values, now);
		passport = marks && { marks };
	}
	all[step] = values;
	// saved even when something is wrong: a reload or a later visit shows the answers as typed
	if (!(await saveDraft(db, draft.id, { ...draft.data, values: all, passport }, now))) redirect(303, `${base}/expired`);

	const errors = { ...validateStep(step, values, now), ...extraErrors };
	if (step === 'document' && !values.photoUploadId && (!errors.photoUploadId || errors.photoUploadId === 'required')) errors.photoUploadId = 'photo_required';
	if (Object.keys(errors).length) return fail(400, { values, errors });

	// a new warning keeps the resident on the step once, to read it; sending again goes on
	const warnings = await warningsFor(event.locals.app.db, step, all, now);
	const warned = warnings.join(' ');
	if (warnings.length && draft.data.warned?.[step] !== warned) {
		await saveDraft(db, draft.id, { ...draft.data, values: all, passport, warned: { ...draft.data.warned, [step]: warned } }, now);
		return { values, errors: {} as Record<string, string> };
	}

	if (event.url.searchParams.has('change')) redirect(303, `${base}/check`);
	const steps = applicableSteps(all, now);
	const next = steps.slice(steps.indexOf(step) + 1)[0];
	redirect(303, next ? `${base}/${next}` : `${base}/check`);
}

/**
 * "Fill in my details from this photo" on the document step: the photo is stored as the document's
 * photo and its machine-readable lines are read (the same reader as POST /api/v1/uploads with
 * read=mrz). A valid reading fills the document and person answers; any other outcome is said
 * plainly on the step and the resident types as before. What was typed is saved either way.
 */
async function readPassport(event: RequestEvent, draft: ResidentDraft, received: Received, base: string, now: Date) {
	const { db } = event.locals.app;
	const { values } = received;
	let { bytes, problem } = await takePhoto(event, draft, received, values, now);
	if (!problem && !bytes) {
		// no new photo: read the one already sent with this step
		if (values.photoUploadId) bytes = (await readUpload(db, values.photoUploadId))?.bytes;
		else problem = 'photo_required';
	}

	const all: AllValues = { ...draft.data.values };
	let passport = draft.data.passport;
	if (!problem && bytes) {
		const read = await mrzReader().read(bytes, now);
		const outcome: PassportReadOutcome = read.mrz?.valid ? 'read' : read.mrz ? 'unreadable' : read.reason === 'busy' ? 'busy' : 'not_found';
		// a valid reading's lines replace what the box held; the rule checker compares them with the
		// answers the resident finally confirms (MRZ_MISMATCH)
		if (read.mrz?.valid) values.mrz = read.mrz.lines.join('\n');
		passport = { marks: withPassport(all, draft.data, values, now) ?? {}, outcome };
	}
	all.document = values;
	if (!(await saveDraft(db, draft.id, { ...draft.data, values: all, passport }, now))) redirect(303, `${base}/expired`);
	if (problem) return fail(400, { values, errors: { photoUploadId: problem } as Record<string, string> });
	redirect(303, `${base}/document${event.url.searchParams.has('change') ? '?change' : ''}#passport-read`);
}
