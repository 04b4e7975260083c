import type { Selectable } from 'kysely';
import type { Db } from './db';
import type { OrganisationKind, OrganisationsTable } from './db/schema';
import { recordAudit } from './audit';
import { newId } from './ids';
import type { Actor } from './users';

export type Organisation = Selectable<OrganisationsTable>;
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['legal', 'medical', 'education', 'other'];

export interface OrganisationInput {
	name: string;
	nameEn: string;
	kind: OrganisationKind;
	/** Language codes the organisation works in. */
	languages: string[];
}

export async function listOrganisations(db: Db): Promise<(Organisation & { members: number })[]> {
	const rows = await db
		.selectFrom('organisations')
		.leftJoin('users', (join) => join.onRef('users.organisation_id', '=', 'organisations.id').on('users.active', '=', 1))
		.selectAll('organisations')
		.select((eb) => eb.fn.count<number>('users.id').as('members'))
		.groupBy(['organisations.id', 'organisations.name', 'organisations.name_en', 'organisations.kind', 'organisations.languages', 'organisations.active', 'organisations.created_at'])
		.orderBy('organisations.name_en')
		.execute();
	return rows.map((r) => ({ ...r, members: Number(r.members) }));
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
	return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function createOrganisation(db: Db, actor: Actor, input: OrganisationInput): Promise<Organisation> {
	const id = newId();
	await db.write(async (trx) => {
		await trx
			.insertInto('organisations')
			.values({ id, name: input.name, name_en: input.nameEn, kind: input.kind, languages: JSON.stringify(input.languages), created_at: new Date().toISOString() })
			.execute();
		await recordAudit(db, trx, { actorId: actor.id, actorRole: actor.role, ip: actor.ip, action: 'organisation.create', targetType: 'organisation', targetId: id, details: { kind: input.kind } });
	});
	return (await findOrganisation(db, id))!;
}

export async function updateOrganisation(db: Db, actor: Actor, id: string, input: OrganisationInput & { active: boolean }): Promise<boolean> {
	return db.write(async (trx) => {
		const result = await trx
			.updateTable('organisations')
			.set({ name: input.name, name_en: input.nameEn, kind: input.kind, languages: JSON.stringify(input.languages), active: input.active ? 1 : 0 })
			.where('id', '=', id)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) !== 1) return false;
		await recordAudit(db, trx, {
			actorId: actor.id,
			actorRole: actor.role,
			ip: actor.ip,
			action: 'organisation.update',
			targetType: 'organisation',
			targetId: id,
			details: { kind: input.kind, active: input.active }
		});
		return true;
	});
}
