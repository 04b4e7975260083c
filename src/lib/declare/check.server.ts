import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { findAddress } from '$lib/server/addresses';
import { predictDecision } from '$lib/server/prediction';
import { submitDeclaration } from '$lib/server/submission';
import { saveDraft } from '$lib/server/drafts';
import { sendMailAlone } from '$lib/server/mail';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { setStatusAccess } from '$lib/server/access';
import { makeDeclarationSchema, toFieldErrors } from '$lib/domain/declaration';
import { parseTd3 } from '$lib/domain/mrz';
import { mrzDifferences } from '$lib/domain/rules';
import { declarationBody, openDraft } from './draft.server';
import type { Journey } from './journey.server';
import { ADDRESS_NOT_LISTED, applicableSteps } from './steps';

/** The check page's load (answers, what is missing, what will happen) and action (send), for either journey. */
export function checkPage(journey: Journey) {
	return { load: (event: RequestEvent) => load(journey, event), actions: { default: (event: RequestEvent) => send(journey, event) } };
}

export type CheckData = Awaited<ReturnType<typeof load>>;
export type CheckActionData = Awaited<ReturnType<typeof send>>;

async function load(journey: Journey, event: RequestEvent) {
	const { draft, lang, base } = await openDraft(event, journey);
	if (!draft.data.consent) redirect(303, base);
	const now = new Date();
	const steps = applicableSteps(draft.data.values, now);
	// what is still missing or wrong, from the same schema the submission uses
	const parsed = makeDeclarationSchema(now).safeParse(declarationBody(draft.data, lang, now));
	const problems = parsed.success ? [] : toFieldErrors(parsed.error);
	// answers that differ from the passport's machine-readable lines: said now, not only at review
	const mrz = parsed.success && parsed.data.document.mrz ? parseTd3(parsed.data.document.mrz, now) : undefined;
	const mrzDiffers = parsed.success && mrz?.ok ? mrzDifferences(mrz.fields, mrz.lines[0], parsed.data) : [];
	// what will happen when it is sent: the submission's rule checker on these answers (prediction.ts)
	const prediction = parsed.success ? await predictDecision(event.locals.app.db, parsed.data, now) : null;
	const addressId = draft.data.values.accommodation?.addressId;
	const address = addressId && addressId !== ADDRESS_NOT_LISTED ? await findAddress(event.locals.app.db, addressId) : undefined;
	return {
		base,
		steps,
		values: draft.data.values,
		problems,
		mrzDiffers,
		prediction,
		addressLabel: address ? (lang.startsWith('zh') ? address.label : address.labelEn) : null
	};
}

async function send(journey: Journey, event: RequestEvent) {
	const { draft, lang, base } = await openDraft(event, journey);
	const { db, rateLimits } = event.locals.app;
	if (rateLimits && !(await consume(db, LIMITS.declarationPost, event.getClientAddress())).ok) {
		return fail(429, { errors: [{ path: '', code: 'rate_limited' }] });
	}
	const now = new Date();
	// The draft id is the idempotency key: a double tap or a resubmit creates one declaration.
	const result = await submitDeclaration(db, declarationBody(draft.data, lang, now), { idempotencyKey: draft.id, now, intake: event.locals.app.intake });
	if (!result.ok) return fail(400, { errors: result.errors });

	const email = draft.data.values.contact?.email?.trim();
	let emailed = false;
	if (result.created && email) {
		const status = result.status === 'approved' ? 'approved' : 'pending';
		await sendMailAlone(db, { to: email, lang, message: { kind: 'declaration_received', reference: result.reference, status, receiptToken: result.receiptToken ?? null } }, now);
		emailed = true;
	}
	if (result.accessCode) setStatusAccess(event.cookies, db.keys, { reference: result.reference, accessCode: result.accessCode }, now);
	await saveDraft(db, draft.id, {
		...draft.data,
		submission: {
			reference: result.reference,
			accessCode: result.accessCode,
			status: result.status,
			findings: result.findings,
			receiptToken: result.receiptToken,
			emailed: emailed || !!email
		}
	});
	redirect(303, `${base}/confirmation`);
}
