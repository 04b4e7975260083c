import { describe, expect, it } from 'vitest';
import { telUri } from '../../src/lib/domain/help-request';

// Contact numbers are tap-to-call on the staff pages (issue 16 point 8): digits with a leading +.
describe('telUri', () => {
	it.each([
		['+86 138 0013 8000', 'tel:+8613800138000'],
		['+33 (0)6-12-34-56-78', 'tel:+33612345678'],
		['0033 6 12 34 56 78', 'tel:+33612345678'],
		['138-0013-8000', 'tel:+8613800138000'],
		['0573 8221 0000', 'tel:+8657382210000']
	])('%s → %s', (typed, uri) => {
		expect(telUri(typed)).toBe(uri);
	});

	it('gives no link for something that is not a number', () => {
		expect(telUri('')).toBeNull();
		expect(telUri('call me')).toBeNull();
		expect(telUri('12-34')).toBeNull();
	});
});
