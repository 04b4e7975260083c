import type { Db } from '$lib/server/db';
import { error, type Cookies } from '@sveltejs/kit';
import { qrSvg } from '$lib/server/qr';
import { findAddress } from '$lib/server/addresses';
import { readCurrentAnswers } from '$lib/server/declarations';
import { requireAccess } from '../access.server';
import { tFor } from '$lib/server/i18n';
import { isLang, type Lang } from '$lib/i18n';
import { nationalityName } from '$lib/nationality-options';
import { siteUrl } from '$lib/server/site';

/**
 * The receipt's second language, beside the resident's: Chinese for the police officer or landlord
 * who reads it — and for a resident who reads Simplified Chinese, English, so that it still carries
 * a second language for anyone else who is shown it.
 */
export function receiptSecondLang(lang: Lang): Lang {
	return lang === 'zh-hans' ? 'en' : 'zh-hans';
}

export const RECEIPT_FIELDS = ['reference', 'name', 'nationality', 'document', 'address', 'checkIn', 'checkOut', 'approvedAt'] as const;
export type ReceiptField = (typeof RECEIPT_FIELDS)[number];

/** The receipt's wording in one language (plain strings: they travel in the page data). */
function receiptWords(lang: Lang): Record<ReceiptField | 'title', string> {
	const t = tFor(lang);
	const field = (f: ReceiptField) => (f === 'reference' || f === 'approvedAt' ? t(`declare.receipt.${f}`) : t(`declare.receipt.field.${f}`));
	return { title: t('declare.receipt.title'), ...(Object.fromEntries(RECEIPT_FIELDS.map((f) => [f, field(f)])) as Record<ReceiptField, string>) };
}

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
	/** The same receipt's wording in the second language, side by side with the resident's. */
	second: { lang: Lang; words: Record<ReceiptField | 'title', string>; nationality: string; address: string };
}

/** The receipt of an approved declaration, for its holder only (reference + access code cookie). */
export async function loadReceipt(db: Db, cookies: Cookies, params: { lang: string; reference: string }): Promise<Receipt> {
	const { row, view } = await requireAccess(db, cookies, params);
	if (view.status !== 'approved' || !view.receiptToken) error(404, 'not found');
	const answers = await readCurrentAnswers(db, row);
	const address = row.address_id ? await findAddress(db, row.address_id) : undefined;
	const verifyUrl = siteUrl.verify(view.receiptToken);
	const lang: Lang = isLang(params.lang) ? params.lang : 'en';
	const lang2 = receiptSecondLang(lang);
	return {
		reference: view.reference,
		verifyUrl,
		qrSvg: await qrSvg(verifyUrl),
		name: [answers.person.surname, answers.person.givenNames].filter(Boolean).join(' '),
		nationality: answers.person.nationality,
		documentNumber: answers.document.number,
		address: address ? (params.lang.startsWith('zh') ? address.label : address.labelEn) : (answers.accommodation.addressText ?? ''),
		unit: answers.accommodation.unit ?? null,
		checkIn: row.check_in,
		checkInDate: view.checkInDate,
		checkOut: view.checkOut,
		decidedAt: view.decidedAt,
		second: {
			lang: lang2,
			words: receiptWords(lang2),
			nationality: nationalityName(lang2, tFor(lang2), answers.person.nationality),
			address: address ? (lang2.startsWith('zh') ? address.label : address.labelEn) : (answers.accommodation.addressText ?? '')
		}
	};
}
