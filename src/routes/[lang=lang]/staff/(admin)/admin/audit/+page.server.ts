import type { PageServerLoad } from './$types';
import { canViewAuditLog } from '$lib/server/authz';
import { auditActions, auditPerson, auditRecord, searchAudit } from '$lib/server/audit-search';
import { findUsersByIds } from '$lib/server/users';
import { isValidIsoDate } from '$lib/domain/dates';
import { requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewAuditLog);
	const p = event.url.searchParams;
	const param = (name: string) => (p.get(name) ?? '').trim().slice(0, 300);
	const filter = { action: param('action'), actor: param('actor'), target: param('target'), from: param('from'), to: param('to') };
	const before = Number(p.get('before')) || undefined;
	const errors: Record<string, string> = {};
	if (filter.action && !/^[a-z_.]{1,64}$/.test(filter.action)) errors.action = 'staff.admin.audit.actionInvalid';
	if (filter.from && !isValidIsoDate(filter.from)) errors.from = 'staff.admin.audit.dateInvalid';
	if (filter.to && !isValidIsoDate(filter.to)) errors.to = 'staff.admin.audit.dateInvalid';

	const { db } = event.locals.app;
	// e-mail addresses and references become the ids the rows hold
	const [person, record] = await Promise.all([auditPerson(db, filter.actor), auditRecord(db, filter.target)]);
	if (!person.ok) errors.actor = `staff.admin.audit.errors.${person.reason}`;
	if (!record.ok) errors.target = `staff.admin.audit.errors.${record.reason}`;

	// a filter that could not be read shows no rows rather than rows it was not asked for
	const { rows, next } =
		Object.keys(errors).length || !person.ok || !record.ok
			? { rows: [], next: null }
			: await searchAudit(db, {
					action: filter.action || undefined,
					actorId: person.actorId,
					personId: person.personId,
					targetIds: record.targetIds,
					from: filter.from || undefined,
					to: filter.to || undefined,
					before
				});
	const actors = new Map((await findUsersByIds(db, [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => !!id))])).map((u) => [u.id, u.email]));
	const nextParams = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
	if (next) nextParams.set('before', String(next));
	return {
		filter,
		errors,
		actions: await auditActions(db),
		rows: rows.map((r) => ({
			seq: r.seq,
			at: r.at,
			actorId: r.actor_id,
			actor: r.actor_id ? (actors.get(r.actor_id) ?? r.actor_id) : null,
			actorRole: r.actor_role,
			action: r.action,
			targetType: r.target_type,
			targetId: r.target_id ?? '',
			ip: r.ip ?? '',
			details: r.details === '{}' ? '' : r.details
		})),
		nextHref: next ? `?${nextParams}` : null
	};
};
