import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { findForResident } from '$lib/server/declarations';
import { limitByIp, jsonNoStore, problem } from '$lib/server/http';
import { findingMessages } from '$lib/server/messages';
import { consume, isBlocked, LIMITS } from '$lib/server/rate-limit';
import { siteOrigin } from '$lib/server/site';

export const GET: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.lookup);
	if (limited) return limited;
	const ip = event.getClientAddress();
	const ctx = app();
	if (ctx.rateLimits && (await isBlocked(ctx.db, LIMITS.lookupFailure, ip))) {
		return problem(429, event.locals.t, 'too-many-requests', { headers: { 'retry-after': String(LIMITS.lookupFailure.windowSeconds) } });
	}
	const code = event.request.headers.get('x-access-code') ?? '';
	const found = code ? await findForResident(ctx, event.params.reference, code) : undefined;
	if (!found) {
		// failures count separately, so guessing is slow even below the general limit
		if (ctx.rateLimits) await consume(ctx.db, LIMITS.lookupFailure, ip);
		return problem(404, event.locals.t, 'not-found', { detail: event.locals.t('common.problem.lookupFailed') });
	}
	const { view } = found;
	return jsonNoStore({
		reference: view.reference,
		status: view.status,
		findings: findingMessages(event.locals.t, view.findings),
		questions: view.questions,
		rejection: view.rejection && { reason: view.rejection.reason, message: event.locals.t(`declare.status.rejection.reason.${view.rejection.reason}`), note: view.rejection.note },
		checkInDate: view.checkInDate,
		checkOut: view.checkOut,
		stayEnd: view.stayEnd,
		submittedAt: view.submittedAt,
		decidedAt: view.decidedAt,
		verifyUrl: view.receiptToken ? `${siteOrigin()}/verify/${view.receiptToken}` : null
	});
};
