import type { PageServerLoad } from './$types';
import { canViewAuditLog } from '$lib/server/authz';
import { auditActions, searchAudit } from '$lib/server/audit-search';
import { findUsersByIds } from '$lib/server/users';
import { requireStaff } from '../../../guard';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewAuditLog);
	const p = event.url.searchParams;
	const text = (name: string, pattern: RegExp) => {
		const value = (p.get(name) ?? '').trim();
		return { value, valid: !value || pattern.test(value) };
	};
	const action = text('action', /^[a-z_.]{1,64}$/);
	const actor = text('actor', ID);
	const target = text('target', ID);
	const from = text('from', DATE);
	const to = text('to', DATE);
	const before = Number(p.get('before')) || undefined;
	const errors: Record<string, string> = {};
	if (!from.valid) errors.from = 'staff.admin.audit.dateInvalid';
	if (!to.valid) errors.to = 'staff.admin.audit.dateInvalid';

	const { db } = event.locals.app;
	const ok = (f: { value: string; valid: boolean }) => (f.valid && f.value ? f.value : undefined);
	const { rows, next } = await searchAudit(db, {
		action: ok(action),
		actorId: ok(actor),
		targetId: ok(target),
		from: ok(from),
		to: ok(to),
		before
	});
	const actors = new Map((await findUsersByIds(db, [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => !!id))])).map((u) => [u.id, u.email]));
	const filter = { action: action.value, actor: actor.value, target: target.value, from: from.value, to: to.value };
	const nextParams = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
	if (next) nextParams.set('before', String(next));
	return {
		filter,
		errors,
		actions: await auditActions(db),
		rows: rows.map((r) => ({
			seq: r.seq,
			at: r.at.replace('T', ' ').slice(0, 19),
			actorId: r.actor_id,
			actor: r.actor_id ? (actors.get(r.actor_id) ?? r.actor_id) : null,
			actorRole: r.actor_role,
			action: r.action,
			target: r.target_type ? `${r.target_type} ${r.target_id ?? ''}`.trim() : '',
			ip: r.ip ?? '',
			details: r.details === '{}' ? '' : r.details
		})),
		nextHref: next ? `?${nextParams}` : null
	};
};
