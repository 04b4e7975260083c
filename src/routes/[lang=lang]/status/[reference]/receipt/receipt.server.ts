import { error, type Cookies } from '@sveltejs/kit';
import { app } from '$lib/server/app';
import { qrSvg } from '$lib/server/qr';
import { findAddress } from '$lib/server/addresses';
import { readCurrentAnswers } from '$lib/server/declarations';
import { requireAccess } from '../access.server';

export interface Receipt {
	reference: string;
	verifyUrl: string;
	/** Inline SVG markup without style attributes (the CSP forbids them). */
	qrSvg: string;
	name: string;
	nationality: string;
	documentNumber: string;
	address: string;
	unit: string | null;
	checkIn: string;
	checkInDate: string;
	checkOut: string | null;
	decidedAt: string | null;
}

/** The receipt of an approved declaration, for its holder only (reference + access code cookie). */
export async function loadReceipt(cookies: Cookies, params: { lang: string; reference: string }, origin: string): Promise<Receipt> {
	const { row, view } = await requireAccess(cookies, params);
	if (view.status !== 'approved' || !view.receiptToken) error(404, 'not found');
	const ctx = app();
	const answers = await readCurrentAnswers(ctx, row);
	const address = row.address_id ? await findAddress(ctx.db, row.address_id) : undefined;
	const verifyUrl = `${origin}/verify/${view.receiptToken}`;
	return {
		reference: view.reference,
		verifyUrl,
		qrSvg: await qrSvg(verifyUrl),
		name: [answers.person.surname, answers.person.givenNames].filter(Boolean).join(' '),
		nationality: answers.person.nationality,
		documentNumber: answers.document.number,
		address: address ? (params.lang.startsWith('zh') ? address.label : `${address.labelEn} / ${address.label}`) : (answers.accommodation.addressText ?? ''),
		unit: answers.accommodation.unit ?? null,
		checkIn: row.check_in,
		checkInDate: view.checkInDate,
		checkOut: view.checkOut,
		decidedAt: view.decidedAt
	};
}
