import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPerson, auditRecord, searchAudit, type AuditFilter } from '../../src/lib/server/audit-search';
import { recordAuditAlone } from '../../src/lib/server/audit';
import { openDeclaration } from '../../src/lib/server/review';
import { createAccount, type Actor, type User } from '../../src/lib/server/users';
import { createHelpRequest } from '../../src/lib/server/help-requests';
import { createTestApp, DATABASES, type TestApp } from './helpers';
import { declaring } from './declaring';

// The audit log holds ids only; the admin's search by e-mail or reference is turned into ids first
// (the account by its e-mail, the declaration by its reference) and the rows filtered by those.

describe.each(DATABASES)('audit search on %s', (kind) => {
	let app: TestApp;
	let alice: User;
	let bob: User;
	let mine: { id: string; reference: string };
	let other: { id: string; reference: string };
	let help: { id: string; reference: string };
	const admin: Actor = { id: 'admin-0', role: 'admin', ip: '127.0.0.1' };
	const as = (u: User): Actor => ({ id: u.id, role: u.role, ip: '127.0.0.1' });

	async function rows(filter: AuditFilter) {
		return (await searchAudit(app.db, filter, 200)).rows;
	}

	beforeAll(async () => {
		app = await createTestApp(kind);
		const made = await Promise.all(
			[
				{ email: 'Alice.Officer@Station.example', name: 'Alice' },
				{ email: 'bob.officer@station.example', name: 'Bob' }
			].map((u) => createAccount(app.db, admin, { ...u, role: 'officer', organisationId: null }))
		);
		[alice, bob] = made.map((r) => {
			if (!r.ok) throw new Error(r.reason);
			return r.user;
		});
		const { submit } = await declaring(app, { label: '审计路1号', labelEn: '1 Audit Road' }, 500);
		// the United States is not on the 30-day list: both go to review
		mine = await submit({ person: { nationality: 'USA' }, stay: { basis: 'visa_free' } });
		other = await submit({ person: { nationality: 'USA' }, stay: { basis: 'visa_free' } });
		await openDeclaration(app.db, mine.id, as(alice));
		await openDeclaration(app.db, other.id, as(bob));
		const created = await createHelpRequest(app.db, {
			language: 'fr',
			topic: 'registration',
			channel: 'chat',
			contact: { email: 'resident@example.org' },
			declarationReference: mine.reference
		});
		if (!created.ok) throw new Error(JSON.stringify(created.errors));
		help = created;
		await recordAuditAlone(app.db, { actorId: bob.id, actorRole: 'officer', action: 'help_request.view_contact', targetType: 'help_request', targetId: help.id });
	});
	afterAll(() => app?.cleanup());

	it('finds by e-mail, in any case and with spaces, what the account did and what was done to it', async () => {
		const person = await auditPerson(app.db, '  ALICE.officer@station.EXAMPLE ');
		expect(person).toEqual({ ok: true, personId: alice.id });
		const found = await rows({ personId: alice.id });
		expect(found.map((r) => r.action).sort()).toEqual(['declaration.view', 'user.create']);
		expect(found.find((r) => r.action === 'user.create')).toMatchObject({ actor_id: admin.id, target_type: 'user', target_id: alice.id });
		expect(found.find((r) => r.action === 'declaration.view')).toMatchObject({ actor_id: alice.id, target_id: mine.id });
		// nothing of Bob's
		expect(found.some((r) => r.actor_id === bob.id || r.target_id === bob.id)).toBe(false);
	});

	it('tells an unknown e-mail and a malformed entry apart, and still takes an account id', async () => {
		expect(await auditPerson(app.db, 'nobody@station.example')).toEqual({ ok: false, reason: 'unknown_email' });
		expect(await auditPerson(app.db, 'alice@')).toEqual({ ok: false, reason: 'invalid' });
		expect(await auditPerson(app.db, 'drop table; --')).toEqual({ ok: false, reason: 'invalid' });
		expect(await auditPerson(app.db, bob.id)).toEqual({ ok: true, actorId: bob.id });
		expect((await rows({ actorId: bob.id })).map((r) => r.action).sort()).toEqual(['declaration.view', 'help_request.view_contact']);
		expect(await auditPerson(app.db, '')).toEqual({ ok: true });
	});

	it('finds by declaration reference, as people type it, the declaration and its help requests', async () => {
		const typed = mine.reference.toLowerCase().replace(/-/g, ' ');
		const record = await auditRecord(app.db, typed);
		expect(record.ok).toBe(true);
		if (!record.ok) return;
		expect(record.targetIds!.sort()).toEqual([mine.id, help.id].sort());
		const found = await rows({ targetIds: record.targetIds });
		expect(found.map((r) => `${r.action}:${r.target_id}`).sort()).toEqual([`declaration.view:${mine.id}`, `help_request.view_contact:${help.id}`].sort());
		// the other declaration's view is not among them
		expect(found.some((r) => r.target_id === other.id)).toBe(false);
		// a help-request reference finds that request alone
		const byHelp = await auditRecord(app.db, help.reference);
		expect(byHelp).toEqual({ ok: true, targetIds: [help.id] });
		// and a record id still works as before
		expect(await auditRecord(app.db, other.id)).toEqual({ ok: true, targetIds: [other.id] });
	});

	it('refuses a malformed reference and tells an unknown one', async () => {
		for (const bad of ['JB-7KQ4-M2X', 'JB-IOIO-0101', 'jb-', 'HR-ABCD-EFGH-JK']) expect(await auditRecord(app.db, bad), bad).toEqual({ ok: false, reason: 'reference_malformed' });
		const unused = 'JB-2222-3333' === mine.reference || 'JB-2222-3333' === other.reference ? 'JB-2222-3334' : 'JB-2222-3333';
		expect(await auditRecord(app.db, unused)).toEqual({ ok: false, reason: 'reference_unknown' });
		expect(await auditRecord(app.db, 'HR-2222-3333')).toEqual({ ok: false, reason: 'reference_unknown' });
		expect(await auditRecord(app.db, 'not an id!')).toEqual({ ok: false, reason: 'invalid' });
	});

	it('combines e-mail and reference, and reads dates as whole Shanghai days', async () => {
		const both = await rows({ personId: bob.id, targetIds: [mine.id, help.id] });
		expect(both.map((r) => r.action)).toEqual(['help_request.view_contact']);
		// 17:30 UTC on 7 December is 01:30 on 8 December in Shanghai
		await recordAuditAlone(app.db, { actorId: alice.id, actorRole: 'officer', action: 'dashboard.export', at: new Date('2026-12-07T17:30:00Z') });
		const on8 = await rows({ personId: alice.id, from: '2026-12-08', to: '2026-12-08', action: 'dashboard.export' });
		const on7 = await rows({ personId: alice.id, from: '2026-12-07', to: '2026-12-07', action: 'dashboard.export' });
		expect(on8).toHaveLength(1);
		expect(on7).toHaveLength(0);
	});
});
