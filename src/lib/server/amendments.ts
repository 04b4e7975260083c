import type { Reader, Tx } from './db';
import type { MrzOutcome } from './mrz-pool';
import type { DeclarationInput } from '$lib/domain/declaration';
import { changedFields, type FieldChange } from '$lib/domain/amendment';
import type { PassportReadOutcome } from '$lib/declare/steps';

// A resident's corrections as the officer sees them (issue 16, point 4): what each one changed
// (kept in the encrypted 'amended' event beside the new answers), what the new passport page's
// machine-readable lines said, and the documents the declaration named before, kept as blind
// indexes so a look-up by an old passport number still finds it. Part of the declarations
// aggregate (declarations.ts writes these rows inside its answer's transaction).

/** The reading of a new passport page sent with an answer; the lines also when their check digits fail. */
export interface NewPassportRead {
	outcome: PassportReadOutcome;
	lines?: [string, string];
}

export function newPassportRead(read: MrzOutcome): NewPassportRead {
	if (read.mrz) return { outcome: read.mrz.valid ? 'read' : 'unreadable', lines: read.mrz.lines };
	return { outcome: read.reason === 'busy' ? 'busy' : 'not_found' };
}

/** One correction: when, what changed (every answer, old and new value), and the new page's reading. */
export interface Amendment {
	at: string;
	changes: FieldChange[];
	passportRead: NewPassportRead | null;
}

/**
 * The corrections in a declaration's history, oldest first. Each 'amended' event keeps its own
 * changes; one written before they were kept is compared with the version before it.
 */
export function amendmentsOf(submitted: DeclarationInput, events: { type: string; at: string; data: Record<string, unknown> | null }[]): Amendment[] {
	let previous = submitted;
	const amendments: Amendment[] = [];
	for (const e of events) {
		if (e.type !== 'amended' || !e.data) continue;
		const input = e.data.input as DeclarationInput | undefined;
		const kept = e.data.diff as FieldChange[] | undefined;
		amendments.push({ at: e.at, changes: kept ?? (input ? changedFields(previous, input) : []), passportRead: (e.data.passportRead as NewPassportRead | undefined) ?? null });
		if (input) previous = input;
	}
	return amendments;
}

/** The declaration named this document (blind index + nationality) until a correction replaced it. */
export async function recordFormerDocument(trx: Tx, d: { declarationId: string; documentIndex: string; nationality: string; at: string }): Promise<void> {
	await trx
		.insertInto('declaration_former_documents')
		.values({ declaration_id: d.declarationId, document_index: d.documentIndex, nationality: d.nationality, replaced_at: d.at })
		// back to a number it had before: the first replacement is the one kept
		.onConflict((oc) => oc.columns(['declaration_id', 'document_index']).doNothing())
		.execute();
}

/** The ids of declarations that named this document before a correction (a subquery). */
export function formerlyNamed(db: Reader, documentIndex: string, nationality: string) {
	return db.selectFrom('declaration_former_documents').select('declaration_id').where('document_index', '=', documentIndex).where('nationality', '=', nationality);
}

/** At retention: the earlier documents go with the declaration's personal data. */
export async function forgetFormerDocuments(trx: Tx, declarationIds: string[]): Promise<void> {
	await trx.deleteFrom('declaration_former_documents').where('declaration_id', 'in', declarationIds).execute();
}
