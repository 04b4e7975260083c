import type { RequestHandler } from './$types';
import { KEY_REUSED } from '$lib/server/declarations';
import { submitDeclaration } from '$lib/server/submission';
import { limitByIp, jsonNoStore, problem, readJson } from '$lib/server/http';
import { tFor } from '$lib/server/i18n';
import { LIMITS } from '$lib/server/rate-limit';
import { isLang } from '$lib/i18n';
import { findingMessages, validationMessages } from '$lib/server/messages';
import { siteUrl } from '$lib/server/site';

export const POST: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.declarationPost);
	if (limited) return limited;
	const body = await readJson(event.request, event.locals.t);
	if (!body.ok) return body.response;

	// Answers come back in the declaration's own language when it names one we support.
	const requested = (body.value as { language?: unknown } | null)?.language;
	const lang = typeof requested === 'string' && isLang(requested) ? requested : event.locals.lang;
	const t = tFor(lang);

	const idempotencyKey = event.request.headers.get('idempotency-key');
	if (idempotencyKey !== null && !/^[\x21-\x7e]{8,128}$/.test(idempotencyKey)) {
		return problem(400, t, 'invalid-idempotency-key');
	}
	const result = await submitDeclaration(event.locals.app.db, body.value, { idempotencyKey, intake: event.locals.app.intake });
	// the same key with another body: nothing of the first is told, not even which field differs
	if (!result.ok && result.errors.some((e) => e.code === KEY_REUSED.code)) return problem(422, t, KEY_REUSED.code, { code: KEY_REUSED.code });
	if (!result.ok) return problem(422, t, 'validation', { errors: validationMessages(t, result.errors) });

	return jsonNoStore(
		{
			reference: result.reference,
			accessCode: result.accessCode,
			status: result.status,
			findings: findingMessages(t, result.findings),
			receiptUrl: result.receiptToken ? siteUrl.receipt(lang, result.reference) : null,
			verifyUrl: result.receiptToken ? siteUrl.verify(result.receiptToken) : null
		},
		result.created ? 201 : 200
	);
};
