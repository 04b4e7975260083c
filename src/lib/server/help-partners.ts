import { sql } from 'kysely';
import type { Db } from './db';
import { encrypt } from './crypto';
import { recordAudit } from './audit';
import { languagesOf } from './authz';
import { PARTNER_TOPICS, type HelpTopic } from '../domain/help-request';
import { TRANSLATION_TOPIC } from '../domain/translation';
import { ACTIVE, type ChangeResult, type Organisation, findHelpRequest, iso, notifyResident, scheduleAad } from './help-requests';
import { summary, type TaskSummary } from './help-claims';

// Partner organisations' side of interpreter requests: their queue, accepting a request (escalated,
// or one their kind covers), and scheduling an appointment.

export async function findOrganisationOf(db: Db, organisationId: string | null): Promise<Organisation | undefined> {
	if (!organisationId) return undefined;
	return db.selectFrom('organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
}

/**
 * The organisation's queue: open requests of its kind, escalated interpreter tasks in its languages
 * (both not yet accepted by anyone), and the requests it accepted and has not finished.
 */
export type PartnerTask = TaskSummary & { coversLanguage: boolean };

export async function listPartnerQueue(db: Db, organisation: Organisation, now = new Date()): Promise<{ waiting: PartnerTask[]; accepted: PartnerTask[] }> {
	const languages = languagesOf(organisation.languages);
	const partnerTopic = PARTNER_TOPICS.has(organisation.kind as HelpTopic);
	const rows = await db
		.selectFrom('help_requests')
		.selectAll()
		.where('status', 'in', ACTIVE)
		.where((eb) =>
			eb.or([
				eb('organisation_id', '=', organisation.id),
				eb.and([
					eb('organisation_id', 'is', null),
					eb('status', 'in', ['open', 'claimed']),
					// what acceptAsPartner would take: nothing a volunteer holds
					eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))]),
					eb.or([
						...(partnerTopic ? [eb('topic', '=', organisation.kind)] : []),
						...(languages.length ? [eb.and([eb('escalated_at', 'is not', null), eb('language', 'in', languages)])] : []),
						sql<boolean>`1 = 0`
					])
				])
			])
		)
		.orderBy('created_at', 'desc')
		.limit(200)
		.execute();
	const all = rows.map((r) => ({ ...summary(r, null, now), coversLanguage: languages.includes(r.language) }));
	return { waiting: all.filter((t) => !t.withPartner), accepted: all.filter((t) => t.withPartner) };
}

/** Atomic like claiming: of several members (or organisations) accepting at once, one wins. */
export async function acceptAsPartner(db: Db, taskId: string, organisation: Organisation, now = new Date()): Promise<ChangeResult> {
	const languages = languagesOf(organisation.languages);
	return db.write(async (trx) => {
		const result = await trx
			.updateTable('help_requests')
			.set((eb) => ({ organisation_id: organisation.id, status: 'claimed', updated_at: iso(now), version: eb('version', '+', 1) }))
			.where('id', '=', taskId)
			.where('organisation_id', 'is', null)
			.where('status', 'in', ['open', 'claimed'])
			// not while a volunteer holds it (their lease running), whatever the topic: one holder at a time
			.where((eb) => eb.or([eb('claimed_by', 'is', null), eb('lease_until', '<', iso(now))]))
			.where((eb) => eb.or([eb('topic', '=', organisation.kind), eb.and([eb('escalated_at', 'is not', null), languages.length ? eb('language', 'in', languages) : sql<boolean>`1 = 0`])]))
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'taken' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		if (row.topic === TRANSLATION_TOPIC) {
			await recordAudit(db, trx, {
				actorId: null,
				actorRole: 'partner',
				action: 'translation.claim',
				targetType: 'help_request',
				targetId: taskId,
				details: { organisation: organisation.id },
				at: now
			});
			return { ok: true } as const;
		}
		await notifyResident(db, trx, row, 'claimed', now);
		return { ok: true } as const;
	});
}

export const MAX_SCHEDULE_DETAILS = 500;

/** A time and how to meet (place, phone or video link): encrypted, it may name people or places; a time already past is refused. */
export async function scheduleHelpRequest(db: Db, taskId: string, organisationId: string, input: { when: Date; details: string }, now = new Date()): Promise<ChangeResult> {
	const details = input.details.trim();
	if (Number.isNaN(input.when.getTime()) || input.when.getTime() <= now.getTime() || !details || details.length > MAX_SCHEDULE_DETAILS) return { ok: false, reason: 'invalid' };
	return db.write(async (trx) => {
		const result = await trx
			.updateTable('help_requests')
			.set((eb) => ({
				status: 'scheduled',
				scheduled_for: iso(input.when),
				schedule_details: encrypt(db.keys, details, scheduleAad(taskId)),
				updated_at: iso(now),
				version: eb('version', '+', 1)
			}))
			.where('id', '=', taskId)
			.where('organisation_id', '=', organisationId)
			.where('status', 'in', ['claimed', 'scheduled'])
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return { ok: false, reason: 'not_allowed' } as const;
		const row = (await findHelpRequest(trx, taskId))!;
		await notifyResident(db, trx, row, 'scheduled', now);
		return { ok: true } as const;
	});
}

// ---- Notifications to the resident, in the request's language ----
