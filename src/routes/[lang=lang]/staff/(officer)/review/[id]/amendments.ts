import type { T } from '$lib/i18n';
import type { AddressKind } from '$lib/server/db/schema';
import { markDifference, type FieldChange, type Segment } from '$lib/domain/amendment';
import type { Amendment, NewPassportRead } from '$lib/server/amendments';

// The resident's corrections as rows for the officer: each changed answer under its label in the
// staff language, its old and new value (codes as labels, lines of the MRZ apart) with what
// changed marked, and the old and new passport pages as images.

export interface ChangeRow {
	path: string;
	label: string;
	kind: 'value' | 'mrz' | 'photo';
	/** One entry per line (the MRZ has two); empty when the answer was not given. */
	before: Segment[][];
	after: Segment[][];
	/** For the photo: where the officer's page loads each image (every load is audited). */
	beforeHref?: string;
	afterHref?: string;
}

export interface AmendmentView {
	at: string;
	rows: ChangeRow[];
	passportRead: NewPassportRead | null;
}

const LABEL: Record<string, string> = {
	'person.surname': 'review.field.surname',
	'person.givenNames': 'review.field.givenNames',
	'person.sex': 'review.field.sex',
	'person.dateOfBirth': 'review.field.dateOfBirth',
	'person.nationality': 'review.field.nationality',
	'document.type': 'review.field.documentType',
	'document.number': 'review.field.documentNumber',
	'document.expiryDate': 'review.field.expiryDate',
	'document.mrz': 'review.field.mrz',
	'document.photoUploadId': 'review.detail.photo',
	'stay.basis': 'review.field.basis',
	'stay.visaType': 'review.field.visaType',
	'stay.permitNumber': 'review.field.permitNumber',
	'stay.validUntil': 'review.field.validUntil',
	'stay.entryDate': 'review.field.entryDate',
	'accommodation.address': 'review.field.address',
	'accommodation.unit': 'review.field.unit',
	'accommodation.kind': 'review.field.accommodationKind',
	'accommodation.checkIn': 'review.field.checkIn',
	'accommodation.checkOut': 'review.field.checkOut',
	'host.name': 'review.field.hostName',
	'host.idType': 'review.field.hostId',
	'host.idNumber': 'review.field.hostId',
	'host.phone': 'review.field.phone',
	'host.relationship': 'review.field.relationship',
	'guardian.name': 'review.field.hostName',
	'guardian.phone': 'review.field.phone',
	'guardian.relationship': 'review.field.relationship',
	'contact.phone': 'review.field.phone',
	'contact.email': 'review.field.email'
};
/** Answers that are codes, shown as the label the rest of the staff pages use. */
const CODE_LABEL: Record<string, string> = {
	'stay.basis': 'review.basis',
	'accommodation.kind': 'review.accommodationKind',
	'host.idType': 'review.idType'
};
const SECTION: Record<string, string> = { host: 'review.section.host', guardian: 'review.section.guardian' };

function label(t: T, path: string): string {
	const section = SECTION[path.split('.')[0]];
	const name = LABEL[path] ? t(LABEL[path]) : path;
	// the host's and the guardian's name and phone read like the resident's own without it
	return section ? `${t(section)} · ${name}` : name;
}

function marked(before: string[], after: string[]): { before: Segment[][]; after: Segment[][] } {
	const lines = Math.max(before.length, after.length);
	const out = { before: [] as Segment[][], after: [] as Segment[][] };
	for (let i = 0; i < lines; i++) {
		// a line only on one side is all new (or all gone)
		const m = markDifference(before[i] ?? '', after[i] ?? '');
		if (i < before.length) out.before.push(m.before);
		if (i < after.length) out.after.push(m.after);
	}
	return out;
}

export interface ViewContext {
	t: T;
	country: (code: string) => string;
	addresses: Record<string, { label: string; kind: AddressKind }>;
	/** Where an officer loads one of the declaration's passport pages. */
	photoHref: (uploadId: string) => string;
}

/** One correction's rows: the registry address and its free-text form are one row, "Address". */
export function amendmentView(a: Amendment, ctx: ViewContext): AmendmentView {
	const { t } = ctx;
	const value = (path: string, v: string | null): string | null => {
		if (v === null) return null;
		if (CODE_LABEL[path]) return t(`${CODE_LABEL[path]}.${v}`);
		if (path === 'person.nationality') return ctx.country(v);
		return v;
	};
	const address = (id: string | null | undefined, text: string | null | undefined): string | null => {
		if (id) {
			const found = ctx.addresses[id];
			return found ? `${found.label} (${t(`review.addressKind.${found.kind}`)})` : id;
		}
		return text ? `${text} — ${t('review.queue.freeText')}` : null;
	};
	const changes: FieldChange[] = a.changes.filter((c) => c.path !== 'accommodation.addressId' && c.path !== 'accommodation.addressText');
	const id = a.changes.find((c) => c.path === 'accommodation.addressId');
	const text = a.changes.find((c) => c.path === 'accommodation.addressText');
	if (id || text) changes.push({ path: 'accommodation.address', before: address(id?.before, text?.before), after: address(id?.after, text?.after) });

	const rows = changes.map((c): ChangeRow => {
		if (c.path === 'document.photoUploadId')
			return {
				path: c.path,
				label: label(t, c.path),
				kind: 'photo',
				before: [],
				after: [],
				beforeHref: c.before ? ctx.photoHref(c.before) : undefined,
				afterHref: c.after ? ctx.photoHref(c.after) : undefined
			};
		const lines = (v: string | null) => (v === null ? [] : c.path === 'document.mrz' ? v.split('\n') : [v]);
		return { path: c.path, label: label(t, c.path), kind: c.path === 'document.mrz' ? 'mrz' : 'value', ...marked(lines(value(c.path, c.before)), lines(value(c.path, c.after))) };
	});
	// the form's order, with the address where the accommodation section has it
	const order = (path: string) => Object.keys(LABEL).indexOf(path) + 1 || Infinity;
	rows.sort((x, y) => order(x.path) - order(y.path));
	return { at: a.at, rows, passportRead: a.passportRead };
}
