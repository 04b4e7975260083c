import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createAddress } from '../../src/lib/server/addresses';
import { storeUpload } from '../../src/lib/server/uploads';
import { answerInformationRequest, findForResident } from '../../src/lib/server/follow-up';
import { attachmentFor, decide, nextInQueue, openDeclaration } from '../../src/lib/server/review';
import { getTemplate, listTemplates, saveTemplate } from '../../src/lib/server/question-templates';
import { addToWatchlist } from '../../src/lib/server/lists';
import { runRetention } from '../../src/lib/server/retention';
import { checkTemplate, checkValues, questionFor, renderTemplate } from '../../src/lib/domain/question-template';
import { LANGUAGES } from '../../src/lib/i18n';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { declaring, type Declaring } from './declaring';

const officer = { id: null, role: 'officer' as const, ip: '127.0.0.1' };
const admin = { id: null, role: 'admin' as const, ip: '127.0.0.1' };

describe.each(DATABASES)('question templates on %s', (kind) => {
	let app: TestApp;
	let uploadId: string;
	let submit: Declaring['submit'];

	async function auditCount(action: string) {
		return (await app.db.selectFrom('audit_log').select('seq').where('action', '=', action).execute()).length;
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		({ uploadId, submit } = await declaring(app, { label: '嘉北花园2幢', labelEn: 'Bldg 2, Jiabei Huayuan' }, 500));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('the migration seeds at least 20 questions, each complete in all 16 languages with its fields in every text', async () => {
		const templates = await listTemplates(app.db);
		expect(templates.length).toBeGreaterThanOrEqual(20);
		for (const q of templates) {
			expect(q.missing, q.key).toEqual([]);
			expect(checkTemplate(q), q.key).toEqual({ ok: true });
			// written, not copied: no language left in English
			for (const lang of LANGUAGES.filter((l) => l !== 'en')) expect(q.texts[lang], `${q.key} ${lang}`).not.toBe(q.texts.en);
		}
		const keys = templates.map((q) => q.key);
		for (const k of ['residence_permit_page', 'confirm_check_in', 'landlord_id', 'guardian_consent', 'new_passport']) expect(keys).toContain(k);
		expect(templates.filter((q) => q.fields.some((f) => f.kind === 'date')).length).toBeGreaterThanOrEqual(3);
	});

	it('renders a date field in the reader’s language and a number as typed', async () => {
		const q = (await listTemplates(app.db)).find((x) => x.key === 'confirm_check_in')!;
		const values = { date: '2026-12-03' };
		expect(renderTemplate({ ...q, values }, 'en')).toContain('December 3, 2026');
		expect(renderTemplate({ ...q, values }, 'zh-hans')).toContain('2026年12月3日');
		expect(renderTemplate({ ...q, values }, 'de')).toContain('3. Dezember 2026');
		expect(renderTemplate({ ...q, values }, 'ar')).toMatch(/ديسمبر/);
		expect(checkValues(q.fields, { date: '2026-02-30' })).toEqual({ ok: false, field: 'date' });
		const n = (await listTemplates(app.db)).find((x) => x.key === 'permit_number_check')!;
		const checked = checkValues(n.fields, { number: ' e12345678 ' });
		expect(checked).toEqual({ ok: true, values: { number: 'E12345678' } });
		expect(checkValues(n.fields, { number: 'E1<script>' })).toEqual({ ok: false, field: 'number' });
	});

	it('admins add and edit questions: en and zh-hans required, the rest flagged; bad input changes nothing', async () => {
		const before = (await listTemplates(app.db)).length;
		const audits = await auditCount('question_template.create');
		const base = { key: 'bring_marriage_certificate', fields: [{ name: 'date', kind: 'date' as const }], active: true };

		// missing Simplified Chinese: refused, nothing stored, nothing audited
		const missing = await saveTemplate(app.db, undefined, undefined, { ...base, texts: { en: 'Please bring your marriage certificate on {{date}}.' } }, admin);
		expect(missing).toEqual({ ok: false, reason: 'invalid', errors: [{ path: 'texts.zh-hans', code: 'required' }] });
		// a text that forgets the field, or names another
		const placeholders = await saveTemplate(app.db, undefined, undefined, { ...base, texts: { en: 'Please bring your marriage certificate.', 'zh-hans': '请于{{day}}携带结婚证。' } }, admin);
		expect(placeholders.ok).toBe(false);
		expect(!placeholders.ok && placeholders.reason === 'invalid' && placeholders.errors.map((e) => e.code)).toEqual(['template_placeholders', 'template_placeholders']);
		// a key already used
		const duplicate = await saveTemplate(app.db, undefined, undefined, { ...base, key: 'landlord_id', texts: { en: 'Bring it on {{date}}.', 'zh-hans': '请于{{date}}携带。' } }, admin);
		expect(duplicate).toEqual({ ok: false, reason: 'duplicate_key' });
		expect((await listTemplates(app.db)).length).toBe(before);
		expect(await auditCount('question_template.create')).toBe(audits);

		const created = await saveTemplate(app.db, undefined, undefined, { ...base, texts: { en: 'Please bring your marriage certificate on {{date}}.', 'zh-hans': '请于{{date}}携带结婚证。' } }, admin);
		expect(created.ok).toBe(true);
		const id = created.ok ? created.id : '';
		const stored = await getTemplate(app.db, id);
		expect(stored?.missing).toHaveLength(14);
		expect(stored?.missing).toContain('ar');
		expect(await auditCount('question_template.create')).toBe(audits + 1);

		// the Arabic text added; an edit from a stale version is refused
		const update = { ...base, texts: { ...stored!.texts, ar: 'يرجى إحضار عقد الزواج بتاريخ {{date}}.' } };
		expect(await saveTemplate(app.db, id, stored!.version + 5, update, admin)).toEqual({ ok: false, reason: 'stale' });
		expect(await saveTemplate(app.db, id, stored!.version, update, admin)).toEqual({ ok: true, id });
		const edited = await getTemplate(app.db, id);
		expect(edited?.missing).toHaveLength(13);
		expect(edited?.version).toBe(stored!.version + 1);
		expect(await auditCount('question_template.update')).toBeGreaterThanOrEqual(1);
	});

	it('a template question reaches the resident in their language, with the officer’s words beside it; their answer is shown back', async () => {
		const d = await submit({ language: 'ar', person: { nationality: 'USA' } });
		expect(d.status).toBe('pending_review');
		const q = (await listTemplates(app.db)).find((x) => x.key === 'confirm_check_in')!;
		const template = { id: q.id, key: q.key, version: q.version, fields: q.fields, texts: q.texts, values: { date: '2026-12-03' } };
		const original = renderTemplate(template, 'zh-hans')!;
		const result = await decide(app.db, d.id, d.version, { kind: 'request_information', question: original, language: 'zh-hans', template }, officer);
		expect(result.ok).toBe(true);

		const found = await findForResident(app.db, d.reference, d.accessCode!);
		const asked = found!.view.questions[0];
		const inArabic = questionFor(asked, 'ar', found!.view.language);
		expect(inArabic.lang).toBe('ar');
		expect(inArabic.text).toContain('يرجى تأكيد');
		expect(inArabic.original).toEqual({ text: original, lang: 'zh-hans' });
		// read in French instead: French text, the same original
		expect(questionFor(asked, 'fr', 'ar').text).toContain('3 décembre 2026');
		// the officer reads Chinese: no translation to show beside it
		expect(questionFor(asked, 'zh-hans', 'ar')).toEqual({ text: original, lang: 'zh-hans', original: null });

		const answered = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'نعم، انتقلت في ذلك اليوم.', changes: { contact: { phone: '13900001111' } } });
		expect(answered.ok).toBe(true);
		const after = await findForResident(app.db, d.reference, d.accessCode!);
		expect(after!.view.answers).toEqual([{ id: expect.any(String), answeredAt: expect.any(String), message: 'نعم، انتقلت في ذلك اليوم.', changed: ['contact.phone'], attachments: 0 }]);
		// questions and answers stay encrypted at rest
		const events = JSON.stringify(await app.db.selectFrom('declaration_events').select('data').where('declaration_id', '=', d.id).execute());
		expect(events).not.toContain('يرجى');
		expect(events).not.toContain('انتقلت');
	});

	it('a free-text question stays in the officer’s words', async () => {
		const d = await submit({ language: 'fr', person: { nationality: 'USA' } });
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: '请提供护照首页。', language: 'zh-hans' }, officer);
		const asked = (await findForResident(app.db, d.reference, d.accessCode!))!.view.questions[0];
		expect(questionFor(asked, 'fr', 'fr')).toEqual({ text: '请提供护照首页。', lang: 'zh-hans', original: null });
	});

	it('the next declaration is the oldest other pending one; the watch-list reason is shown to officers', async () => {
		const first = await submit({ person: { nationality: 'USA' } });
		const second = await submit({ person: { nationality: 'USA' } });
		const next = await nextInQueue(app.db, first.id);
		const oldest = await app.db
			.selectFrom('declarations')
			.select('id')
			.where('status', '=', 'pending_review')
			.where('id', '!=', first.id)
			.orderBy('submitted_at')
			.orderBy('id')
			.executeTakeFirstOrThrow();
		expect(next?.id).toBe(oldest.id);
		expect(await nextInQueue(app.db, oldest.id)).not.toEqual({ id: oldest.id });
		expect(second.id).not.toBe(first.id);

		const listed = await addToWatchlist(app.db, { documentNumber: 'WL7654321', nationality: 'DEU', reason: 'Wanted for questioning (case 2026-114)' }, admin);
		expect(listed.ok).toBe(true);
		const hit = await submit({ person: { nationality: 'DEU' }, document: { number: 'WL7654321' } });
		const detail = await openDeclaration(app.db, hit.id, officer);
		expect(detail?.findings.map((f) => f.code)).toContain('WATCHLIST');
		expect(detail?.watchlistReasons).toEqual(['Wanted for questioning (case 2026-114)']);
		const plain = await openDeclaration(app.db, first.id, officer);
		expect(plain?.watchlistReasons).toEqual([]);
	});

	it('the resident corrects the address from the answer: registry or free text, the rules run again; an unknown address changes nothing', async () => {
		const d = await submit({ language: 'ru', person: { nationality: 'USA' } });
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: 'Уточните адрес.', language: 'ru' }, officer);
		const events = async () => (await app.db.selectFrom('declaration_events').select('id').where('declaration_id', '=', d.id).execute()).length;
		const before = await events();
		const unknown = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'Новый адрес.', changes: { accommodation: { addressId: '01AAAAAAAAAAAAAAAAAAAAAAAA' } } });
		expect(unknown).toEqual({ ok: false, reason: 'invalid', errors: [{ path: 'changes.accommodation.addressId', code: 'unknown_address' }] });
		expect(await events()).toBe(before);

		const free = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'Я переехал.', changes: { accommodation: { addressText: 'Jiabei Road 88, Room 5', unit: 'Room 5' } } });
		expect(free.ok).toBe(true);
		expect(free.ok && free.changed).toEqual(expect.arrayContaining(['accommodation.address', 'accommodation.unit']));
		const row = await app.db.selectFrom('declarations').select(['address_id', 'findings', 'status', 'version']).where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.address_id).toBeNull();
		expect(row.status).toBe('pending_review');
		expect(JSON.parse(row.findings).map((f: { code: string }) => f.code)).toContain('ADDRESS_NOT_IN_REGISTRY');

		// asked again, back into the registry
		const other = await app.db.write((tx) => createAddress(tx, { label: '嘉北花园3幢', labelEn: 'Bldg 3, Jiabei Huayuan', kind: 'residential' }));
		await decide(app.db, d.id, row.version, { kind: 'request_information', question: 'Адрес в списке?', language: 'ru' }, officer);
		const registry = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'Нашёл в списке.', changes: { accommodation: { addressId: other } } });
		expect(registry.ok).toBe(true);
		const after = await app.db.selectFrom('declarations').select(['address_id', 'findings']).where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(after.address_id).toBe(other);
		expect(JSON.parse(after.findings).map((f: { code: string }) => f.code)).not.toContain('ADDRESS_NOT_IN_REGISTRY');
		expect((await findForResident(app.db, d.reference, d.accessCode!))!.view.answers.map((a) => a.changed)).toEqual([['accommodation.unit', 'accommodation.address'], ['accommodation.address']]);
	});

	it('a new passport: number, expiry and a photo of the new data page; the old page stays for officers', async () => {
		const d = await submit({ language: 'de', person: { nationality: 'USA' } });
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: 'Neuer Pass?', language: 'de' }, officer);
		const png = await sharp({ create: { width: 80, height: 50, channels: 3, background: '#def' } })
			.png()
			.toBuffer();
		const photo = await storeUpload(app.db, png);
		if (!photo.ok) throw new Error('upload');
		const answered = await answerInformationRequest(app.db, d.reference, d.accessCode!, {
			message: 'Hier ist der neue Pass.',
			changes: { document: { number: 'NEW123456', expiryDate: '2035-01-31' } },
			newPhotoId: photo.id
		});
		expect(answered.ok && answered.changed).toEqual(expect.arrayContaining(['document.number', 'document.expiryDate', 'document.photo']));
		const row = await app.db.selectFrom('declarations').select('photo_upload_id').where('id', '=', d.id).executeTakeFirstOrThrow();
		expect(row.photo_upload_id).toBe(photo.id);
		// the old page (the shared test photo) is now reachable as this declaration's attachment
		expect(await attachmentFor(app.db, d.id, uploadId, officer)).toBe(uploadId);
		const detail = await openDeclaration(app.db, d.id, officer);
		expect(detail?.current?.document.number).toBe('NEW123456');
		expect(detail?.events.find((e) => e.type === 'information_provided')?.data).toMatchObject({ previousPhoto: uploadId });
	});

	// last: its retention run ages every upload of this database
	it('an image attached to an answer belongs to the declaration: officers open it (audited), nobody else’s id works', async () => {
		const d = await submit({ language: 'fr', person: { nationality: 'USA' } });
		await decide(app.db, d.id, d.version, { kind: 'request_information', question: 'Photo du bail ?', language: 'fr' }, officer);
		const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#abc' } })
			.png()
			.toBuffer();
		const stored = await storeUpload(app.db, png);
		if (!stored.ok) throw new Error('upload');
		const answered = await answerInformationRequest(app.db, d.reference, d.accessCode!, { message: 'Voici la page signée.', attachmentId: stored.id });
		expect(answered.ok).toBe(true);
		const view = (await findForResident(app.db, d.reference, d.accessCode!))!.view;
		expect(view.answers.map((a) => a.attachments)).toEqual([1]);
		const upload = await app.db.selectFrom('uploads').select(['used_at', 'expires_at']).where('id', '=', stored.id).executeTakeFirstOrThrow();
		expect(upload.used_at).not.toBeNull();
		expect(upload.expires_at > '9000').toBe(true);

		const views = await auditCount('declaration.attachment.view');
		expect(await attachmentFor(app.db, d.id, stored.id, officer)).toBe(stored.id);
		expect(await auditCount('declaration.attachment.view')).toBe(views + 1);
		// the passport photo, or another declaration's attachment, is not an attachment of this one
		expect(await attachmentFor(app.db, d.id, uploadId, officer)).toBeNull();
		const other = await submit({ person: { nationality: 'USA' } });
		expect(await attachmentFor(app.db, other.id, stored.id, officer)).toBeNull();
		expect(await auditCount('declaration.attachment.view')).toBe(views + 1);

		// retention takes the attachment with the declaration
		const row = await app.db.selectFrom('declarations').select('version').where('id', '=', d.id).executeTakeFirstOrThrow();
		expect((await decide(app.db, d.id, row.version, { kind: 'reject', reason: 'other' }, officer)).ok).toBe(true);
		await runRetention(app.db, new Date(Date.now() + 3 * 365 * 86_400_000));
		expect(await app.db.selectFrom('uploads').select('id').where('id', '=', stored.id).executeTakeFirst()).toBeUndefined();
		expect(await app.db.selectFrom('declaration_attachments').select('upload_id').where('declaration_id', '=', d.id).execute()).toEqual([]);
	});
});
