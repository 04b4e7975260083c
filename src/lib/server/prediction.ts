import type { Db } from './db';
import { getSetting } from './settings';
import { checkDeclaration, FINDINGS, visibleFindings, type DeclarationStatus, type Finding } from '$lib/domain/rules';
import type { DeclarationInput } from '$lib/domain/declaration';

// What the resident is told before sending (issue 13.6): the rule checker of the submission, run
// on the draft with the context the server would use — the registry entry, the nationality lists,
// the settings — with two things left out on purpose:
// - the watch list (the resident must never learn that one exists, DESIGN.md §6.2), and
// - the occupancy of the unit: asking would tell anyone with a half-filled form how many other
//   foreigners are registered there. Both can still send a declaration to review; the page says
//   "if nothing else comes up", so neither is denied nor revealed.

/** Whether the nationality is on the visa-free and on the transit list. */
export async function nationalityLists(db: Db, nationality: string): Promise<{ visaFree: boolean; transit: boolean }> {
	const rows = await db.selectFrom('nationality_lists').select('list').where('nationality', '=', nationality).execute();
	return { visaFree: rows.some((r) => r.list === 'visa_free'), transit: rows.some((r) => r.list === 'transit') };
}

export interface Prediction {
	/** approved unless a finding the resident may see sends it to review. */
	status: DeclarationStatus;
	/** Only findings the resident may see. */
	findings: Finding[];
}

/** The expected decision for a declaration that passed makeDeclarationSchema. */
export async function predictDecision(db: Db, input: DeclarationInput, now: Date): Promise<Prediction> {
	const addressId = input.accommodation.addressId;
	const [address, lists, maxForeignOccupants] = await Promise.all([
		addressId ? db.selectFrom('addresses').select('kind').where('id', '=', addressId).where('active', '=', 1).executeTakeFirst() : undefined,
		nationalityLists(db, input.person.nationality),
		getSetting(db, 'max_foreign_occupants')
	]);
	const decision = checkDeclaration(input, {
		now,
		address: address ? { kind: address.kind } : null,
		visaFreeNationalities: new Set(lists.visaFree ? [input.person.nationality] : []),
		transitNationalities: new Set(lists.transit ? [input.person.nationality] : []),
		currentOccupants: 0,
		maxForeignOccupants,
		watchlistHit: false,
		// never looked up for a prediction: it would tell a half-filled form whose passport is registered
		documentInUse: false,
		// drawn at submission only; a prediction never says a routine check will happen
		routineCheck: false
	});
	const findings = visibleFindings(decision.findings);
	return { status: findings.some((f) => FINDINGS[f.code].severity === 'review') ? 'pending_review' : 'approved', findings };
}
