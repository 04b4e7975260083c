import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, createTestApp, type TestApp } from './helpers';
import { createUser, type User } from '../../src/lib/server/users';
import { claimTask } from '../../src/lib/server/help-claims';
import { createHelpRequest, createKioskHelpRequest, findHelpRequest, viewContact } from '../../src/lib/server/help-requests';

// "Call an interpreter" at the kiosk: an in-person request in the centre may come without a
// contact (the visitor waits there); everywhere else a request still needs a phone or an e-mail.

const kioskCall = (overrides: Record<string, unknown> = {}) => ({ language: 'en', topic: 'registration', channel: 'in_person', ...overrides });

describe.each(DATABASES)('kiosk help requests on %s', (kind) => {
	let app: TestApp;
	let volunteer: User;

	beforeAll(async () => {
		app = await createTestApp(kind);
		volunteer = await app.db.write((tx) => createUser(tx, { email: 'kv@example.org', name: 'KV', role: 'volunteer', languages: [{ lang: 'en', level: 'fluent' }], availability: [] }));
	}, 60_000);
	afterAll(() => app?.cleanup());

	it('creates an in-person request without a contact, which the volunteer holding it can open', async () => {
		const created = await createKioskHelpRequest(app.db, kioskCall());
		expect(created).toMatchObject({ ok: true, status: 'open' });
		if (!created.ok) return;
		expect(created.reference).toMatch(/^HR-/);
		expect(created.accessCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
		expect(await claimTask(app.db, created.id, volunteer.id)).toMatchObject({ ok: true });
		const row = (await findHelpRequest(app.db, created.id))!;
		expect(row.channel).toBe('in_person');
		expect(await viewContact(app.db, row, { id: volunteer.id, role: 'volunteer', ip: null })).toEqual({ contact: {}, note: null });
	});

	it('keeps a phone given at the kiosk, and checks it like everywhere else', async () => {
		const created = await createKioskHelpRequest(app.db, kioskCall({ contact: { phone: '13900001111' } }));
		expect(created.ok).toBe(true);
		const wrong = await createKioskHelpRequest(app.db, kioskCall({ contact: { phone: 'call me' } }));
		expect(wrong.ok).toBe(false);
		if (!wrong.ok) expect(wrong.errors.map((e) => e.path)).toEqual(['contact.phone']);
	});

	it('is for in-person requests only', async () => {
		const result = await createKioskHelpRequest(app.db, kioskCall({ channel: 'phone' }));
		expect(result).toEqual({ ok: false, errors: [{ path: 'channel', code: 'invalid_choice' }] });
	});

	it('leaves the API and the help form as they were: no contact, no request', async () => {
		const result = await createHelpRequest(app.db, kioskCall());
		expect(result).toEqual({ ok: false, errors: [{ path: 'contact', code: 'contact_required' }] });
	});
});
