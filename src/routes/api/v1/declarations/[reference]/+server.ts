import type { RequestHandler } from './$types';
import { findForResident } from '$lib/server/follow-up';
import { limitByIp, jsonNoStore, problem } from '$lib/server/http';
import { findingMessages } from '$lib/server/messages';
import { guardedAttempt, LIMITS } from '$lib/server/rate-limit';
import { questionFor } from '$lib/domain/question-template';
import { isLang } from '$lib/i18n';
import { translationsOf } from '$lib/server/translations';
import { siteUrl } from '$lib/server/site';

export const GET: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.lookup);
	if (limited) return limited;
	const ip = event.getClientAddress();
	const { db } = event.locals.app;
	const code = event.request.headers.get('x-access-code') ?? '';
	// failures count separately (counted before the look-up, so concurrent guesses cannot slip
	// past), so guessing is slow even below the general limit
	const attempt = await guardedAttempt(db, event.locals.app.rateLimits, LIMITS.lookupFailure, ip, async () => (code ? await findForResident(db, event.params.reference, code) : undefined));
	if (attempt.limited) {
		return problem(429, event.locals.t, 'too-many-requests', { headers: { 'retry-after': String(attempt.retryAfterSeconds) } });
	}
	const found = attempt.result;
	if (!found) {
		return problem(404, event.locals.t, 'not-found', { detail: event.locals.t('common.problem.lookupFailed') });
	}
	const { view } = found;
	const translations = await translationsOf(db, found.row.id);
	return jsonNoStore({
		reference: view.reference,
		status: view.status,
		findings: findingMessages(event.locals.t, view.findings),
		// in the declaration's language, with the officer's words beside a template's translation
		questions: view.questions.map((q) => {
			const shown = questionFor(q, isLang(view.language) ? view.language : 'en', view.language);
			// free text the resident does not read: a volunteer's translation, or that one is on its way
			const translation = q.id ? translations[q.id] : undefined;
			return {
				askedAt: q.askedAt,
				text: shown.text,
				language: shown.lang,
				original: shown.original && { text: shown.original.text, language: shown.original.lang },
				note: q.note ?? null,
				translation: translation ? (translation.state === 'done' ? { by: 'volunteer', language: translation.lang, text: translation.text } : { pending: true, language: translation.lang }) : null
			};
		}),
		rejection: view.rejection && { reason: view.rejection.reason, message: event.locals.t(`declare.status.rejection.reason.${view.rejection.reason}`), note: view.rejection.note },
		checkInDate: view.checkInDate,
		checkOut: view.checkOut,
		stayEnd: view.stayEnd,
		submittedAt: view.submittedAt,
		decidedAt: view.decidedAt,
		verifyUrl: view.receiptToken ? siteUrl.verify(view.receiptToken) : null
	});
};
