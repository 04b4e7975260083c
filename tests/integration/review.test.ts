import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddress } from '../../src/lib/server/addresses';
import { answerInformationRequest } from '../../src/lib/server/follow-up';
import { CompiledQuery } from 'kysely';
import { decide, listQueue, lookUp, openDeclaration, queueQuery } from '../../src/lib/server/review';
import { verifyAuditChain } from '../../src/lib/server/audit';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { declaring, type Declaring } from './declaring';

const officer = { id: null, role: 'officer' as const, ip: '127.0.0.1' };

describe.each(DATABASES)('review on %s', (kind) => {
	let app: TestApp;
	let addressId: string;
	let submit: Declaring['submit'];

	beforeAll(async () => {
		app = await createTestApp(kind);
		({ addressId, submit } = await declaring(app, { label: '嘉北花园1幢', labelEn: 'Bldg 1, Jiabei Huayuan' }, 0));
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
		const results = await Promise.all([decide(app.db, d.id, d.version, { kind: 'approve' }, officer), decide(app.db, d.id, d.version, { kind: 'reject', reason: 'other' }, officer)]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'already_decided' }]);
		const again = await decide(app.db, d.id, d.version + 1, { kind: 'reject', reason: 'other' }, officer);
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
		expect(await decide(app.db, d.id, d.version, { kind: 'approve' }, officer)).toEqual({ ok: true, status: 'approved' });
		const row = await app.db.selectFrom('declarations').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.receipt_token).toBeTruthy();
		expect(row.decided_at).toBeTruthy();
		const after = await app.db.selectFrom('outbox').select(['id', 'recipient']).execute();
		expect(after.length).toBe(before.length + 1);
		expect(after.at(-1)!.recipient.startsWith('v1.')).toBe(true);
	});

	it('ask for information → resident answers → back in the queue with the rules re-run', async () => {
		const d = await submit({ person: { nationality: 'USA' } });
		expect(await decide(app.db, d.id, d.version, { kind: 'request_information', question: 'How did you enter China?' }, officer)).toEqual({
			ok: true,
			status: 'needs_information'
		});
		const answer = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'With a visa, sorry.' });
		expect(answer.ok).toBe(true);
		const row = await app.db.selectFrom('declarations').select(['status', 'version']).where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('pending_review');
		const detail = await openDeclaration(app.db, d.id, officer);
		expect(detail!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['submitted', 'information_requested', 'information_provided']));
		expect(detail!.events.find((e) => e.type === 'information_requested')!.data).toEqual({ question: 'How did you enter China?' });
		expect(await decide(app.db, d.id, row.version, { kind: 'reject', reason: 'false_information', note: 'checked' }, officer)).toEqual({ ok: true, status: 'rejected' });
	});

	it('a declaration waiting for the resident is marked so in the queue and can still be decided, with a note saying why', async () => {
		const d = await submit({ person: { nationality: 'USA' } });
		expect(await decide(app.db, d.id, d.version, { kind: 'request_information', question: 'Your landlord’s ID?' }, officer)).toMatchObject({ ok: true });
		const waiting = await app.db.selectFrom('declarations').select(['status', 'version']).where('id', '=', d.id).executeTakeFirstOrThrow();
		const listed = (await listQueue(app.db, { status: 'needs_information' }, null)).items.find((i) => i.id === d.id);
		expect(listed?.status).toBe('needs_information');
		// without a reason nothing changes; asking again waits for the first answer
		const events = async () => (await app.db.selectFrom('declaration_events').select('type').where('declaration_id', '=', d.id).execute()).length;
		const before = await events();
		expect(await decide(app.db, d.id, waiting.version, { kind: 'approve', note: '  ' }, officer)).toEqual({ ok: false, reason: 'reason_required' });
		expect(await decide(app.db, d.id, waiting.version, { kind: 'request_information', question: 'And the lease?' }, officer)).toEqual({ ok: false, reason: 'already_decided' });
		expect(await events()).toBe(before);
		expect((await app.db.selectFrom('declarations').select('status').where('id', '=', d.id).executeTakeFirstOrThrow()).status).toBe('needs_information');
		const note = 'Landlord confirmed by phone';
		expect(await decide(app.db, d.id, waiting.version, { kind: 'approve', note }, officer)).toEqual({ ok: true, status: 'approved' });
		const last = (await openDeclaration(app.db, d.id, officer))!.events.at(-1)!;
		expect(last).toMatchObject({ type: 'approved', fromStatus: 'needs_information', toStatus: 'approved', data: { note } });
	});

	it('opening a declaration and looking one up are audited; look-up by document uses the blind index', async () => {
		const d = await submit({ document: { number: 'LOOK12345' } });
		await openDeclaration(app.db, d.id, officer);
		const found = await lookUp(app.db, { documentNumber: 'look12345', nationality: 'fra' }, officer);
		expect(found.map((r) => r.reference)).toEqual([d.reference]);
		expect(await lookUp(app.db, { reference: d.reference.toLowerCase().replaceAll('-', '') }, officer)).toHaveLength(1);
		const actions = (await app.db.selectFrom('audit_log').select(['action', 'target_id', 'details']).execute()).map((r) => r.action);
		expect(actions).toEqual(expect.arrayContaining(['declaration.view', 'declaration.lookup']));
		const all = JSON.stringify(await app.db.selectFrom('audit_log').selectAll().execute());
		expect(all).not.toContain('LOOK12345');
	});

	// The tests below add past-dated pending declarations, so they come after the ones that read
	// the head of the queue.

	it('the address filter lists only the declarations of that address', async () => {
		const other = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园2幢', labelEn: 'Bldg 2, Jiabei Huayuan', kind: 'residential' }));
		const atOther = [await submit({ person: { nationality: 'USA' }, accommodation: { addressId: other } }), await submit({ person: { nationality: 'USA' }, accommodation: { addressId: other } })];
		const atShared = await submit({ person: { nationality: 'USA' } });
		const unlisted = await submit({ accommodation: { addressId: undefined, addressText: 'Somewhere not listed 2' } });
		expect([...atOther, atShared, unlisted].every((d) => d.status === 'pending_review')).toBe(true);

		const byOther = await listQueue(app.db, { addressId: other }, null);
		expect(byOther.items.map((i) => i.reference)).toEqual(atOther.map((d) => d.reference));
		expect(byOther.items.every((i) => i.addressId === other && i.addressLabel === '嘉北花园2幢')).toBe(true);
		const byShared = (await listQueue(app.db, { addressId }, null, 500)).items;
		expect(byShared.map((i) => i.reference)).toContain(atShared.reference);
		expect(byShared.every((i) => i.addressId === addressId)).toBe(true);
		expect(byShared.map((i) => i.reference)).not.toContain(unlisted.reference);
		expect((await listQueue(app.db, { addressId: 'no-such-address' }, null)).items).toEqual([]);
	});

	it('the date filter selects whole Asia/Shanghai days, both ends included', async () => {
		const place = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园3幢', labelEn: 'Bldg 3, Jiabei Huayuan', kind: 'residential' }));
		const at = (iso: string) => submit({ person: { nationality: 'USA' }, accommodation: { addressId: place } }, new Date(iso));
		const lastOf26 = await at('2026-11-26T15:59:59.999Z'); // 26 Nov 23:59:59.999 in Shanghai
		const firstOf27 = await at('2026-11-26T16:00:00.000Z'); // 27 Nov 00:00 in Shanghai
		const lateOn27 = await at('2026-11-27T15:30:00.000Z'); // 27 Nov 23:30 in Shanghai
		const earlyOn28 = await at('2026-11-27T16:30:00.000Z'); // 28 Nov 00:30 in Shanghai (still the 27th in UTC)
		const refs = async (filters: { from?: string; to?: string; addressId?: string }) => (await listQueue(app.db, filters, null, 500)).items.map((i) => i.reference);

		expect(await refs({ addressId: place, from: '2026-11-27', to: '2026-11-27' })).toEqual([firstOf27.reference, lateOn27.reference]);
		expect(await refs({ addressId: place, from: '2026-11-28', to: '2026-11-28' })).toEqual([earlyOn28.reference]);
		expect(await refs({ addressId: place, from: '2026-11-26', to: '2026-11-26' })).toEqual([lastOf26.reference]);
		expect(await refs({ addressId: place, to: '2026-11-27' })).toEqual([lastOf26.reference, firstOf27.reference, lateOn27.reference]);
		expect(await refs({ addressId: place, from: '2026-11-27' })).toEqual([firstOf27.reference, lateOn27.reference, earlyOn28.reference]);
		expect(await refs({ addressId: place, from: '2026-11-26', to: '2026-11-28' })).toEqual([lastOf26.reference, firstOf27.reference, lateOn27.reference, earlyOn28.reference]);
		expect(await refs({ addressId: place, from: '2026-11-29', to: '2026-11-29' })).toEqual([]);
		// the same without the address: the other tests' declarations are never on the 27th
		const on27 = await refs({ from: '2026-11-27', to: '2026-11-27' });
		expect(on27).toEqual(expect.arrayContaining([firstOf27.reference, lateOn27.reference]));
		expect(on27).not.toContain(lastOf26.reference);
		expect(on27).not.toContain(earlyOn28.reference);
	});

	it('keyset pages walk a long queue with equal and distinct submission times, each declaration once, in order', async () => {
		// 120 declarations over 40 instants, three at each (so pages of 7 split runs of equal times)
		const base = Date.parse('2026-11-10T08:00:00.000Z');
		const mine = new Set<string>();
		for (let i = 0; i < 120; i++) {
			const d = await submit({ person: { nationality: 'USA' } }, new Date(base + Math.floor(i / 3) * 60_000));
			expect(d.status).toBe('pending_review');
			mine.add(d.id);
		}
		const pending = await app.db.selectFrom('declarations').select(['id', 'submitted_at']).where('status', '=', 'pending_review').execute();
		const expected = pending
			.map((r) => ({ id: r.id, submittedAt: r.submitted_at }))
			.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

		const walked: { id: string; submittedAt: string }[] = [];
		let cursor: { submittedAt: string; id: string } | null = null;
		let pages = 0;
		do {
			const page: Awaited<ReturnType<typeof listQueue>> = await listQueue(app.db, {}, cursor, 7);
			expect(page.items.length).toBeGreaterThan(0);
			expect(page.items.length).toBeLessThanOrEqual(7);
			walked.push(...page.items.map((i) => ({ id: i.id, submittedAt: i.submittedAt })));
			cursor = page.next;
			pages++;
			expect(pages).toBeLessThan(100);
		} while (cursor);

		expect(walked).toEqual(expected);
		expect(new Set(walked.map((w) => w.id)).size).toBe(walked.length);
		const mineWalked = walked.filter((w) => mine.has(w.id));
		expect(mineWalked).toHaveLength(120);
		expect(new Set(mineWalked.map((w) => w.submittedAt)).size).toBe(40);
		expect(pages).toBe(Math.ceil(expected.length / 7));
	});

	it.runIf(kind === 'sqlite')('a page after a cursor is a range seek on the (status, submitted_at, id) index', async () => {
		const cursor = { submittedAt: '2026-11-10T08:05:00.000Z', id: '01KB0000000000000000000000' };
		const compiled = queueQuery(app.db, {}, cursor).limit(26).compile();
		const plan = await app.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
		const details = plan.rows.map((r) => r.detail).join('\n');
		expect(details).toMatch(/SEARCH d USING (COVERING )?INDEX declarations_status_submitted \(status=\? AND submitted_at>\?\)/);
		expect(details).not.toContain('USE TEMP B-TREE FOR ORDER BY');
	});
});
