// Passwords and password stems found at the top of public breach-frequency lists (SecLists,
// NCSC "100k most common"), plus words an attacker would try first against this service.
// password-policy.ts also rejects any of these with digits or symbols around it or repeated,
// so "Password2026!" and "qwertyqwerty" count as common too.
export const COMMON_PASSWORDS: readonly string[] = [
	'123456', '123456789', '12345678', '1234567890', '12345', '1234567', '123123', '111111', '000000', '654321',
	'123321', '666666', '121212', '112233', '159753', '147258369', '987654321', '0123456789', '11111111', '88888888',
	'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pass', 'passwort', 'motdepasse', 'contrasena', 'senha', 'parola',
	'qwerty', 'qwertyuiop', 'qwertz', 'azerty', 'asdfgh', 'asdfghjkl', 'zxcvbn', 'zxcvbnm', '1qaz2wsx', '1q2w3e4r',
	'1q2w3e4r5t', '1q2w3e', 'qazwsx', 'qweasd', 'qweasdzxc', 'q1w2e3r4', 'abc123', 'abcdef', 'abcd1234', 'a1b2c3',
	'iloveyou', 'loveyou', 'woaini', 'woaini1314', '5201314', 'aini1314', 'love', 'lovely', 'loveme', 'sweetheart',
	'admin', 'administrator', 'root', 'toor', 'user', 'guest', 'test', 'testing', 'demo', 'default', 'changeme', 'secret',
	'letmein', 'welcome', 'hello', 'hellohello', 'login', 'master', 'access', 'trustno1', 'whatever', 'nothing',
	'monkey', 'dragon', 'shadow', 'sunshine', 'princess', 'football', 'baseball', 'soccer', 'basketball', 'superman',
	'batman', 'starwars', 'pokemon', 'michael', 'jennifer', 'jordan', 'charlie', 'thomas', 'daniel', 'computer',
	'freedom', 'flower', 'summer', 'winter', 'spring', 'autumn', 'football', 'chocolate', 'cookie', 'cheese',
	'killer', 'ninja', 'mustang', 'harley', 'ranger', 'tigger', 'hunter', 'buster', 'soccer', 'jessica', 'pepper',
	'ashley', 'bailey', 'matrix', 'internet', 'google', 'facebook', 'wechat', 'weixin', 'qq', 'baidu', 'taobao',
	'china', 'beijing', 'shanghai', 'jiaxing', 'zhejiang', 'police', 'jingcha', 'gongan', 'anju', 'anjuanju',
	'station', 'office', 'service', 'officer', 'volunteer', 'partner', 'company', 'mima', 'wodemima', 'zhongguo',
	'fuckyou', 'fuckoff', 'asshole', 'biteme', 'pussy', 'blowjob', 'samsung', 'apple', 'iphone', 'huawei', 'xiaomi',
	'aaaaaa', 'abcabc', 'qwerty123', 'password1', 'welcome1', 'admin123', 'root123', 'test123', 'iloveyou1'
];
