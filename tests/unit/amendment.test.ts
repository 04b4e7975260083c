import { describe, expect, it } from 'vitest';
import { changedFields, markDifference } from '../../src/lib/domain/amendment';
import { fieldLabels, withBlanks } from '../../src/lib/domain/question-template';
import { amendmentsOf } from '../../src/lib/server/amendments';
import { validDeclaration } from '../../src/lib/domain/fixtures';

const NOW = new Date('2026-12-07T10:00:00Z');

describe('changedFields', () => {
	it('lists every answer that differs, with both values, and nothing else', () => {
		const before = validDeclaration(NOW, {}, 1);
		const after = structuredClone(before);
		after.document.number = 'E7654321';
		after.accommodation.addressText = 'Room 5, 12 Jiabei Road';
		delete after.accommodation.addressId;
		delete after.contact.email;
		expect(changedFields(before, after)).toEqual([
			{ path: 'document.number', before: before.document.number, after: 'E7654321' },
			{ path: 'accommodation.addressId', before: before.accommodation.addressId, after: null },
			{ path: 'accommodation.addressText', before: null, after: 'Room 5, 12 Jiabei Road' },
			{ path: 'contact.email', before: before.contact.email, after: null }
		]);
		expect(changedFields(before, structuredClone(before))).toEqual([]);
	});
});

describe('markDifference', () => {
	it('keeps the common start and end apart from what changed', () => {
		expect(markDifference('E1234567', 'E1299567')).toEqual({ before: ['E12', '34', '567'], after: ['E12', '99', '567'] });
		expect(markDifference('2027-01-31', '2031-01-31')).toEqual({ before: ['20', '27', '-01-31'], after: ['20', '31', '-01-31'] });
		// one value inside the other: only the added part is marked
		expect(markDifference('Room 12', 'Room 1202')).toEqual({ before: ['Room 12', '', ''], after: ['Room 12', '02', ''] });
		expect(markDifference('', 'new')).toEqual({ before: ['', '', ''], after: ['', 'new', ''] });
		expect(markDifference('same', 'same')).toEqual({ before: ['same', '', ''], after: ['same', '', ''] });
	});

	it('never cuts inside a character', () => {
		const { before, after } = markDifference('嘉北花园😀1幢', '嘉北花园😃1幢');
		expect(before).toEqual(['嘉北花园', '😀', '1幢']);
		expect(after).toEqual(['嘉北花园', '😃', '1幢']);
	});
});

describe('amendmentsOf', () => {
	it('uses the kept changes, and compares an older amendment without them with the version before it', () => {
		const submitted = validDeclaration(NOW, {}, 2);
		const first = structuredClone(submitted);
		first.document.number = 'E1111111';
		const second = structuredClone(first);
		second.contact.phone = '+33 6 00 00 00 00';
		const kept = [{ path: 'contact.phone', before: first.contact.phone ?? null, after: '+33 6 00 00 00 00' }];
		const events = [
			{ type: 'submitted', at: '1', data: { findings: [] } },
			{ type: 'amended', at: '2', data: { input: first } },
			{ type: 'rechecked', at: '3', data: {} },
			{ type: 'amended', at: '4', data: { input: second, diff: kept, passportRead: { outcome: 'not_found' } } }
		];
		expect(amendmentsOf(submitted, events)).toEqual([
			{ at: '2', changes: [{ path: 'document.number', before: submitted.document.number, after: 'E1111111' }], passportRead: null },
			{ at: '4', changes: kept, passportRead: { outcome: 'not_found' } }
		]);
	});
});

describe('template placeholders for the officer', () => {
	it('are named by their kind, numbered when two share one', () => {
		const fields = [
			{ name: 'from', kind: 'date' as const },
			{ name: 'to', kind: 'date' as const },
			{ name: 'number', kind: 'code' as const }
		];
		const labels = fieldLabels(fields, (kind) => (kind === 'date' ? 'Date' : 'Number'));
		expect(labels).toEqual({ from: 'Date 1', to: 'Date 2', number: 'Number' });
		expect(withBlanks('From {{from}} to {{ to }}, passport {{number}}.', (name) => `[${labels[name]}]`)).toBe('From [Date 1] to [Date 2], passport [Number].');
	});
});
