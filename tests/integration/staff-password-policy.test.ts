import { describe, expect, it } from 'vitest';
import { checkPassword, isCommonPassword, MIN_PASSWORD_LENGTH } from '../../src/lib/server/password-policy';

describe('staff password policy', () => {
	it.each([
		['password1234', 'common'],
		['Password2026!', 'common'],
		['qwertyuiop123', 'common'],
		['123456789012', 'common'],
		['aaaaaaaaaaaa', 'common'],
		['abcabcabcabc', 'common'],
		['iloveyouiloveyou', 'common'],
		['abcdefghijklm', 'common'],
		['short', 'too_short'],
		['elevenchars', 'too_short']
	])('refuses %s (%s)', (password, reason) => {
		expect(checkPassword(password)).toEqual({ ok: false, reason });
	});

	it.each(['correct horse battery staple', 'velvet harbour quietly', '长城饺子月亮自行车山水画', 'Tr0ub4dor&3-xyz'])('accepts %s', (password) => {
		expect(checkPassword(password)).toEqual({ ok: true });
	});

	it('counts characters, not bytes, and refuses the account e-mail', () => {
		expect('安'.repeat(MIN_PASSWORD_LENGTH - 1).length).toBe(MIN_PASSWORD_LENGTH - 1);
		expect(checkPassword('安居乐业安居乐业安居乐')).toEqual({ ok: false, reason: 'too_short' });
		expect(checkPassword('zhang.wei@example.org', { email: 'zhang.wei@example.org' })).toEqual({ ok: false, reason: 'common' });
		expect(checkPassword('zhangwei-summer-kite', { email: 'zhang.wei@example.org' })).toEqual({ ok: false, reason: 'common' });
		expect(isCommonPassword('glass lantern orbit meadow')).toBe(false);
	});
});
