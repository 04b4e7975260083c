import { describe, expect, it } from 'vitest';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { fillFromPassport, markedFields } from '../../src/lib/declare/passport-fill';

// The one function that fills the document and person steps from the passport's lines, used by the
// step's server action (after a photo is read, or lines are typed) and by the browser as lines are typed.

const NOW = new Date('2026-12-07T08:00:00Z');
const lines = (over: Partial<Parameters<typeof buildTd3>[0]> = {}) =>
	buildTd3({
		issuingState: 'FRA',
		surname: 'DUBOIS',
		givenNames: 'MARIE CLAIRE',
		documentNumber: '21AB12345',
		nationality: 'FRA',
		dateOfBirth: '1990-03-04',
		sex: 'F',
		expiryDate: '2031-05-06',
		personalNumber: '',
		...over
	});

describe('fillFromPassport', () => {
	it('fills every empty field of both steps and marks each', () => {
		const fill = fillFromPassport({}, lines(), {}, NOW)!;
		expect(fill.document).toEqual({ type: 'passport', number: '21AB12345', 'expiryDate-day': '6', 'expiryDate-month': '5', 'expiryDate-year': '2031' });
		expect(fill.person).toEqual({ surname: 'DUBOIS', givenNames: 'MARIE CLAIRE', sex: 'F', nationality: 'FRA', 'dateOfBirth-day': '4', 'dateOfBirth-month': '3', 'dateOfBirth-year': '1990' });
		expect(markedFields(fill.person, fill.marks.person).sort()).toEqual(['dateOfBirth', 'givenNames', 'nationality', 'sex', 'surname']);
		expect(markedFields(fill.document, fill.marks.document).sort()).toEqual(['expiryDate', 'number', 'type']);
	});

	it('never overwrites what the resident typed, and treats a date as a whole', () => {
		const fill = fillFromPassport({ person: { surname: 'Dubois-Martin', 'dateOfBirth-year': '1991' }, document: { number: '' } }, lines(), {}, NOW)!;
		expect(fill.person.surname).toBe('Dubois-Martin');
		expect(fill.person.givenNames).toBe('MARIE CLAIRE');
		// a part of the date was typed: the whole date stays as typed
		expect(fill.person['dateOfBirth-year']).toBe('1991');
		expect(fill.person['dateOfBirth-day']).toBeUndefined();
		expect(fill.document.number).toBe('21AB12345');
		expect(markedFields(fill.person, fill.marks.person)).not.toContain('surname');
		expect(markedFields(fill.person, fill.marks.person)).not.toContain('dateOfBirth');
	});

	it('a new passport replaces what the earlier reading filled, not what was typed since', () => {
		const first = fillFromPassport({}, lines(), {}, NOW)!;
		const typedSince = { ...first.person, givenNames: 'Marie-Claire' };
		const second = fillFromPassport({ document: first.document, person: typedSince }, lines({ documentNumber: '23CD98765', expiryDate: '2033-01-02' }), first.marks, NOW)!;
		expect(second.document.number).toBe('23CD98765');
		expect(second.document['expiryDate-year']).toBe('2033');
		expect(second.person.givenNames).toBe('Marie-Claire');
		// a changed answer is no longer marked as read from the passport
		expect(markedFields(second.person, second.marks.person)).not.toContain('givenNames');
		expect(markedFields({ ...second.document, number: '23CD98766' }, second.marks.document)).not.toContain('number');
	});

	it('fills nothing from lines that are not a TD3 or whose check digits fail', () => {
		expect(fillFromPassport({}, '', {}, NOW)).toBeUndefined();
		expect(fillFromPassport({}, 'P<FRADUBOIS', {}, NOW)).toBeUndefined();
		const [l1, l2] = lines().split('\n');
		const wrong = l2.slice(0, 9) + String((Number(l2[9]) + 1) % 10) + l2.slice(10);
		expect(fillFromPassport({}, `${l1}\n${wrong}`, {}, NOW)).toBeUndefined();
	});
});
