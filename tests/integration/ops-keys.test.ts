import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { validDeclaration } from '../../src/lib/domain/fixtures';
import { createAddress } from '../../src/lib/server/addresses';
import { decrypt, decryptJson, encrypt, encryptJson, keyIdOf, parseKeyFile, type KeyFile, type Keys } from '../../src/lib/server/crypto';
import { readSnapshot } from '../../src/lib/server/declarations';
import { submitDeclaration } from '../../src/lib/server/submission';
import { createDraft, loadDraft } from '../../src/lib/server/drafts';
import { newId } from '../../src/lib/server/ids';
import { ENCRYPTED_COLUMNS, keyUsage, reencryptAll, reloadKeys, rotateKeyFile } from '../../src/lib/server/key-rotation';
import { addToWatchlist, listWatchlist } from '../../src/lib/server/lists';
import { enqueueMailAlone } from '../../src/lib/server/mail/outbox';
import { readUpload, storeUpload } from '../../src/lib/server/uploads';
import { createDb, type Db } from '../../src/lib/server/db';
import { createTestApp, DATABASES, type TestApp } from './helpers';

const admin = { id: null, role: 'admin' as const, ip: null };
const readKeys = (file: string): Keys => parseKeyFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile);

describe.each(DATABASES)('key rotation on %s', (kind) => {
	let t: TestApp;
	let file: string;
	let addressId: string;
	let oldId: string;
	let newKey: string;
	const ids = { declaration: '', upload: '', draftToken: '', help: '', outbox: '', watch: '' };
	let seed = 7000;

	// the same database seen with one key set or another (before and after a rotation)
	const views = new Map<Keys, Db>();
	const withKeys = (keys: Keys): Db => {
		let db = views.get(keys);
		if (!db) views.set(keys, (db = createDb(t.env, { keys })));
		return db;
	};

	async function declare(keys: Keys): Promise<string> {
		const png = await sharp({ create: { width: 32, height: 20, channels: 3, background: '#aa6633' } })
			.png()
			.toBuffer();
		const upload = await storeUpload(withKeys(keys), png);
		if (!upload.ok) throw new Error(upload.reason);
		const body = validDeclaration(new Date(), {}, seed++);
		body.document.photoUploadId = upload.id;
		body.accommodation.addressId = addressId;
		const r = await submitDeclaration(withKeys(keys), body);
		if (!r.ok) throw new Error(JSON.stringify(r));
		ids.upload ||= upload.id;
		return (await t.db.selectFrom('declarations').select('id').where('reference', '=', r.reference).executeTakeFirstOrThrow()).id;
	}

	beforeAll(async () => {
		t = await createTestApp(kind);
		file = path.join(t.dataDir, 'keys.json');
		addressId = await t.db.write((tx) => createAddress(tx, { label: '华园路 9 号', labelEn: 'No. 9 Huayuan Road', kind: 'residential' }));
		oldId = t.db.keys.currentId;
		// one record in every encrypted column, under the first key
		ids.declaration = await declare(t.db.keys);
		await t.db
			.insertInto('declaration_events')
			.values({
				id: newId(),
				declaration_id: ids.declaration,
				type: 'note',
				from_status: null,
				to_status: null,
				actor_id: null,
				data: encryptJson(t.db.keys, { note: 'n' }, `declaration_events:${ids.declaration}`),
				created_at: new Date().toISOString()
			})
			.execute();
		ids.draftToken = (await createDraft(t.db, { step: 'person', name: 'DUPONT' })).token;
		ids.help = newId();
		const now = new Date().toISOString();
		await t.db
			.insertInto('help_requests')
			.values({
				id: ids.help,
				reference: `HR-${ids.help.slice(-8)}`,
				access_code_hash: 'x',
				status: 'scheduled',
				language: 'fr',
				topic: 'legal',
				channel: 'phone',
				contact: encryptJson(t.db.keys, { phone: '+33 6' }, `help_requests.contact:${ids.help}`),
				note: encrypt(t.db.keys, 'note', `help_requests.note:${ids.help}`),
				declaration_id: null,
				claimed_by: null,
				lease_until: null,
				organisation_id: null,
				escalated_at: null,
				scheduled_for: now,
				schedule_details: encrypt(t.db.keys, 'room 3', `help_requests.schedule:${ids.help}`),
				completed_at: null,
				duration_minutes: null,
				completion_note: null,
				rating: null,
				created_at: now,
				updated_at: now
			})
			.execute();
		await t.db
			.insertInto('help_messages')
			.values({ id: newId(), help_request_id: ids.help, author: 'staff', author_id: null, body: encrypt(t.db.keys, 'bonjour', `help_messages:${ids.help}`), upload_id: null, created_at: now })
			.execute();
		ids.outbox = await enqueueMailAlone(t.db, { to: 'resident@example.org', subject: 'Your request', text: 'Hello' });
		const watch = await addToWatchlist(t.db, { documentNumber: 'kr4455667', nationality: 'deu', reason: 'rotation test' }, admin);
		if (!watch.ok) throw new Error(JSON.stringify(watch));
		ids.watch = watch.id;
	});
	afterAll(async () => {
		for (const db of views.values()) await db.destroy();
		await t?.cleanup();
	});

	async function readEverything(keys: Keys): Promise<void> {
		const ctx = withKeys(keys);
		const d = await t.db.selectFrom('declarations').selectAll().where('id', '=', ids.declaration).executeTakeFirstOrThrow();
		expect(readSnapshot(keys, d).person.surname).toBe('DUPONT');
		const event = await t.db.selectFrom('declaration_events').select('data').where('declaration_id', '=', ids.declaration).where('type', '=', 'note').executeTakeFirstOrThrow();
		expect(decryptJson(keys, event.data!, `declaration_events:${ids.declaration}`)).toEqual({ note: 'n' });
		expect((await readUpload(ctx, ids.upload))?.mime).toBe('image/png');
		expect((await loadDraft<{ name: string }>(ctx, ids.draftToken))?.data.name).toBe('DUPONT');
		const h = await t.db.selectFrom('help_requests').selectAll().where('id', '=', ids.help).executeTakeFirstOrThrow();
		expect(decryptJson(keys, h.contact, `help_requests.contact:${ids.help}`)).toEqual({ phone: '+33 6' });
		expect(decrypt(keys, h.note!, `help_requests.note:${ids.help}`)).toBe('note');
		expect(decrypt(keys, h.schedule_details!, `help_requests.schedule:${ids.help}`)).toBe('room 3');
		const m = await t.db.selectFrom('help_messages').select('body').where('help_request_id', '=', ids.help).executeTakeFirstOrThrow();
		expect(decrypt(keys, m.body, `help_messages:${ids.help}`)).toBe('bonjour');
		const o = await t.db.selectFrom('outbox').selectAll().where('id', '=', ids.outbox).executeTakeFirstOrThrow();
		expect(decrypt(keys, o.recipient, `outbox:${ids.outbox}:recipient`)).toBe('resident@example.org');
		expect(decrypt(keys, o.subject, `outbox:${ids.outbox}:subject`)).toBe('Your request');
		expect(decrypt(keys, o.body, `outbox:${ids.outbox}:body`)).toBe('Hello');
		expect((await listWatchlist(ctx, admin)).find((w) => w.id === ids.watch)?.documentNumber).toBe('KR4455667');
	}

	it('rotate: a new current key in the file, older keys kept, a running process picks it up', async () => {
		const before = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
		newKey = rotateKeyFile(file).id;
		const after = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
		expect(after.current).toBe(newKey);
		expect(after.encryption.map((k) => k.id)).toEqual([...before.encryption.map((k) => k.id), newKey]);
		expect(after.blindIndexKey).toBe(before.blindIndexKey);
		expect(fs.readdirSync(t.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

		expect(reloadKeys(t.db.keys, file)).toBe(true);
		expect(t.db.keys.currentId).toBe(newKey);
		expect(t.db.keys.encryption.has(oldId)).toBe(true);
	});

	it('old records stay readable, new records use the new key', async () => {
		await readEverything(t.db.keys);
		const fresh = await declare(t.db.keys);
		const row = await t.db.selectFrom('declarations').select('snapshot').where('id', '=', fresh).executeTakeFirstOrThrow();
		expect(keyIdOf(row.snapshot)).toBe(newKey);
		expect(await keyUsage(t.db)).toMatchObject({ [oldId]: 12 });
		// the watch list counts too: until it is moved, the old key is still in use
		const watch = await t.db.selectFrom('watchlist').select('document').where('id', '=', ids.watch).executeTakeFirstOrThrow();
		expect(keyIdOf(watch.document!)).toBe(oldId);
	});

	it('reencrypt moves every column to the new key in batches, and a second run finds nothing', async () => {
		const report = await reencryptAll(t.db, { batch: 1 });
		for (const spec of ENCRYPTED_COLUMNS) expect(report[`${spec.table}.${spec.column}`], `${spec.table}.${spec.column}`).toBeGreaterThanOrEqual(1);
		expect(report['watchlist.document']).toBe(1);
		const watch = await t.db.selectFrom('watchlist').select('document').where('id', '=', ids.watch).executeTakeFirstOrThrow();
		expect(keyIdOf(watch.document!)).toBe(newKey);
		expect(Object.keys(await keyUsage(t.db))).toEqual([newKey]);
		expect(Object.values(await reencryptAll(t.db)).every((n) => n === 0)).toBe(true);
	});

	it('with the old key removed from the file, everything still reads', async () => {
		const keyFile = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
		keyFile.encryption = keyFile.encryption.filter((k) => k.id !== oldId);
		fs.writeFileSync(file, JSON.stringify(keyFile));
		const onlyNew = readKeys(file);
		expect([...onlyNew.encryption.keys()]).toEqual([newKey]);
		await readEverything(onlyNew);
	});
});
