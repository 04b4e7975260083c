import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { addDays, formatShanghaiInstant } from '$lib/domain/dates';
import { makeDeclarationSchema, toFieldErrors, type DeclarationInput } from '$lib/domain/declaration';
import { validDeclaration, type DeclarationOverrides } from '$lib/domain/fixtures';
import { buildTd3 } from '$lib/domain/mrz';
import { FINDINGS, FINDING_CODES, RULE_SET_VERSION, checkDeclaration, permissionEnd, visibleFindings, type Decision, type FindingCode, type RuleContext } from '$lib/domain/rules';

const NOW = new Date('2026-11-28T04:00:00Z'); // 12:00 in Shanghai
const TODAY = '2026-11-28';
const HOUR_MS = 60 * 60 * 1000;
const schema = makeDeclarationSchema(NOW);

function context(overrides: Partial<RuleContext> = {}): RuleContext {
	return {
		now: NOW,
		address: { kind: 'residential' },
		visaFreeNationalities: new Set(['FRA', 'DEU', 'D']),
		transitNationalities: new Set(['USA', 'FRA']),
		currentOccupants: 0,
		maxForeignOccupants: 6,
		documentInUse: false,
		watchlistHit: false,
		routineCheck: false,
		...overrides
	};
}

// Rules only ever see declarations that passed the schema, so every case is validated first.
function declaration(overrides: DeclarationOverrides = {}): DeclarationInput {
	const result = schema.safeParse(validDeclaration(NOW, overrides));
	if (!result.success) throw new Error('invalid test declaration: ' + JSON.stringify(toFieldErrors(result.error)));
	return result.data;
}

function decide(overrides: DeclarationOverrides = {}, ctx: Partial<RuleContext> = {}): Decision {
	return checkDeclaration(declaration(overrides), context(ctx));
}

function codes(overrides: DeclarationOverrides = {}, ctx: Partial<RuleContext> = {}): FindingCode[] {
	return decide(overrides, ctx).findings.map((f) => f.code);
}

const checkInAgo = (ms: number): DeclarationOverrides => ({
	accommodation: { checkIn: formatShanghaiInstant(new Date(NOW.getTime() - ms)) }
});

describe('rule set v1', () => {
	test('version and table', () => {
		expect(RULE_SET_VERSION).toBe('1');
		expect(FINDING_CODES).toHaveLength(18);
		expect(Object.keys(FINDINGS).sort()).toEqual([...FINDING_CODES].sort());
		const notices = FINDING_CODES.filter((c) => FINDINGS[c].severity === 'notice');
		expect(notices.sort()).toEqual(['DOCUMENT_EXPIRES_DURING_STAY', 'LATE_REGISTRATION', 'PERMISSION_ENDS_DURING_STAY', 'PERMIT_CHANGE_REMINDER']);
		expect(FINDING_CODES.filter((c) => FINDINGS[c].hidden)).toEqual(['WATCHLIST']);
	});

	test('the fixture is approved with no findings', () => {
		expect(decide()).toEqual({ status: 'approved', findings: [] });
	});

	test('any seed of the fixture is approved with no findings', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 9_999_999 }), (seed) => {
				expect(checkDeclaration(validDeclaration(NOW, {}, seed), context())).toEqual({ status: 'approved', findings: [] });
			}),
			{ numRuns: 50 }
		);
	});
});

describe('late registration', () => {
	// a stay that no other rule minds, whatever the check-in
	const longVisa: DeclarationOverrides = { stay: { basis: 'visa', visaType: 'L', validUntil: '2027-06-30', entryDate: '2026-10-01' } };
	test.each([
		[24 * HOUR_MS, []],
		[24 * HOUR_MS + 1000, ['LATE_REGISTRATION']],
		[96 * HOUR_MS, ['LATE_REGISTRATION']],
		[96 * HOUR_MS + 1000, ['LATE_REGISTRATION_SERIOUS']],
		[30 * 24 * HOUR_MS, ['LATE_REGISTRATION_SERIOUS']]
	])('checked in %d ms before submission → %j', (ago, expected) => {
		expect(codes({ ...checkInAgo(ago), ...longVisa })).toEqual(expected);
	});

	test('late is a notice, seriously late needs review', () => {
		expect(decide({ ...checkInAgo(25 * HOUR_MS), ...longVisa }).status).toBe('approved');
		expect(decide({ ...checkInAgo(97 * HOUR_MS), ...longVisa }).status).toBe('pending_review');
	});

	test('a check-in ahead of now is not late', () => {
		expect(codes({ accommodation: { checkIn: formatShanghaiInstant(new Date(NOW.getTime() + 48 * HOUR_MS)) } })).toEqual([]);
	});

	test('property: the two codes never appear together and follow the delay', () => {
		fc.assert(
			fc.property(fc.integer({ min: -7 * 24 * 3600, max: 20 * 24 * 3600 }), (seconds) => {
				const found = checkDeclaration(validDeclaration(NOW, { ...checkInAgo(seconds * 1000), ...longVisa }), context()).findings.map((f) => f.code);
				expect(found.includes('LATE_REGISTRATION')).toBe(seconds > 24 * 3600 && seconds <= 96 * 3600);
				expect(found.includes('LATE_REGISTRATION_SERIOUS')).toBe(seconds > 96 * 3600);
			})
		);
	});
});

describe('residence permit overdue', () => {
	const visa = (visaType: string, entryDate: string): DeclarationOverrides => ({
		stay: { basis: 'visa', visaType: visaType as 'Z', validUntil: '2027-06-30', entryDate }
	});
	test.each(['Z', 'X1', 'S1', 'Q1', 'J1'])('visa %s: entry 30 days before check-in is fine, 31 is overdue', (type) => {
		expect(codes(visa(type, addDays(TODAY, -30)))).toEqual([]);
		expect(codes(visa(type, addDays(TODAY, -31)))).toEqual(['RESIDENCE_PERMIT_OVERDUE']);
	});
	test.each(['L', 'M', 'F', 'X2', 'Q2', 'S2', 'J2'])('visa %s is never overdue', (type) => {
		expect(codes(visa(type, addDays(TODAY, -90)))).toEqual([]);
	});
});

describe('document expiry', () => {
	test('expiry the day before check-in: expired', () => {
		expect(codes({ document: { expiryDate: addDays(TODAY, -1) } })).toEqual(['DOCUMENT_EXPIRED']);
	});
	test('expiry on the check-in date: expires during the stay', () => {
		expect(codes({ document: { expiryDate: TODAY } })).toEqual(['DOCUMENT_EXPIRES_DURING_STAY']);
	});
	test('expiry the day before check-out: during the stay; on check-out day: nothing', () => {
		const checkOut = addDays(TODAY, 20);
		expect(codes({ document: { expiryDate: addDays(checkOut, -1) } })).toEqual(['DOCUMENT_EXPIRES_DURING_STAY']);
		expect(codes({ document: { expiryDate: checkOut } })).toEqual([]);
	});
	test('without check-out only an expired document counts', () => {
		expect(codes({ document: { expiryDate: TODAY }, accommodation: { checkOut: undefined } })).toEqual([]);
	});
	test('the check-in date is the Shanghai calendar date', () => {
		// 23:30 in Shanghai on the 27th is 15:30 UTC: the document expiring on the 27th is still valid
		const d = { accommodation: { checkIn: '2026-11-27T15:30:00Z' }, document: { expiryDate: '2026-11-27' } };
		expect(codes(d)).toEqual(['DOCUMENT_EXPIRES_DURING_STAY']);
		expect(codes({ ...d, accommodation: { checkIn: '2026-11-27T16:30:00Z' } })).toEqual(['DOCUMENT_EXPIRED']);
	});
});

describe('permission to stay', () => {
	const checkOut = addDays(TODAY, 20);
	test('visa-free: entry + 30 days', () => {
		expect(codes({ stay: { entryDate: addDays(TODAY, -30) }, accommodation: { checkOut: TODAY } })).toEqual([]);
		expect(codes({ stay: { entryDate: addDays(TODAY, -31) } })).toEqual(['PERMISSION_EXPIRED']);
		expect(codes({ stay: { entryDate: addDays(checkOut, -30) } })).toEqual([]);
		expect(codes({ stay: { entryDate: addDays(checkOut, -31) } })).toEqual(['PERMISSION_ENDS_DURING_STAY']);
	});
	test('transit: entry + 10 days', () => {
		const transit = (entryDate: string, out?: string): DeclarationOverrides => ({
			stay: { basis: 'transit_visa_free', entryDate },
			accommodation: { checkOut: out }
		});
		expect(codes(transit(addDays(TODAY, -10), TODAY))).toEqual([]);
		expect(codes(transit(addDays(TODAY, -11)))).toEqual(['PERMISSION_EXPIRED']);
		expect(codes(transit(addDays(TODAY, -3), addDays(TODAY, 7)))).toEqual([]);
		expect(codes(transit(addDays(TODAY, -3), addDays(TODAY, 8)))).toEqual(['PERMISSION_ENDS_DURING_STAY']);
	});
	test.each([
		['visa', { visaType: 'L' }],
		['residence_permit', { entryDate: undefined }],
		['permanent_residence', { entryDate: undefined }]
	] as const)('%s: validUntil', (basis, extra) => {
		const stay = (validUntil: string): DeclarationOverrides => ({ stay: { basis, validUntil, ...extra } });
		const reminder: FindingCode[] = basis === 'residence_permit' ? ['PERMIT_CHANGE_REMINDER'] : [];
		expect(codes(stay(addDays(TODAY, -1)))).toEqual(['PERMISSION_EXPIRED', ...reminder]);
		expect(codes(stay(TODAY))).toEqual(['PERMISSION_ENDS_DURING_STAY', ...reminder]);
		expect(codes(stay(addDays(checkOut, -1)))).toEqual(['PERMISSION_ENDS_DURING_STAY', ...reminder]);
		expect(codes(stay(checkOut))).toEqual(reminder);
	});
	test('permissionEnd', () => {
		expect(permissionEnd({ basis: 'visa_free', entryDate: '2026-11-20' })).toBe('2026-12-20');
		expect(permissionEnd({ basis: 'transit_visa_free', entryDate: '2026-11-20' })).toBe('2026-11-30');
		expect(permissionEnd({ basis: 'visa', visaType: 'Z', validUntil: '2027-01-31', entryDate: '2026-11-20' })).toBe('2027-01-31');
		expect(permissionEnd({ basis: 'permanent_residence', validUntil: '2036-01-31' })).toBe('2036-01-31');
	});
});

describe('visa-free eligibility', () => {
	test('the United States is on the transit list, not the 30-day list', () => {
		const us = { person: { nationality: 'USA' } };
		expect(codes({ ...us, stay: { basis: 'visa_free' } })).toEqual(['VISA_FREE_NOT_ELIGIBLE']);
		expect(codes({ ...us, stay: { basis: 'transit_visa_free' }, accommodation: { checkOut: addDays(TODAY, 5) } })).toEqual([]);
	});
	test('a nationality missing from the transit list', () => {
		expect(codes({ stay: { basis: 'transit_visa_free' }, accommodation: { checkOut: addDays(TODAY, 5) } }, { transitNationalities: new Set(['USA']) })).toEqual(['VISA_FREE_NOT_ELIGIBLE']);
	});
	test('nationality alone never causes review with a visa', () => {
		expect(codes({ person: { nationality: 'PRK' }, stay: { basis: 'visa', visaType: 'L', validUntil: '2027-06-30' } })).toEqual([]);
	});
});

describe('permit change reminder', () => {
	test('residence permit holders get a notice and are approved', () => {
		expect(decide({ stay: { basis: 'residence_permit', validUntil: '2028-01-31', entryDate: undefined } })).toEqual({
			status: 'approved',
			findings: [{ code: 'PERMIT_CHANGE_REMINDER', severity: 'notice' }]
		});
	});
});

describe('address', () => {
	test('free text is not in the registry', () => {
		expect(codes({ accommodation: { addressId: undefined, addressText: '1 Unknown Rd' } }, { address: null })).toEqual(['ADDRESS_NOT_IN_REGISTRY']);
	});
	test('hotels register their own guests', () => {
		expect(codes({}, { address: { kind: 'hotel' } })).toEqual(['HOTEL_ADDRESS']);
	});
	test.each(['residential', 'dormitory', 'office'] as const)('%s is fine', (kind) => {
		expect(codes({}, { address: { kind } })).toEqual([]);
	});
});

describe('occupancy', () => {
	test('6 people including this one is fine with a maximum of 6; 7 is over', () => {
		expect(codes({}, { currentOccupants: 5 })).toEqual([]);
		expect(codes({}, { currentOccupants: 6 })).toEqual(['OVER_OCCUPANCY']);
		expect(codes({}, { currentOccupants: 0, maxForeignOccupants: 1 })).toEqual([]);
		expect(codes({}, { currentOccupants: 1, maxForeignOccupants: 1 })).toEqual(['OVER_OCCUPANCY']);
	});
});

describe('minors', () => {
	const guardian = { name: 'DUPONT JEAN', phone: '+33 6 00 00 00 00', relationship: 'parent' as const };
	test('18 on the check-in date is an adult; a day younger is a minor', () => {
		expect(codes({ person: { dateOfBirth: '2008-11-28' } })).toEqual([]);
		expect(codes({ person: { dateOfBirth: '2008-11-29' } })).toEqual(['MINOR_WITHOUT_GUARDIAN']);
	});
	test('a guardian, or a declaration by the host or an agent, is enough', () => {
		const minor = { person: { dateOfBirth: '2015-06-01' } };
		expect(codes({ ...minor, guardian })).toEqual([]);
		expect(codes({ ...minor, declarant: 'host' })).toEqual([]);
		expect(codes({ ...minor, declarant: 'agent' })).toEqual([]);
	});
});

describe('stateless and refugees', () => {
	test.each(['XXA', 'XXB', 'XXC', 'XXX'])('%s needs review', (nationality) => {
		expect(codes({ person: { nationality }, stay: { basis: 'visa', visaType: 'L', validUntil: '2027-06-30' } })).toEqual(['STATELESS_OR_REFUGEE']);
	});
});

describe('document in use', () => {
	test("someone else's current declaration with this document needs review", () => {
		expect(decide({}, { documentInUse: true })).toEqual({ status: 'pending_review', findings: [{ code: 'DOCUMENT_IN_USE', severity: 'review' }] });
	});
	test('no other person with this document: approved', () => {
		expect(decide({}, { documentInUse: false })).toEqual({ status: 'approved', findings: [] });
	});
	test('no routine check is drawn on top of it', () => {
		expect(codes({}, { documentInUse: true, routineCheck: true })).toEqual(['DOCUMENT_IN_USE']);
	});
});

describe('watch list and routine check', () => {
	test('a hit needs review; the resident sees a routine check instead', () => {
		const decision = decide({}, { watchlistHit: true });
		expect(decision).toEqual({ status: 'pending_review', findings: [{ code: 'WATCHLIST', severity: 'review' }] });
		expect(visibleFindings(decision.findings)).toEqual([{ code: 'ROUTINE_CHECK', severity: 'review' }]);
	});
	test('a drawn routine check sends a declaration that would be approved to review', () => {
		const decision = decide({}, { routineCheck: true });
		expect(decision).toEqual({ status: 'pending_review', findings: [{ code: 'ROUTINE_CHECK', severity: 'review' }] });
		expect(visibleFindings(decision.findings)).toEqual(decision.findings);
		expect(decide({}, { routineCheck: false })).toEqual({ status: 'approved', findings: [] });
	});
	test('a routine check is drawn only where nothing else needs review; notices stay before it', () => {
		expect(codes({ person: { nationality: 'USA' } }, { routineCheck: true })).toEqual(['VISA_FREE_NOT_ELIGIBLE']);
		expect(codes({ stay: { basis: 'residence_permit', validUntil: '2028-01-01' } }, { routineCheck: true })).toEqual(['PERMIT_CHANGE_REMINDER', 'ROUTINE_CHECK']);
	});
	test('what the resident sees of a hit equals a routine check, with or without other findings', () => {
		const cases: [DeclarationOverrides, Partial<RuleContext>][] = [
			[{}, {}],
			[{ stay: { basis: 'residence_permit', validUntil: '2028-01-01' } }, {}],
			[{ person: { nationality: 'USA' } }, { address: { kind: 'hotel' } }],
			[{}, { currentOccupants: 9 }]
		];
		for (const [d, c] of cases) {
			const hit = visibleFindings(decide(d, { ...c, watchlistHit: true }).findings);
			const drawn = visibleFindings(decide(d, { ...c, routineCheck: true }).findings);
			expect(hit).toEqual(drawn);
			// and a hit with the draw too looks the same
			expect(visibleFindings(decide(d, { ...c, watchlistHit: true, routineCheck: true }).findings)).toEqual(drawn);
		}
	});
	test('visibleFindings keeps the others in order', () => {
		const decision = decide({ person: { nationality: 'USA' } }, { watchlistHit: true, address: { kind: 'hotel' } });
		expect(visibleFindings(decision.findings).map((f) => f.code)).toEqual(['VISA_FREE_NOT_ELIGIBLE', 'HOTEL_ADDRESS']);
	});
});

describe('MRZ mismatch', () => {
	const base = validDeclaration(NOW);
	const mrz = (fields: Partial<Parameters<typeof buildTd3>[0]>): string =>
		buildTd3({
			issuingState: 'FRA',
			surname: base.person.surname,
			givenNames: base.person.givenNames,
			documentNumber: base.document.number,
			nationality: 'FRA',
			dateOfBirth: base.person.dateOfBirth,
			sex: base.person.sex,
			expiryDate: base.document.expiryDate,
			...fields
		});
	test('a matching MRZ gives nothing', () => {
		expect(codes({ document: { mrz: mrz({}) } })).toEqual([]);
	});
	test.each([
		['surname', { surname: 'DURAND' }],
		['given names', { givenNames: 'MARIE' }],
		['document number', { documentNumber: 'FR9999999' }],
		['nationality', { nationality: 'BEL' }],
		['birth date', { dateOfBirth: '1990-04-03' }],
		['sex', { sex: 'M' as const }],
		['expiry', { expiryDate: '2031-01-01' }]
	])('a different %s is a mismatch', (_, fields) => {
		expect(codes({ document: { mrz: mrz(fields) } })).toEqual(['MRZ_MISMATCH']);
	});
	test('typed accents match either transliteration', () => {
		const typed = { person: { surname: 'Müller-Lüdenscheidt', givenNames: 'Zoë Renée' } };
		expect(codes({ ...typed, document: { mrz: mrz({ surname: 'MUELLER LUEDENSCHEIDT', givenNames: 'ZOE RENEE' }) } })).toEqual([]);
		expect(codes({ ...typed, document: { mrz: mrz({ surname: 'MULLER LUDENSCHEIDT', givenNames: 'ZOE RENEE' }) } })).toEqual([]);
	});
	test('given names cut short by the issuer still match', () => {
		const long = { surname: 'DE LA SANTISIMA TRINIDAD', givenNames: 'MARIA DE LOS ANGELES GUADALUPE' };
		expect(codes({ person: long, document: { mrz: mrz(long) } })).toEqual([]);
		const initials = 'P<FRADE<LA<SANTISIMA<TRINIDAD<<MARIA<D<L<A<G';
		const line2 = mrz(long).split('\n')[1];
		expect(codes({ person: long, document: { mrz: `${initials}\n${line2}` } })).toEqual([]);
		expect(codes({ person: { ...long, givenNames: 'JOSE' }, document: { mrz: mrz(long) } })).toEqual(['MRZ_MISMATCH']);
	});
	test('German D matches a typed DEU', () => {
		expect(codes({ person: { nationality: 'DEU' }, document: { mrz: mrz({ nationality: 'D', issuingState: 'D' }) } })).toEqual([]);
	});
	test('a person born over 100 years ago matches despite the MRZ century', () => {
		expect(codes({ person: { dateOfBirth: '1920-04-02' }, guardian: undefined, document: { mrz: mrz({ dateOfBirth: '1920-04-02' }) } })).toEqual([]);
	});
});

describe('decision', () => {
	test('several findings, each once, in table order; any review means pending', () => {
		const decision = decide(
			{ document: { expiryDate: addDays(TODAY, -2) }, person: { nationality: 'USA' }, ...checkInAgo(30 * HOUR_MS), stay: { entryDate: '2026-11-20' } },
			{ address: { kind: 'hotel' }, currentOccupants: 9, watchlistHit: true }
		);
		expect(decision.status).toBe('pending_review');
		expect(decision.findings.map((f) => f.code)).toEqual(['DOCUMENT_EXPIRED', 'VISA_FREE_NOT_ELIGIBLE', 'LATE_REGISTRATION', 'HOTEL_ADDRESS', 'OVER_OCCUPANCY', 'WATCHLIST']);
	});

	test('notices alone are approved', () => {
		const decision = decide({ document: { expiryDate: TODAY }, ...checkInAgo(30 * HOUR_MS) });
		expect(decision.status).toBe('approved');
		expect(decision.findings.every((f) => f.severity === 'notice')).toBe(true);
	});

	test('property: approved exactly when no finding needs review, and no code twice', () => {
		const arb = fc.record({
			hoursAgo: fc.integer({ min: -100, max: 300 }),
			expiryOffset: fc.integer({ min: -10, max: 40 }),
			entryOffset: fc.integer({ min: -60, max: 0 }),
			basis: fc.constantFrom('visa_free', 'transit_visa_free', 'residence_permit', 'visa' as const),
			nationality: fc.constantFrom('FRA', 'USA', 'XXA', 'GBR'),
			kind: fc.constantFrom('residential', 'hotel', null),
			occupants: fc.integer({ min: 0, max: 10 }),
			watch: fc.boolean(),
			drawn: fc.boolean(),
			inUse: fc.boolean()
		});
		fc.assert(
			fc.property(arb, (c) => {
				const d = validDeclaration(NOW, {
					...checkInAgo(c.hoursAgo * HOUR_MS),
					person: { nationality: c.nationality },
					document: { expiryDate: addDays(TODAY, c.expiryOffset) },
					stay: {
						basis: c.basis,
						entryDate: addDays(TODAY, c.entryOffset - 5),
						visaType: c.basis === 'visa' ? 'Z' : undefined,
						validUntil: c.basis === 'visa' || c.basis === 'residence_permit' ? addDays(TODAY, c.expiryOffset) : undefined
					}
				});
				const decision = checkDeclaration(
					d,
					context({ address: c.kind === null ? null : { kind: c.kind }, currentOccupants: c.occupants, watchlistHit: c.watch, routineCheck: c.drawn, documentInUse: c.inUse })
				);
				const found = decision.findings.map((f) => f.code);
				expect(new Set(found).size).toBe(found.length);
				expect(decision.status === 'approved').toBe(decision.findings.every((f) => FINDINGS[f.code].severity === 'notice'));
				for (const f of decision.findings) expect(f.severity).toBe(FINDINGS[f.code].severity);
				// the resident never sees a hidden code, and a hit never looks different from a draw
				const visible = visibleFindings(decision.findings);
				expect(visible.every((f) => !FINDINGS[f.code].hidden)).toBe(true);
				if (c.watch) {
					const drawn = checkDeclaration(d, context({ address: c.kind === null ? null : { kind: c.kind }, currentOccupants: c.occupants, documentInUse: c.inUse, routineCheck: true }));
					expect(visible).toEqual(visibleFindings(drawn.findings));
				}
			})
		);
	});
});
