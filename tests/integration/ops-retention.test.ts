import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { createAddress } from '../../src/lib/server/addresses';
import { verifyAuditChain } from '../../src/lib/server/audit';
import { encryptJson } from '../../src/lib/server/crypto';
import { readSnapshot } from '../../src/lib/server/declarations';
import { submitDeclaration } from '../../src/lib/server/submission';
import { createDraft } from '../../src/lib/server/drafts';
import { newId } from '../../src/lib/server/ids';
import { consume, LIMITS } from '../../src/lib/server/rate-limit';
import { ANONYMISED_SNAPSHOT, OUTBOX_KEEP_DAYS, runRetention } from '../../src/lib/server/retention';
import { enqueueMailAlone } from '../../src/lib/server/mail/outbox';
import { createSession } from '../../src/lib/server/sessions';
import { setSetting } from '../../src/lib/server/settings';
import { storeUpload } from '../../src/lib/server/uploads';
import { createUser, type User } from '../../src/lib/server/users';
import { claimTask, completeHelpRequest } from '../../src/lib/server/help-claims';
import { postMessage } from '../../src/lib/server/help-conversation';
import { createHelpRequest } from '../../src/lib/server/help-requests';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe.each(DATABASES)('retention on %s', (kind) => {
	let t: TestApp;
	let addressId: string;
	let volunteer: User;
	const start = new Date();
	const at = (ms: number) => new Date(start.getTime() + ms);

	beforeAll(async () => {
		t = await createTestApp(kind);
		addressId = await t.db.write((tx) => createAddress(tx, { label: '华园路 8 号', labelEn: 'No. 8 Huayuan Road', kind: 'residential' }));
		volunteer = await t.db.write((tx) => createUser(tx, { email: `helper-${kind}@example.org`, name: 'Helper', role: 'volunteer', languages: [{ lang: 'fr', level: 'native' }], availability: [] }));
	});
	afterAll(() => t?.cleanup());

	async function photo(now = start): Promise<string> {
		const png = await sharp({ create: { width: 32, height: 20, channels: 3, background: '#336699' } })
			.png()
			.toBuffer();
		const r = await storeUpload(t.db, png, now);
		if (!r.ok) throw new Error(r.reason);
		return r.id;
	}

	async function declare(seed: number, overrides: Parameters<typeof validDeclaration>[1] = {}): Promise<{ id: string; photo: string }> {
		const upload = await photo();
		const body = validDeclaration(start, overrides, seed);
		body.document.photoUploadId = upload;
		body.accommodation.addressId = addressId;
		const r = await submitDeclaration(t.db, body, { now: start });
		if (!r.ok || !r.created) throw new Error(JSON.stringify(r));
		const row = await t.db.selectFrom('declarations').select('id').where('reference', '=', r.reference).executeTakeFirstOrThrow();
		return { id: row.id, photo: upload };
	}

	/** A help request made, talked about (an image in the conversation) and, when `completed`, finished, all at `at`. */
	async function helpRequest(status: 'completed' | 'open', at: Date): Promise<string> {
		const created = await createHelpRequest(t.db, { language: 'fr', topic: 'registration', channel: 'phone', contact: { phone: '+33 6 00 00 00 00' }, note: 'my landlord is Mr Wang' }, at);
		if (!created.ok) throw new Error(JSON.stringify(created.errors));
		const posted = await postMessage(t.db, { requestId: created.id, author: 'resident', authorId: null, text: 'hello', uploadId: await photo(at) }, at);
		if (!posted.ok) throw new Error(posted.reason);
		if (status === 'completed') {
			expect(await claimTask(t.db, created.id, volunteer.id, at)).toMatchObject({ ok: true });
			expect(await completeHelpRequest(t.db, created.id, { userId: volunteer.id }, { durationMinutes: 20, note: 'called Mr Wang' }, at)).toMatchObject({ ok: true });
		}
		return created.id;
	}

	const count = async (table: 'drafts' | 'uploads' | 'sessions' | 'rate_limits' | 'help_messages') =>
		Number(
			(
				await t.db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('deletes drafts, unused uploads, sessions and rate-limit windows once their time is up, and nothing sooner', async () => {
		await createDraft(t.db, { step: 'person' }, start);
		await photo(start); // never used
		const user = await t.db.write((tx) => createUser(tx, { email: `retention-${kind}@example.org`, name: 'Officer R', role: 'officer' }));
		await createSession(t.db, user.id, start);
		await consume(t.db, LIMITS.loginIp, '203.0.113.9', start);

		const early = await runRetention(t.db, at(10 * 60_000));
		expect(early).toMatchObject({ drafts: 0, uploads: 0, sessions: 0, rateLimits: 0 });

		const later = await runRetention(t.db, at(25 * HOUR));
		expect(later).toMatchObject({ drafts: 1, uploads: 1, sessions: 1, rateLimits: 1, declarationsAnonymised: 0 });
		expect(await count('drafts')).toBe(0);
		expect(await count('sessions')).toBe(0);
		expect(await count('rate_limits')).toBe(0);
	});

	it('anonymises declarations the configured time after check-out, keeping the figures and nothing personal', async () => {
		await t.db.write((tx) => setSetting(tx, 'retention_declaration_days', 30));
		const old = await declare(1, {}); // checks out 20 days after check-in
		const staying = await declare(2, { accommodation: { checkOut: undefined } });
		const oldRow = await t.db.selectFrom('declarations').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();
		await t.db
			.insertInto('declaration_events')
			.values({
				id: newId(),
				declaration_id: old.id,
				type: 'note',
				from_status: null,
				to_status: null,
				actor_id: null,
				data: encryptJson(t.db.keys, { note: 'x' }, `declaration_events:${old.id}`),
				created_at: start.toISOString()
			})
			.execute();

		// 49 days after submission the stay ended 29 days ago: kept
		expect((await runRetention(t.db, at(49 * DAY))).declarationsAnonymised).toBe(0);
		expect(readSnapshot(t.db.keys, oldRow).person.surname).toBe('DUPONT');

		const report = await runRetention(t.db, at(52 * DAY));
		expect(report.declarationsAnonymised).toBe(1);
		const after = await t.db.selectFrom('declarations').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow();
		expect(after).toMatchObject({
			snapshot: ANONYMISED_SNAPSHOT,
			receipt_token: null,
			photo_upload_id: null,
			idempotency_key: null,
			status: oldRow.status,
			nationality: 'FRA',
			address_id: addressId,
			check_in_date: oldRow.check_in_date,
			check_out: oldRow.check_out,
			findings: oldRow.findings,
			rule_set_version: oldRow.rule_set_version
		});
		expect(after.document_index).not.toBe(oldRow.document_index);
		expect(after.dedupe_key).not.toBe(oldRow.dedupe_key);
		expect(after.access_code_hash).not.toBe(oldRow.access_code_hash);
		expect(await t.db.selectFrom('uploads').select('id').where('id', '=', old.photo).executeTakeFirst()).toBeUndefined();
		const events = await t.db.selectFrom('declaration_events').select(['type', 'data']).where('declaration_id', '=', old.id).execute();
		expect(events.map((e) => e.type).sort()).toEqual(['note', 'submitted']);
		expect(events.every((e) => e.data === null || !e.data.startsWith('v1.'))).toBe(true);

		// the open-ended stay and its photo are untouched
		const kept = await t.db.selectFrom('declarations').selectAll().where('id', '=', staying.id).executeTakeFirstOrThrow();
		expect(readSnapshot(t.db.keys, kept).person.nationality).toBe('FRA');
		expect(await t.db.selectFrom('uploads').select('id').where('id', '=', staying.photo).executeTakeFirst()).toBeDefined();

		// a second run finds nothing more to do
		expect((await runRetention(t.db, at(53 * DAY))).declarationsAnonymised).toBe(0);
	});

	it('anonymises finished help requests after their period: conversation deleted, contact and notes blanked', async () => {
		await t.db.write((tx) => setSetting(tx, 'retention_help_request_days', 90));
		const done = await helpRequest('completed', start);
		const open = await helpRequest('open', start);
		expect((await runRetention(t.db, at(89 * DAY))).helpRequestsAnonymised).toBe(0);

		const report = await runRetention(t.db, at(91 * DAY));
		expect(report).toMatchObject({ helpRequestsAnonymised: 1, helpMessages: 1 });
		const row = await t.db.selectFrom('help_requests').selectAll().where('id', '=', done).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ contact: '', note: null, completion_note: null, status: 'completed', language: 'fr', topic: 'registration', duration_minutes: 20 });
		expect(await t.db.selectFrom('help_messages').select('id').where('help_request_id', '=', done).execute()).toEqual([]);
		expect(await t.db.selectFrom('help_messages').select('id').where('help_request_id', '=', open).execute()).toHaveLength(1);
		expect((await t.db.selectFrom('help_requests').select('contact').where('id', '=', open).executeTakeFirstOrThrow()).contact).toMatch(/^v1\./);
	});

	it('writes one audit row per run with the counts, and the audit chain still holds', async () => {
		const runs = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.run').orderBy('seq').execute();
		expect(runs).toHaveLength(7);
		const last = JSON.parse(runs[runs.length - 1].details) as Record<string, unknown>;
		expect(last).toMatchObject({ helpRequestsAnonymised: 1, helpMessages: 1, declarationsAnonymised: 0 });
		expect(runs[runs.length - 1].at).toBe(at(91 * DAY).toISOString());
		expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
	});

	it('deletes sent and failed mail 30 days after it went out or was given up; pending mail stays', async () => {
		const mail = (to: string) => enqueueMailAlone(t.db, { to, subject: 'Your declaration', text: 'Reference JB-2345-6789' }, start);
		const sent = await mail('sent@example.org');
		const failed = await mail('failed@example.org');
		const pending = await mail('pending@example.org');
		await t.db
			.updateTable('outbox')
			.set({ status: 'sent', sent_at: at(DAY).toISOString() })
			.where('id', '=', sent)
			.execute();
		await t.db.updateTable('outbox').set({ status: 'failed' }).where('id', '=', failed).execute();
		const ids = async () => (await t.db.selectFrom('outbox').select('id').where('id', 'in', [sent, failed, pending]).execute()).map((r) => r.id).sort();

		expect((await runRetention(t.db, at(30 * DAY))).outbox).toBe(0);
		expect(await ids()).toEqual([sent, failed, pending].sort());
		expect((await runRetention(t.db, at((OUTBOX_KEEP_DAYS + 1) * DAY + HOUR))).outbox).toBe(2);
		expect(await ids()).toEqual([pending]);
	});
});
