import { describe, expect, it } from 'vitest';
import { nationalityFromInput } from '../../src/lib/server/nationality-input';

// Staff type a nationality as a code, as the country's name in their language or in English, or
// pick "Name (CODE)" from the list beside the field; anything else names no country.
describe('nationality typed by staff', () => {
	it('reads codes in any case', () => {
		expect(nationalityFromInput('en', 'vnm')).toBe('VNM');
		expect(nationalityFromInput('zh-hans', ' FRA ')).toBe('FRA');
		expect(nationalityFromInput('en', 'XXA')).toBe('XXA');
	});
	it('reads names in the staff language and in English, whatever the page language', () => {
		expect(nationalityFromInput('zh-hans', '越南')).toBe('VNM');
		expect(nationalityFromInput('zh-hans', 'Vietnam')).toBe('VNM');
		expect(nationalityFromInput('en', 'viet nam')).toBe('VNM');
		expect(nationalityFromInput('en', 'FRANCE')).toBe('FRA');
		expect(nationalityFromInput('zh-hans', '法国')).toBe('FRA');
		expect(nationalityFromInput('en', 'United States')).toBe('USA');
	});
	it('reads what the list offers', () => {
		expect(nationalityFromInput('zh-hans', '越南 (VNM)')).toBe('VNM');
		expect(nationalityFromInput('en', 'Germany (DEU)')).toBe('DEU');
	});
	it('tells nothing typed from a name of no country', () => {
		expect(nationalityFromInput('en', '  ')).toBe('');
		expect(nationalityFromInput('zh-hans', '火星')).toBeNull();
		expect(nationalityFromInput('en', 'Atlantis')).toBeNull();
		expect(nationalityFromInput('en', 'VN')).toBeNull();
	});
});
