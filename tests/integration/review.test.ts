import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { answerInformationRequest, submitDeclaration } from '../../src/lib/server/declarations';
import { decide, listQueue, lookUp, openDeclaration } from '../../src/lib/server/review';
import { verifyAuditChain } from '../../src/lib/server/audit';
import { validDeclaration, type DeclarationOverrides } from '../../src/lib/domain/fixtures';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const officer = { id: null, role: 'officer' as const, ip: '127.0.0.1' };

describe.each(DATABASES)('review on %s', (kind) => {
	let app: TestApp;
	let addressId: string;
	let uploadId: string;
	let seed = 0;

	async function submit(overrides: DeclarationOverrides = {}) {
		const d = validDeclaration(new Date(), overrides, ++seed);
		d.document.photoUploadId = uploadId;
		if (!d.accommodation.addressText) d.accommodation.addressId = addressId;
		const result = await submitDeclaration(app, d);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		const row = await app.db.selectFrom('declarations').select(['id', 'version']).where('reference', '=', result.reference).executeTakeFirstOrThrow();
		return { ...result, id: row.id, version: row.version };
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		addressId = await createAddress(app.db, { label: '嘉北花园1幢', labelEn: 'Bldg 1, Jiabei Huayuan', kind: 'residential' });
		const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ccc' } }).png().toBuffer();
		const stored = await storeUpload(app, png);
		if (!stored.ok) throw new Error('upload');
		uploadId = stored.id;
	});
	afterAll(() => app?.cleanup());

	it('queues only exceptions, oldest first, with keyset pages and filters', async () => {
		const approved = await submit();
		const late = await submit({ accommodation: { addressId: undefined, addressText: 'Somewhere not listed 1' } });
		const usa = await submit({ person: { nationality: 'USA' } });
		expect(approved.status).toBe('approved');
		const first = await listQueue(app.db, {}, null, 1);
		expect(first.items.map((i) => i.reference)).toEqual([late.reference]);
		const second = await listQueue(app.db, {}, first.next, 1);
		expect(second.items.map((i) => i.reference)).toEqual([usa.reference]);
		const byFinding = await listQueue(app.db, { finding: 'VISA_FREE_NOT_ELIGIBLE' }, null);
		expect(byFinding.items.map((i) => i.reference)).toContain(usa.reference);
		expect(byFinding.items.map((i) => i.reference)).not.toContain(late.reference);
		const byNationality = await listQueue(app.db, { nationality: 'USA' }, null);
		expect(byNationality.items.every((i) => i.nationality === 'USA')).toBe(true);
	});

	it('of two officers deciding at once, exactly one succeeds; the decision is an event and an audit row', async () => {
		const d = await submit({ person: { nationality: 'USA' } });
		const results = await Promise.all([
			decide(app, d.id, d.version, { kind: 'approve' }, officer, { origin: 'http://x' }),
			decide(app, d.id, d.version, { kind: 'reject', reason: 'other' }, officer, { origin: 'http://x' })
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already_decided' }]);
		const again = await decide(app, d.id, d.version + 1, { kind: 'reject', reason: 'other' }, officer, { origin: 'http://x' });
		expect(again).toEqual({ ok: false, reason: 'already_decided' });
		const events = await app.db.selectFrom('declaration_events').select('type').where('declaration_id', '=', d.id).execute();
		expect(events.map((e) => e.type).filter((t) => t !== 'submitted')).toHaveLength(1);
		const audits = await app.db.selectFrom('audit_log').select('action').where('target_id', '=', d.id).execute();
		expect(audits.filter((a) => a.action.startsWith('declaration.approve') || a.action.startsWith('declaration.reject'))).toHaveLength(1);
		expect((await verifyAuditChain(app.db)).ok).toBe(true);
	});

	it('approval issues a receipt and tells the resident through the outbox', async () => {
		const d = await submit({ person: { nationality: 'USA' } });
		const before = await app.db.selectFrom('outbox').select('id').execute();
		expect(await decide(app, d.id, d.version, { kind: 'approve' }, officer, { origin: 'http://x' })).toEqual({ ok: true, status: 'approved' });
		const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.receipt_token).toBeTruthy();
		expect(row.decided_at).toBeTruthy();
		const after = await app.db.selectFrom('outbox').select(['id', 'recipient']).execute();
		expect(after.length).toBe(before.length + 1);
		expect(after.at(-1)!.recipient.startsWith('v1.')).toBe(true);
	});

	it('ask for information → resident answers → back in the queue with the rules re-run', async () => {
		const d = await submit({ person: { nationality: 'USA' } });
		expect(await decide(app, d.id, d.version, { kind: 'request_information', question: 'How did you enter China?' }, officer, { origin: 'http://x' })).toEqual({ ok: true, status: 'needs_information' });
		const answer = await answerInformationRequest(app, d.reference, d.accessCode!, { message: 'With a visa, sorry.' });
		expect(answer.ok).toBe(true);
		const row = await app.db.selectFrom('declarations').select(['status', 'version']).where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('pending_review');
		const detail = await openDeclaration(app, d.id, officer);
		expect(detail!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['submitted', 'information_requested', 'information_provided']));
		expect(detail!.events.find((e) => e.type === 'information_requested')!.data).toEqual({ question: 'How did you enter China?' });
		expect(await decide(app, d.id, row.version, { kind: 'reject', reason: 'false_information', note: 'checked' }, officer, { origin: 'http://x' })).toEqual({ ok: true, status: 'rejected' });
	});

	it('opening a declaration and looking one up are audited; look-up by document uses the blind index', async () => {
		const d = await submit({ document: { number: 'LOOK12345' } });
		await openDeclaration(app, d.id, officer);
		const found = await lookUp(app, { documentNumber: 'look12345', nationality: 'fra' }, officer);
		expect(found.map((r) => r.reference)).toEqual([d.reference]);
		expect(await lookUp(app, { reference: d.reference.toLowerCase().replaceAll('-', '') }, officer)).toHaveLength(1);
		const actions = (await app.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).execute()).map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['declaration.view', 'declaration.lookup']));
		const all = JSON.stringify(await app.db.selectFrom('audit_log').selectAll().execute());
		expect(all).not.toContain('LOOK12345');
	});
});
