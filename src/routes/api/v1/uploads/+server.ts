import type { RequestHandler } from './$types';
import { app } from '$lib/server/app';
import { limitByIp, jsonNoStore, problem } from '$lib/server/http';
import { LIMITS } from '$lib/server/rate-limit';
import { MAX_UPLOAD_BYTES, storeUpload } from '$lib/server/uploads';

export const POST: RequestHandler = async (event) => {
	const t = event.locals.t;
	const limited = await limitByIp(event, LIMITS.uploadPost);
	if (limited) return limited;
	if (!/^multipart\/form-data\b/i.test(event.request.headers.get('content-type') ?? '')) return problem(415, t, 'unsupported-media-type');
	if (Number(event.request.headers.get('content-length') ?? '0') > MAX_UPLOAD_BYTES + 64 * 1024) return problem(413, t, 'payload-too-large');
	let file: FormDataEntryValue | null;
	try {
		file = (await event.request.formData()).get('file');
	} catch {
		return problem(400, t, 'invalid-form');
	}
	if (!(file instanceof File)) return problem(422, t, 'validation', { errors: [{ path: 'file', code: 'required', message: t('validation.required') }] });
	const result = await storeUpload(app(), new Uint8Array(await file.arrayBuffer()));
	if (!result.ok) {
		const status = result.reason === 'too_large' ? 413 : result.reason === 'unsupported_type' ? 415 : 422;
		return problem(status, t, 'upload-' + result.reason.replaceAll('_', '-'), { detail: t(`validation.upload_${result.reason}`) });
	}
	return jsonNoStore({ id: result.id }, 201);
};
