import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { DATABASES, createTestApp, type TestApp } from './helpers';
import { createDraft, deleteDraft, loadDraft, purgeExpiredDrafts, saveDraft, DRAFT_TTL_MS } from '../../src/lib/server/drafts';
import { answerInformationRequest, findForResident } from '../../src/lib/server/follow-up';
import { readCurrentAnswers, readSnapshot } from '../../src/lib/server/declarations';
import { submitDeclaration } from '../../src/lib/server/submission';
import { decide } from '../../src/lib/server/review';
import { getSetting, setSetting } from '../../src/lib/server/settings';
import { createUser } from '../../src/lib/server/users';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { decryptJson, encryptJson } from '../../src/lib/server/crypto';
import { newId } from '../../src/lib/server/ids';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';

const HOUR = 3600_000;

describe.each(DATABASES)('resident drafts and follow-up on %s', (kind) => {
	let app: TestApp;
	let addressId: string;
	let seed = 1;

	beforeAll(async () => {
		app = await createTestApp(kind);
		addressId = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园1幢', labelEn: 'Bldg 1, Jiabei Huayuan', kind: 'residential' }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	describe('drafts', () => {
		it('keep answers encrypted and expire 24 h after the last change', async () => {
			const t0 = new Date('2026-11-20T08:00:00Z');
			const { token, draft } = await createDraft(app.db, { surname: 'DUPONT' }, t0);
			const row = await app.db.selectFrom('drafts').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow();
			expect(row.data).not.toContain('DUPONT');
			expect(row.id).not.toBe(token); // only the hash of the cookie token is stored

			expect((await loadDraft(app.db, token, new Date(t0.getTime() + 23 * HOUR)))?.data).toEqual({ surname: 'DUPONT' });
			// a change moves the expiry
			expect(await saveDraft(app.db, draft.id, { surname: 'MARTIN' }, new Date(t0.getTime() + 23 * HOUR))).toBe(true);
			expect((await loadDraft(app.db, token, new Date(t0.getTime() + 46 * HOUR)))?.data).toEqual({ surname: 'MARTIN' });
			// 24 h after the last change it is gone, and cannot be saved into either
			const expired = new Date(t0.getTime() + 23 * HOUR + DRAFT_TTL_MS);
			expect(await loadDraft(app.db, token, expired)).toBeUndefined();
			expect(await saveDraft(app.db, draft.id, { surname: 'LATE' }, expired)).toBe(false);
			expect(await purgeExpiredDrafts(app.db, expired)).toBeGreaterThanOrEqual(1);
			expect(await app.db.selectFrom('drafts').select('id').where('id', '=', draft.id).executeTakeFirst()).toBeUndefined();
		});

		it('answer only to their own token', async () => {
			const { token, draft } = await createDraft(app.db, { a: 1 });
			expect(await loadDraft(app.db, token.slice(0, -2) + 'xx')).toBeUndefined();
			expect(await loadDraft(app.db, undefined)).toBeUndefined();
			await app.db.write((tx) => deleteDraft(tx, draft.id));
			expect(await loadDraft(app.db, token)).toBeUndefined();
		});
	});

	/** A declaration sent to review by an expired passport (DOCUMENT_EXPIRED), as submitted. */
	async function pendingReview() {
		const png = await sharp({ create: { width: 64, height: 40, channels: 3, background: '#88aacc' } })
			.png()
			.toBuffer();
		const upload = await storeUpload(app.db, new Uint8Array(png));
		if (!upload.ok) throw new Error('upload');
		const now = new Date();
		const body = validDeclaration(now, { document: { expiryDate: addDays(shanghaiDate(now), -10) } }, seed++);
		body.document.photoUploadId = upload.id;
		body.accommodation.addressId = addressId;
		const submitted = await submitDeclaration(app.db, body, { now });
		if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
		expect(submitted.status).toBe('pending_review');
		expect(submitted.findings.map((f) => f.code)).toContain('DOCUMENT_EXPIRED');
		return { submitted, body, now };
	}

	describe('answerInformationRequest', () => {
		async function pendingWithQuestion(question: string) {
			const { submitted, body, now } = await pendingReview();
			const row = await app.db.selectFrom('declarations').selectAll().where('reference', '=', submitted.reference).executeTakeFirstOrThrow();
			// what the officer side will do: status needs_information plus an encrypted question event
			await app.db.updateTable('declarations').set({ status: 'needs_information' }).where('id', '=', row.id).execute();
			await app.db
				.insertInto('declaration_events')
				.values({
					id: newId(),
					declaration_id: row.id,
					type: 'information_requested',
					from_status: 'pending_review',
					to_status: 'needs_information',
					actor_id: null,
					data: encryptJson(app.db.keys, { question }, `declaration_events:${row.id}`),
					created_at: new Date(now.getTime() + 1000).toISOString()
				})
				.execute();
			return { reference: submitted.reference, accessCode: submitted.accessCode!, id: row.id, original: body };
		}

		it('stores the answer and the amended answers as encrypted events, re-runs the rules and returns to review', async () => {
			const d = await pendingWithQuestion('Do you have a new passport?');
			const submittedContext = JSON.parse((await app.db.selectFrom('declarations').select('rule_context').where('id', '=', d.id).executeTakeFirstOrThrow()).rule_context);
			// the lists change between submission and answer (an admin edited them)
			const listsVersion = (await getSetting(app.db, 'lists_version')) + 7;
			await app.db.write((tx) => setSetting(tx, 'lists_version', listsVersion));
			const newExpiry = addDays(shanghaiDate(new Date()), 3000);
			const result = await answerInformationRequest(app.db, d.reference, d.accessCode, {
				message: 'Yes, here are the details of my new passport.',
				changes: { document: { number: 'NEW1234567', expiryDate: newExpiry }, contact: { email: '' } }
			});
			expect(result).toMatchObject({ ok: true, status: 'pending_review', changed: ['document.number', 'document.expiryDate'] });
			if (!result.ok) return;
			expect(result.findings.map((f) => f.code)).not.toContain('DOCUMENT_EXPIRED');

			const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
			expect(row.status).toBe('pending_review');
			expect(JSON.parse(row.findings).map((f: { code: string }) => f.code)).not.toContain('DOCUMENT_EXPIRED');
			// the new findings rest on the lists as they are now, and the record says so
			expect(JSON.parse(row.rule_context)).toEqual({ ...submittedContext, listsVersion });
			// the submitted snapshot is immutable; the current answers carry the correction
			expect(readSnapshot(app.db.keys, row).document.number).toBe(d.original.document.number);
			const current = await readCurrentAnswers(app.db, row);
			expect(current.document).toMatchObject({ number: 'NEW1234567', expiryDate: newExpiry });
			expect(current.document.mrz).toBeUndefined();

			const events = await app.db.selectFrom('declaration_events').selectAll().where('declaration_id', '=', d.id).orderBy('created_at').execute();
			const provided = events.find((e) => e.type === 'information_provided')!;
			expect(provided).toMatchObject({ from_status: 'needs_information', to_status: 'pending_review' });
			expect(provided.data).not.toContain('new passport');
			expect(decryptJson<{ message: string }>(app.db.keys, provided.data!, `declaration_events:${d.id}`).message).toContain('new passport');
			expect(events.find((e) => e.type === 'amended')!.data).not.toContain('NEW1234567');

			// answered once: a second answer is refused until an officer asks again
			expect(await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'again' })).toEqual({ ok: false, reason: 'not_awaiting_information' });
		});

		it('an answer without changes keeps the findings; wrong codes and invalid changes store nothing', async () => {
			const d = await pendingWithQuestion('Where did you stay before?');
			expect(await answerInformationRequest(app.db, d.reference, 'WRONGCDE', { message: 'x' })).toEqual({ ok: false, reason: 'not_found' });
			const invalid = await answerInformationRequest(app.db, d.reference, d.accessCode, { message: '', changes: { contact: { email: 'not-an-email' } } });
			expect(invalid).toMatchObject({ ok: false, reason: 'invalid' });
			if (!invalid.ok && invalid.reason === 'invalid') expect(invalid.errors.map((e) => e.path).sort()).toEqual(['changes.contact.email', 'message']);
			const before = await app.db.selectFrom('declaration_events').select('id').where('declaration_id', '=', d.id).execute();
			expect(before).toHaveLength(2);

			const ok = await answerInformationRequest(app.db, d.reference, d.accessCode, { message: 'At the Jiabei Business Hotel.' });
			expect(ok).toMatchObject({ ok: true, changed: [] });
			const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
			expect(row.status).toBe('pending_review');
			expect(JSON.parse(row.findings).map((f: { code: string }) => f.code)).toContain('DOCUMENT_EXPIRED');
			const types = (await app.db.selectFrom('declaration_events').select('type').where('declaration_id', '=', d.id).execute()).map((e) => e.type);
			expect(types).not.toContain('amended');
		});
	});

	describe('a rejected declaration', () => {
		it("shows the resident the reason the officer chose and the officer's note; nothing of it before", async () => {
			const { submitted } = await pendingReview();
			expect((await findForResident(app.db, submitted.reference, submitted.accessCode!))?.view.rejection).toBeNull();

			const officer = await app.db.write((tx) => createUser(tx, { email: `reject-${kind}@example.org`, name: 'Officer Q', role: 'officer' }));
			const row = await app.db.selectFrom('declarations').select(['id', 'version']).where('reference', '=', submitted.reference).executeTakeFirstOrThrow();
			const decided = await decide(
				app.db,
				row.id,
				row.version,
				{ kind: 'reject', reason: 'not_in_jurisdiction', note: 'Please register at Xinhua police station.' },
				{ id: officer.id, role: 'officer', ip: null }
			);
			expect(decided).toEqual({ ok: true, status: 'rejected' });

			const found = await findForResident(app.db, submitted.reference, submitted.accessCode!);
			expect(found?.view.status).toBe('rejected');
			expect(found?.view.rejection).toEqual({ reason: 'not_in_jurisdiction', note: 'Please register at Xinhua police station.' });
		});
	});
});
