import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DATABASES, createTestApp, type TestApp } from './helpers';
import { corpusPhoto, type CorpusPhoto } from '../../scripts/mrz-corpus';
import { answerInformationRequest } from '../../src/lib/server/follow-up';
import { documentIndex, readCurrentAnswers } from '../../src/lib/server/declarations';
import { submitDeclaration } from '../../src/lib/server/submission';
import { attachmentFor, decide, lookUp, openDeclaration } from '../../src/lib/server/review';
import { amendmentsOf, newPassportRead, type NewPassportRead } from '../../src/lib/server/amendments';
import { mrzReader } from '../../src/lib/server/mrz-pool';
import { addToWatchlist } from '../../src/lib/server/lists';
import { runRetention } from '../../src/lib/server/retention';
import { createUser } from '../../src/lib/server/users';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { decryptJson } from '../../src/lib/server/crypto';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import type { FieldChange } from '../../src/lib/domain/amendment';

// Issue 16, point 4: after a resident's correction the officer sees what changed. The old values
// stay in the declaration's history, encrypted; a new passport page is read and its lines are
// checked against the corrected answers; a look-up by the old passport number still finds it.

// Corpus photo 17/10 is Yekaterina Ivanova's Russian passport R0399848 (expires 2027-09-17); 17/7 has no MRZ.
const IVANOVA = { surname: 'IVANOVA', givenNames: 'YEKATERINA', sex: 'F' as const, dateOfBirth: '1997-09-10', nationality: 'RUS' };
let ivanovaPage: CorpusPhoto;
let ivanovaRead: NewPassportRead;
let blankPage: CorpusPhoto;
let blankRead: NewPassportRead;

beforeAll(async () => {
	// the server's reader, as the status page's answer uses it (once for every database)
	[ivanovaPage, blankPage] = await Promise.all([corpusPhoto(17, 10), corpusPhoto(17, 7)]);
	ivanovaRead = newPassportRead(await mrzReader().read(ivanovaPage.jpeg));
	blankRead = newPassportRead(await mrzReader().read(blankPage.jpeg));
}, 180_000);
afterAll(() => mrzReader().close());

describe.each(DATABASES)('amendments on %s', (kind) => {
	let app: TestApp;
	let addressId: string;
	let officer: { id: string; role: 'officer'; ip: null };
	let seed = 1;

	beforeAll(async () => {
		app = await createTestApp(kind);
		addressId = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园2幢', labelEn: 'Bldg 2, Jiabei Huayuan', kind: 'residential' }));
		const user = await app.db.write((tx) => createUser(tx, { email: `amend-${kind}@example.org`, name: 'Officer A', role: 'officer' }));
		officer = { id: user.id, role: 'officer', ip: null };
	}, 60_000);
	afterAll(() => app?.cleanup());

	async function upload(bytes: Buffer): Promise<string> {
		const stored = await storeUpload(app.db, new Uint8Array(bytes));
		if (!stored.ok) throw new Error(stored.reason);
		return stored.id;
	}

	/** Ivanova's declaration with an expired passport (DOCUMENT_EXPIRED), to which an officer has asked for the new one. */
	async function askedForNewPassport(number: string) {
		const now = new Date();
		const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
			.png()
			.toBuffer();
		const body = validDeclaration(now, { person: IVANOVA, document: { number, expiryDate: addDays(shanghaiDate(now), -10) } }, seed++);
		body.document.photoUploadId = await upload(png);
		body.accommodation.addressId = addressId;
		const submitted = await submitDeclaration(app.db, body, { now });
		if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
		expect(submitted.findings.map((f) => f.code)).toContain('DOCUMENT_EXPIRED');
		const row = await app.db.selectFrom('declarations').selectAll().where('reference', '=', submitted.reference).executeTakeFirstOrThrow();
		expect(await decide(app.db, row.id, row.version, { kind: 'request_information', question: 'Please send your new passport.' }, officer)).toEqual({
			ok: true,
			status: 'needs_information'
		});
		return { id: row.id, reference: submitted.reference, accessCode: submitted.accessCode!, body, oldPhoto: row.photo_upload_id! };
	}

	/** `askedForNewPassport`, answered with a new page: the corrected number, the page's image and what the reader made of it. */
	async function answeredWithNewPage(number: string, page: CorpusPhoto, read: NewPassportRead) {
		const d = await askedForNewPassport(`R${700000 + seed}`);
		const result = await answerInformationRequest(app.db, d.reference, d.accessCode, {
			message: 'New passport attached.',
			changes: { document: { number, expiryDate: '2027-09-17' } },
			newPhotoId: await upload(page.jpeg),
			newPhotoRead: read
		});
		expect(result.ok).toBe(true);
		return d;
	}

	async function amendedEvent(id: string) {
		const row = await app.db.selectFrom('declaration_events').select('data').where('declaration_id', '=', id).where('type', '=', 'amended').executeTakeFirstOrThrow();
		return { raw: row.data!, data: decryptJson<{ diff: FieldChange[]; passportRead?: NewPassportRead }>(app.db.keys, row.data!, `declaration_events:${id}`) };
	}

	it('keeps the old values encrypted in the history, reads the new page and checks it, and finds the declaration by the old number', async () => {
		expect(ivanovaRead).toEqual({ outcome: 'read', lines: ivanovaPage.truth!.lines });
		const oldNumber = `R${700000 + seed}`;
		const d = await askedForNewPassport(oldNumber);
		const newPhoto = await upload(ivanovaPage.jpeg);
		const result = await answerInformationRequest(app.db, d.reference, d.accessCode, {
			message: 'Here is my new passport.',
			changes: { document: { number: 'R0399848', expiryDate: '2027-09-17' } },
			newPhotoId: newPhoto,
			newPhotoRead: ivanovaRead
		});
		expect(result).toMatchObject({ ok: true, changed: ['document.number', 'document.expiryDate', 'document.photo'] });

		// the new page's lines are the document's now, and agree with the corrected answers
		const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
		expect((await readCurrentAnswers(app.db, row)).document.mrz).toBe(ivanovaPage.truth!.lines.join('\n'));
		const codes = (JSON.parse(row.findings) as { code: string }[]).map((f) => f.code);
		expect(codes).not.toContain('DOCUMENT_EXPIRED');
		expect(codes).not.toContain('MRZ_MISMATCH');
		expect(row.photo_upload_id).toBe(newPhoto);

		// the old values, in the history and nowhere in clear
		const event = await amendedEvent(d.id);
		for (const plain of [oldNumber, 'R0399848', 'IVANOVA', d.body.document.mrz!.split('\n')[1]]) expect(event.raw).not.toContain(plain);
		expect(event.data.diff).toEqual(
			expect.arrayContaining([
				{ path: 'document.number', before: oldNumber, after: 'R0399848' },
				{ path: 'document.expiryDate', before: d.body.document.expiryDate, after: '2027-09-17' },
				{ path: 'document.mrz', before: d.body.document.mrz, after: ivanovaPage.truth!.lines.join('\n') },
				{ path: 'document.photoUploadId', before: d.oldPhoto, after: newPhoto }
			])
		);
		expect(event.data.diff).toHaveLength(4);
		expect(event.data.passportRead).toEqual(ivanovaRead);

		// what the officer's page is built from: the same before/after, from the audited detail
		const detail = await openDeclaration(app.db, d.id, officer);
		expect(amendmentsOf(detail!.submitted!, detail!.events)).toEqual([{ at: expect.any(String), changes: event.data.diff, passportRead: ivanovaRead }]);
		// the old page is still there for officers, and opening it is audited
		expect(await attachmentFor(app.db, d.id, d.oldPhoto, officer)).toBe(d.oldPhoto);
		const audit = await app.db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', d.id).execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['declaration.view', 'declaration.attachment.view']));

		// the earlier number, as a blind index only
		const former = await app.db.selectFrom('declaration_former_documents').selectAll().where('declaration_id', '=', d.id).execute();
		expect(former).toEqual([{ declaration_id: d.id, document_index: documentIndex(app.db.keys, oldNumber, 'RUS'), nationality: 'RUS', replaced_at: expect.any(String) }]);
		expect(JSON.stringify(former)).not.toContain(oldNumber);
		const byOld = await lookUp(app.db, { documentNumber: oldNumber.toLowerCase(), nationality: 'rus' }, officer);
		expect(byOld).toEqual([expect.objectContaining({ id: d.id, reference: d.reference, earlierDocument: true })]);
		const byNew = (await lookUp(app.db, { documentNumber: 'R0399848', nationality: 'RUS' }, officer)).filter((r) => r.id === d.id);
		expect(byNew).toEqual([expect.not.objectContaining({ earlierDocument: true })]);
		// the same number with another nationality is another document
		expect(await lookUp(app.db, { documentNumber: oldNumber, nationality: 'FRA' }, officer)).toEqual([]);
	}, 60_000);

	it('a corrected number that differs from the new page is MRZ_MISMATCH', async () => {
		const d = await answeredWithNewPage('R0399849', ivanovaPage, ivanovaRead);
		const row = await app.db.selectFrom('declarations').select('findings').where('id', '=', d.id).executeTakeFirstOrThrow();
		expect((JSON.parse(row.findings) as { code: string }[]).map((f) => f.code)).toContain('MRZ_MISMATCH');
	});

	it('a new page without machine-readable lines: the old lines go, the outcome is kept for the officer', async () => {
		expect(blankRead).toEqual({ outcome: 'not_found' });
		const d = await answeredWithNewPage('R0399848', blankPage, blankRead);
		const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
		expect((await readCurrentAnswers(app.db, row)).document.mrz).toBeUndefined();
		const event = await amendedEvent(d.id);
		expect(event.data.passportRead).toEqual({ outcome: 'not_found' });
		expect(event.data.diff.find((c) => c.path === 'document.mrz')).toEqual({ path: 'document.mrz', before: d.body.document.mrz, after: null });
	});

	it('a new passport number does not take a declaration off the watch list', async () => {
		const oldNumber = `R${700000 + seed}`;
		expect(await addToWatchlist(app.db, { documentNumber: oldNumber, nationality: 'RUS', reason: 'Case 7' }, officer)).toMatchObject({ ok: true });
		const d = await askedForNewPassport(oldNumber);
		await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'New number.', changes: { document: { number: 'R5550001', expiryDate: '2030-01-01' } } });
		const row = await app.db.selectFrom('declarations').select('findings').where('id', '=', d.id).executeTakeFirstOrThrow();
		expect((JSON.parse(row.findings) as { code: string }[]).map((f) => f.code)).toContain('WATCHLIST');
	});

	it('retention forgets the earlier numbers with the rest of the declaration', async () => {
		const oldNumber = `R${700000 + seed}`;
		const d = await askedForNewPassport(oldNumber);
		await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'New number.', changes: { document: { number: 'R5550002', expiryDate: '2030-01-01' } } });
		expect(await lookUp(app.db, { documentNumber: oldNumber, nationality: 'RUS' }, officer)).toHaveLength(1);
		await runRetention(app.db, new Date(Date.now() + 3 * 365 * 24 * 3600_000));
		expect(await app.db.selectFrom('declaration_former_documents').select('declaration_id').where('declaration_id', '=', d.id).execute()).toEqual([]);
		expect(await lookUp(app.db, { documentNumber: oldNumber, nationality: 'RUS' }, officer)).toEqual([]);
	});
});
