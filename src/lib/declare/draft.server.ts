import { redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { DRAFT_COOKIE, DRAFT_TTL_MS, createDraft, loadDraft, type Draft } from '$lib/server/drafts';
import { isLang, type Lang } from '$lib/i18n';
import type { Db } from '$lib/server/db';
import type { Journey } from './journey.server';
import { applicableSteps, sectionOf, type DraftData } from './steps';
export { validateStep } from './validate-step';

export type ResidentDraft = Draft<DraftData>;

export function setDraftCookie(cookies: Cookies, token: string): void {
	// path '/': the same draft follows the resident into another language
	cookies.set(DRAFT_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: DRAFT_TTL_MS / 1000 });
}

export async function startDraft(db: Db, cookies: Cookies, data: DraftData): Promise<ResidentDraft> {
	const { token, draft } = await createDraft(db, data);
	setDraftCookie(cookies, token);
	return draft;
}

export async function currentDraft(event: Pick<RequestEvent, 'cookies' | 'locals'>): Promise<ResidentDraft | undefined> {
	return loadDraft<DraftData>(event.locals.app.db, event.cookies.get(DRAFT_COOKIE));
}

/** The live draft, or the page that says the answers are gone and offers to start again. */
export async function requireDraft(event: Pick<RequestEvent, 'cookies' | 'params' | 'locals'>, journey: Journey): Promise<ResidentDraft> {
	admit(event, journey);
	const draft = await currentDraft(event);
	if (!draft) redirect(303, `${journey.base(langOf(event))}/expired`);
	return draft;
}

/**
 * The draft a page of the journey works on, with the page's language and the journey's base; a
 * submitted draft's pages go where it belongs now instead (afterSubmission).
 */
export async function openDraft(event: Pick<RequestEvent, 'cookies' | 'params' | 'locals'>, journey: Journey): Promise<{ draft: ResidentDraft; lang: Lang; base: string }> {
	const lang = langOf(event);
	const draft = await requireDraft(event, journey);
	if (draft.data.submission) redirect(303, afterSubmission(journey, lang, draft));
	return { draft, lang, base: journey.base(lang) };
}

/** A request the journey does not admit (the kiosk's, outside a visit) goes to the journey's way in. */
export function admit(event: Pick<RequestEvent, 'cookies' | 'locals'>, journey: Journey): void {
	if (!journey.admits(event.cookies, event.locals.app.db.keys)) redirect(303, journey.outside);
}

/** The page's language (the route's `[lang=lang]` parameter has been matched already). */
export function langOf(event: Pick<RequestEvent, 'params'>): Lang {
	const lang = (event.params as { lang?: string }).lang;
	return lang && isLang(lang) ? lang : 'en';
}

/**
 * Where a submitted draft's pages go instead: the confirmation while its access code has not been
 * shown, then the status page — so Back after the confirmation never shows the code again. The
 * kiosk has no status page of its own (its visit ends with the printed slip), so it stays on the
 * confirmation, which shows the code only once.
 */
export function afterSubmission(journey: Journey, lang: string, draft: ResidentDraft): string {
	const submission = draft.data.submission!;
	if (!submission.shown || journey.kind === 'kiosk') return `${journey.base(lang)}/confirmation`;
	return `/${lang}/status/${submission.reference}`;
}

/** The API body of POST /api/v1/declarations from the draft: the same server code judges both. */
export function declarationBody(data: DraftData, lang: string, now: Date): Record<string, unknown> {
	const steps = applicableSteps(data.values, now);
	const v = data.values;
	return {
		declarant: v.declarant?.declarant,
		language: lang,
		person: sectionOf('person', v.person ?? {}),
		document: sectionOf('document', v.document ?? {}),
		stay: sectionOf('stay', v.stay ?? {}),
		accommodation: sectionOf('accommodation', v.accommodation ?? {}),
		host: steps.includes('host') ? sectionOf('host', v.host ?? {}) : undefined,
		guardian: steps.includes('guardian') ? sectionOf('guardian', v.guardian ?? {}) : undefined,
		contact: sectionOf('contact', v.contact ?? {}),
		consent: data.consent
	};
}
