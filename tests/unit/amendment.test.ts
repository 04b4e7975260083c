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
	const marks = (segments: { text: string; changed: boolean }[]) => segments.map((s) => (s.changed ? `[${s.text}]` : s.text)).join('');

	it('compares values of one length position by position', () => {
		const dates = markDifference('2026-11-28', '2027-09-17');
		expect(marks(dates.before)).toBe('202[6]-[11]-[28]');
		expect(marks(dates.after)).toBe('202[7]-[09]-[17]');
		// a machine-readable line: the number and its check digit, not everything between
		const line = markDifference('R2525464<7RUS9709100F2611284<<<<<<<<<<<<<<<8', 'R0399848<2RUS9709100F2709178<<<<<<<<<<<<<<<0');
		expect(marks(line.after)).toBe('R[0399848]<[2]RUS9709100F2[709178]<<<<<<<<<<<<<<<[0]');
		expect(marks(markDifference('same', 'same').before)).toBe('same');
	});

	it('keeps the common start and end of values of different lengths', () => {
		const unit = markDifference('Room 12', 'Room 1202');
		expect(marks(unit.before)).toBe('Room 12');
		expect(marks(unit.after)).toBe('Room 12[02]');
		expect(marks(markDifference('E123', 'E12345').after)).toBe('E123[45]');
		expect(markDifference('', 'new')).toEqual({ before: [], after: [{ text: 'new', changed: true }] });
	});

	it('never cuts inside a character', () => {
		const { before, after } = markDifference('嘉北花园😀1幢', '嘉北花园😃1幢');
		expect(marks(before)).toBe('嘉北花园[😀]1幢');
		expect(marks(after)).toBe('嘉北花园[😃]1幢');
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
