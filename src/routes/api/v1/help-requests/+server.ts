import type { RequestHandler } from './$types';
import { createHelpRequest } from '$lib/server/help-requests';
import { helpErrorMessages } from '$lib/server/help-messages';
import { limitByIp, jsonNoStore, problem, readJson } from '$lib/server/http';
import { tFor } from '$lib/server/i18n';
import { LIMITS } from '$lib/server/rate-limit';
import { isLang } from '$lib/i18n';

export const POST: RequestHandler = async (event) => {
	const limited = await limitByIp(event, LIMITS.helpPost);
	if (limited) return limited;
	const body = await readJson(event.request, event.locals.t);
	if (!body.ok) return body.response;

	// Answers come back in the request's own language when it names one we support.
	const requested = (body.value as { language?: unknown } | null)?.language;
	const t = tFor(typeof requested === 'string' && isLang(requested) ? requested : event.locals.lang);

	const result = await createHelpRequest(event.locals.app.db, body.value);
	if (!result.ok) return problem(422, t, 'validation', { errors: helpErrorMessages(t, result.errors) });
	return jsonNoStore({ reference: result.reference, accessCode: result.accessCode, status: result.status }, 201);
};
