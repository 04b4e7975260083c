import type { RequestHandler } from './$types';
import { limitByIp, jsonNoStore, problem } from '$lib/server/http';
import { LIMITS } from '$lib/server/rate-limit';
import { mrzReader, type MrzOutcome } from '$lib/server/mrz-pool';
import { MAX_UPLOAD_BYTES, sniffFormat, storeUpload } from '$lib/server/uploads';

export const POST: RequestHandler = async (event) => {
	const t = event.locals.t;
	const limited = await limitByIp(event, LIMITS.uploadPost);
	if (limited) return limited;
	if (!/^multipart\/form-data\b/i.test(event.request.headers.get('content-type') ?? '')) return problem(415, t, 'unsupported-media-type');
	if (Number(event.request.headers.get('content-length') ?? '0') > MAX_UPLOAD_BYTES + 64 * 1024) return problem(413, t, 'payload-too-large');
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return problem(400, t, 'invalid-form');
	}
	const file = form.get('file');
	if (!(file instanceof File)) return problem(422, t, 'validation', { errors: [{ path: 'file', code: 'required', message: t('validation.required') }] });
	const bytes = new Uint8Array(await file.arrayBuffer());
	// read=mrz: the passport's machine-readable zone, read beside the storing (DESIGN §5)
	const wantsMrz = form.get('read') === 'mrz' && bytes.length <= MAX_UPLOAD_BYTES && sniffFormat(bytes) !== undefined;
	const [result, read] = await Promise.all([storeUpload(event.locals.app.db, bytes), wantsMrz ? mrzReader().read(bytes) : Promise.resolve<MrzOutcome | undefined>(undefined)]);
	if (!result.ok) {
		const status = result.reason === 'too_large' ? 413 : result.reason === 'unsupported_type' ? 415 : 422;
		return problem(status, t, 'upload-' + result.reason.replaceAll('_', '-'), { detail: t(`validation.upload_${result.reason}`) });
	}
	if (form.get('read') === 'mrz') return jsonNoStore({ id: result.id, mrz: read?.mrz ?? null, ...(read?.mrz ? {} : { reason: read?.reason ?? 'not_found' }) }, 201);
	return jsonNoStore({ id: result.id }, 201);
};
