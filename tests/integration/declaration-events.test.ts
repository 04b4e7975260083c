import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import type { DeclarationInput } from '../../src/lib/domain/declaration';
import { createAddress } from '../../src/lib/server/addresses';
import { answerInformationRequest } from '../../src/lib/server/follow-up';
import { submitDeclaration } from '../../src/lib/server/submission';
import { decide } from '../../src/lib/server/review';
import { storeUpload } from '../../src/lib/server/uploads';
import { createUser } from '../../src/lib/server/users';
import { createTestApp, DATABASES, type TestApp } from './helpers';

// What a declaration's history records (findings with each decision), what a 422 lists, where a
// free-text place begins and ends, and what a rejection leaves for the next declaration.

const DAY = 24 * 3600_000;

describe.each(DATABASES)('declaration events and places on %s', (kind) => {
	let t: TestApp;
	let addressId: string;
	let officer: { id: string; role: 'officer'; ip: null };
	let seed = 9100;

	beforeAll(async () => {
		t = await createTestApp(kind);
		addressId = await t.db.write((tx) => createAddress(tx, { label: '嘉北花园3幢', labelEn: 'Bldg 3, Jiabei Huayuan', kind: 'residential' }));
		const u = await t.db.write((tx) => createUser(tx, { email: `events-${kind}@example.org`, name: 'Officer E', role: 'officer' }));
		officer = { id: u.id, role: 'officer', ip: null };
	});
	afterAll(() => t?.cleanup());

	async function photo(): Promise<string> {
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#557799' } })
			.png()
			.toBuffer();
		const r = await storeUpload(t.db, png);
		if (!r.ok) throw new Error(r.reason);
		return r.id;
	}

	async function body(now: Date, edit: (d: DeclarationInput) => void = () => {}, s = seed++): Promise<DeclarationInput> {
		const d = validDeclaration(now, {}, s);
		d.document.photoUploadId = await photo();
		d.accommodation.addressId = addressId;
		edit(d);
		return d;
	}
	const freeText = (text: string) => (d: DeclarationInput) => {
		delete d.accommodation.addressId;
		d.accommodation.addressText = text;
		d.accommodation.unit = 'Room 1';
	};
	async function submit(d: DeclarationInput, now: Date) {
		const r = await submitDeclaration(t.db, d, { now });
		if (!r.ok) throw new Error(JSON.stringify(r.errors));
		const row = await t.db.selectFrom('declarations').selectAll().where('reference', '=', r.reference).executeTakeFirstOrThrow();
		return { ...r, row };
	}
	const events = (id: string) => t.db.selectFrom('declaration_events').selectAll().where('declaration_id', '=', id).orderBy('created_at').orderBy('id').execute();

	it('records the findings and the rule-set version with the submission, and again when a correction is re-checked', async () => {
		const now = new Date();
		const d = await submit(await body(now, (x) => (x.document.expiryDate = addDays(shanghaiDate(now), -5))), now);
		expect(d.status).toBe('pending_review');
		const [submitted] = await events(d.row.id);
		expect(submitted.type).toBe('submitted');
		const recorded = JSON.parse(submitted.data!) as { findings: { code: string }[]; ruleSetVersion: string };
		expect(recorded.ruleSetVersion).toBe(d.row.rule_set_version);
		expect(recorded.findings.map((f) => f.code)).toContain('DOCUMENT_EXPIRED');

		await decide(t.db, d.row.id, d.row.version, { kind: 'request_information', question: 'New passport?' }, officer);
		const answered = await answerInformationRequest(t.db, d.reference, d.accessCode!, {
			message: 'Here it is.',
			changes: { document: { number: 'NEW7654321', expiryDate: addDays(shanghaiDate(now), 2000) } }
		});
		expect(answered.ok).toBe(true);
		const rechecked = (await events(d.row.id)).find((e) => e.type === 'rechecked')!;
		const data = JSON.parse(rechecked.data!) as { findings: { code: string }[]; before: { code: string }[] };
		expect(data.before.map((f) => f.code)).toContain('DOCUMENT_EXPIRED');
		expect(data.findings.map((f) => f.code)).not.toContain('DOCUMENT_EXPIRED');
	});

	it('a 422 lists the unknown upload and address together with the schema errors, and stores nothing', async () => {
		const now = new Date();
		const d = await body(now);
		d.person.nationality = 'AAA';
		d.document.photoUploadId = '01JUNKNOWNUPLOAD000000000000';
		d.accommodation.addressId = '01JUNKNOWNADDRESS00000000000';
		const before = (await t.db.selectFrom('declarations').select('id').execute()).length;
		const r = await submitDeclaration(t.db, d, { now });
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['person.nationality', 'document.photoUploadId', 'accommodation.addressId']));
		expect(r.errors.find((e) => e.path === 'document.photoUploadId')!.code).toBe('unknown_upload');
		expect((await t.db.selectFrom('declarations').select('id').execute()).length).toBe(before);
	});

	it('a move between two free-text addresses supersedes the older stay; the same free-text place does not', async () => {
		const t0 = new Date(Date.now() - 6 * DAY);
		const s = seed++; // one person
		const a = await submit(await body(t0, freeText('Room 5, 12 Lane 300, Xinhua Road'), s), t0);
		await decide(t.db, a.row.id, a.row.version, { kind: 'approve' }, officer, { now: t0 });

		const t1 = new Date(t0.getTime() + 2 * DAY);
		const again = await submit(await body(t1, freeText('room 5 12 lane 300 xinhua road'), s), t1); // the same place, written differently
		await decide(t.db, again.row.id, again.row.version, { kind: 'approve' }, officer, { now: t1 });
		expect((await t.db.selectFrom('declarations').select('status').where('id', '=', a.row.id).executeTakeFirstOrThrow()).status).toBe('approved');

		const t2 = new Date(t0.getTime() + 4 * DAY);
		const moved = await submit(await body(t2, freeText('Flat 2, 8 Heping Street'), s), t2);
		await decide(t.db, moved.row.id, moved.row.version, { kind: 'approve' }, officer, { now: t2 });
		const older = await t.db.selectFrom('declarations').select(['id', 'status', 'superseded_by']).where('id', 'in', [a.row.id, again.row.id]).execute();
		expect(older.map((o) => o.status)).toEqual(['superseded', 'superseded']);
		expect(older.every((o) => o.superseded_by === moved.row.id)).toBe(true);
	});

	it('after a rejection the same stay can be declared again; a repeat with the same Idempotency-Key still finds the rejected one', async () => {
		const now = new Date();
		const d = await body(now, (x) => (x.document.expiryDate = addDays(shanghaiDate(now), -5)));
		const first = await submitDeclaration(t.db, d, { now, idempotencyKey: 'reject-then-again-1' });
		if (!first.ok) throw new Error('first');
		const row = await t.db.selectFrom('declarations').selectAll().where('reference', '=', first.reference).executeTakeFirstOrThrow();
		await decide(t.db, row.id, row.version, { kind: 'reject', reason: 'document_invalid' }, officer);

		const sameKey = await submitDeclaration(t.db, d, { now, idempotencyKey: 'reject-then-again-1' });
		expect(sameKey).toMatchObject({ ok: true, created: false, reference: first.reference, status: 'rejected' });

		const fresh = await submitDeclaration(t.db, { ...d, document: { ...d.document, expiryDate: addDays(shanghaiDate(now), 900) } }, { now });
		// a corrected document is another declaration anyway; the same answers without a key are too
		expect(fresh).toMatchObject({ ok: true, created: true });
		const resubmitted = await submitDeclaration(t.db, d, { now });
		expect(resubmitted).toMatchObject({ ok: true });
		if (resubmitted.ok) expect(resubmitted.reference).not.toBe(first.reference);
	});
});
