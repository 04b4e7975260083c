import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { answerInformationRequest, type AmendableChanges } from '$lib/server/follow-up';
import { readCurrentAnswers } from '$lib/server/declarations';
import { consume, LIMITS } from '$lib/server/rate-limit';
import { requireAccess } from './access.server';
import { findAddress, searchAddresses, type AddressHit } from '$lib/server/addresses';
import { deleteUnusedUpload, MAX_UPLOAD_BYTES, sniffFormat, storeUpload } from '$lib/server/uploads';
import { mrzReader, type MrzOutcome } from '$lib/server/mrz-pool';
import { newPassportRead, type NewPassportRead } from '$lib/server/amendments';
import { textFieldsOf } from '$lib/server/oversize-form';
import type { IncomingMessage } from 'node:http';
import { dateFrom, datePartsOf, type Values } from '$lib/declare/steps';
import { translationsOf } from '$lib/server/translations';
import { createHelpRequest, openRequestFor } from '$lib/server/help-requests';
import { setHelpAccess } from '$lib/server/access';
import { HELP_CHANNELS } from '$lib/domain/help-request';

export const load: PageServerLoad = async ({ cookies, params, url, locals }) => {
	const { row, view } = await requireAccess(locals.app.db, cookies, params);
	let current: Values = {};
	let addressHits: AddressHit[] = [];
	let currentAddress: string | null = null;
	const addressQuery = url.searchParams.get('addressQuery')?.trim().slice(0, 100) ?? '';
	if (view.status === 'needs_information') {
		// the answers as they stand, so the resident corrects rather than retypes
		const a = await readCurrentAnswers(locals.app.db, row);
		current = {
			number: a.document.number,
			permitNumber: a.stay.permitNumber ?? '',
			phone: a.contact.phone ?? '',
			email: a.contact.email ?? '',
			unit: a.accommodation.unit ?? '',
			...(a.document.expiryDate ? datePartsOf('expiryDate', a.document.expiryDate) : {}),
			...(a.stay.validUntil ? datePartsOf('validUntil', a.stay.validUntil) : {}),
			...(a.accommodation.checkOut ? datePartsOf('checkOut', a.accommodation.checkOut) : {})
		};
		const registered = a.accommodation.addressId ? await findAddress(locals.app.db, a.accommodation.addressId) : undefined;
		currentAddress = registered ? `${registered.label} · ${registered.labelEn}` : (a.accommodation.addressText ?? null);
		// correcting the address: a search by GET, so it works without JavaScript
		if (addressQuery) addressHits = await searchAddresses(locals.app.db, addressQuery, 10);
	}
	const { db } = locals.app;
	// volunteers' translations of the free text (the resident's own declaration: no staff view to audit)
	const translations = await translationsOf(db, row.id);
	const interpreter = view.status === 'needs_information' ? ((await openRequestFor(db, row.id)) ?? null) : null;
	return {
		view,
		current,
		answered: url.searchParams.has('answered'),
		addressQuery,
		addressHits,
		currentAddress,
		translations,
		interpreter,
		channels: [...HELP_CHANNELS],
		defaultChannel: current.phone ? 'phone' : 'chat'
	};
};

export const actions: Actions = {
	// "I need an interpreter to answer": a help request in the declaration's language, linked to it,
	// with the contact the resident gave; they follow it on the help page (its access code shown there once)
	interpreter: async (event) => {
		const { row, view } = await requireAccess(event.locals.app.db, event.cookies, event.params);
		const { db, rateLimits } = event.locals.app;
		if (rateLimits && !(await consume(db, LIMITS.helpPost, event.getClientAddress())).ok) return fail(429, { interpreterError: 'help.errors.tooMany', channel: '' });
		if (view.status !== 'needs_information') redirect(303, `/${event.params.lang}/status/${row.reference}`);
		const form = await event.request.formData();
		const channel = String(form.get('channel') ?? '');
		if (form.get('needInterpreter') !== 'yes') return fail(400, { interpreterError: 'declare.status.interpreter.errors.tick', channel });
		const { contact } = await readCurrentAnswers(db, row);
		const result = await createHelpRequest(db, {
			language: row.language,
			topic: 'registration',
			channel: channel || undefined,
			contact: { ...(contact.phone ? { phone: contact.phone } : {}), ...(contact.email ? { email: contact.email } : {}) },
			declarationReference: row.reference
		});
		if (!result.ok) return fail(400, { interpreterError: 'declare.status.interpreter.errors.channel', channel });
		setHelpAccess(event.cookies, db.keys, { requestId: result.id, reference: result.reference, newAccessCode: result.accessCode });
		redirect(303, `/${event.params.lang}/help/${result.reference}`);
	},

	answer: async (event) => {
		const { access } = await requireAccess(event.locals.app.db, event.cookies, event.params);
		const { db, rateLimits } = event.locals.app;
		if (rateLimits && !(await consume(db, LIMITS.helpPost, event.getClientAddress())).ok) return fail(429, { values: {} as Values, errors: { message: 'rate_limited' } as Record<string, string> });
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch {
			// over BODY_SIZE_LIMIT: SvelteKit refuses the body before it is read; keep the typed text
			const raw = (await textFieldsOf((event.platform as { req?: IncomingMessage } | undefined)?.req)) ?? {};
			const kept: Values = {};
			for (const [key, value] of Object.entries(raw)) kept[key] = value.slice(0, 2100);
			return fail(413, { values: kept, errors: { attachment: 'upload_too_large' } as Record<string, string> });
		}
		const values: Values = {};
		for (const [key, value] of form) if (typeof value === 'string') values[key] = value.slice(0, 2100);
		// an image attached to the answer (optional): stored first, deleted again if the answer is refused
		let attachmentId: string | undefined;
		const file = form.get('attachment');
		if (file instanceof File && file.size > 0) {
			if (!values.message?.trim()) return fail(400, { values, errors: { message: 'required' } as Record<string, string> });
			const stored = await storeUpload(db, new Uint8Array(await file.arrayBuffer()));
			if (!stored.ok) return fail(400, { values, errors: { attachment: `upload_${stored.reason}` } as Record<string, string> });
			attachmentId = stored.id;
		}
		// a photo of the new passport's data page, when the passport itself changed: stored, and its
		// machine-readable lines read (as the document step does) for the rules and the officer
		let newPhotoId: string | undefined;
		let newPhotoRead: NewPassportRead | undefined;
		const photo = form.get('passportPhoto');
		if (photo instanceof File && photo.size > 0) {
			const bytes = new Uint8Array(await photo.arrayBuffer());
			const readable = bytes.length <= MAX_UPLOAD_BYTES && sniffFormat(bytes) !== undefined;
			const [stored, read] = await Promise.all([storeUpload(db, bytes), readable ? mrzReader().read(bytes) : Promise.resolve<MrzOutcome | undefined>(undefined)]);
			if (!stored.ok) {
				if (attachmentId) await deleteUnusedUpload(db, attachmentId);
				return fail(400, { values, errors: { passportPhoto: `upload_${stored.reason}` } as Record<string, string> });
			}
			newPhotoId = stored.id;
			newPhotoRead = read && newPassportRead(read);
		}
		const changes: AmendableChanges = {
			document: { number: values.number?.toUpperCase(), expiryDate: dateFrom(values, 'expiryDate') },
			stay: { permitNumber: values.permitNumber?.toUpperCase(), validUntil: dateFrom(values, 'validUntil') },
			accommodation: {
				checkOut: dateFrom(values, 'checkOut'),
				unit: values.unit,
				...(values.addressChoice === 'other' ? { addressText: values.addressText } : values.addressChoice ? { addressId: values.addressChoice } : {})
			},
			contact: { phone: values.phone, email: values.email }
		};
		const result = await answerInformationRequest(db, access.reference, access.accessCode, { message: values.message ?? '', changes, attachmentId, newPhotoId, newPhotoRead });
		if (!result.ok) for (const id of [attachmentId, newPhotoId]) if (id) await deleteUnusedUpload(db, id);
		if (!result.ok) {
			if (result.reason !== 'invalid') redirect(303, `/${event.params.lang}/status/${access.reference}`);
			const errors: Record<string, string> = {};
			for (const e of result.errors) {
				const field = e.path.split('.').pop() ?? 'message';
				errors[field] ??= e.code;
			}
			return fail(400, { values, errors });
		}
		redirect(303, `/${event.params.lang}/status/${access.reference}?answered`);
	}
};
