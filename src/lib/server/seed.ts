import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db';
import { encrypt, randomToken } from './crypto';
import { documentIndex } from './declarations';
import { snapshotLists } from './lists';
import { newId } from './ids';
import { createAddress } from './addresses';
import { createUser } from './users';
import { hashPassword } from './password';
import { DEFAULT_SETTINGS, getRaw, setRaw, setSetting } from './settings';
import { DEMO_ADDRESSES, DEMO_ORGANISATIONS, DEMO_STAFF, DEMO_VOLUNTEERS, DEMO_WATCHLIST, MUTUAL_VISA_EXEMPT, TRANSIT_240H, VISA_FREE_30_DAY } from './demo/data';

/** Settings defaults and the visa-free/transit lists in force; runs once per database. Returns true when the database was new. */
export async function seedBase(db: Db): Promise<boolean> {
	if (await getRaw(db, 'seeded_at')) return false;
	await db.write(async (trx) => {
		const now = new Date().toISOString();
		for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) await setSetting(trx, key as keyof typeof DEFAULT_SETTINGS, value);
		const visaFree = [...new Set([...VISA_FREE_30_DAY, ...MUTUAL_VISA_EXEMPT])];
		const rows = [
			...visaFree.map((nationality) => ({ list: 'visa_free' as const, nationality, added_at: now })),
			...[...new Set(TRANSIT_240H)].map((nationality) => ({ list: 'transit' as const, nationality, added_at: now }))
		];
		if (rows.length) await trx.insertInto('nationality_lists').values(rows).execute();
		await snapshotLists(trx, null, new Date(now));
		await setRaw(trx, 'seeded_at', JSON.stringify(now));
	});
	return true;
}

export interface DemoLogins {
	password: string | null;
	accounts: { role: string; email: string; name: string }[];
}

function demoAccounts(): DemoLogins['accounts'] {
	return [
		...DEMO_STAFF.map((s) => ({ role: s.role, email: s.email, name: s.name })),
		...DEMO_ORGANISATIONS.map((o) => ({ role: 'partner', email: o.member.email, name: `${o.member.name} (${o.nameEn})` })),
		...DEMO_VOLUNTEERS.map((v) => ({ role: 'volunteer', email: v.email, name: v.name }))
	];
}

/**
 * The demo data set, loaded into a new database only. The shared demo password is random per
 * install (or ANJU_DEMO_PASSWORD) and kept in the data dir so start-up can print it again.
 */
export async function seedDemo(db: Db, opts: { isNew: boolean; dataDir: string; password?: string }): Promise<DemoLogins> {
	const file = path.join(opts.dataDir, 'demo-logins.json');
	if (!opts.isNew) {
		const saved = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { password: string }) : null;
		return { password: saved?.password ?? null, accounts: demoAccounts() };
	}
	const { keys } = db;
	const password = opts.password ?? `demo-${randomToken(9)}`;
	const passwordHash = await hashPassword(password);
	await db.write(async (trx) => {
		for (const a of DEMO_ADDRESSES) await createAddress(trx, { label: a.label, labelEn: a.labelEn, kind: a.kind });
		const now = new Date().toISOString();
		for (const o of DEMO_ORGANISATIONS) {
			const id = newId();
			await trx
				.insertInto('organisations')
				.values({ id, name: o.name, name_en: o.nameEn, kind: o.kind, languages: JSON.stringify(o.languages), created_at: now })
				.execute();
			await createUser(trx, { email: o.member.email, name: o.member.name, role: 'partner', organisationId: id, passwordHash });
		}
		for (const s of DEMO_STAFF) await createUser(trx, { email: s.email, name: s.name, role: s.role, passwordHash });
		for (const v of DEMO_VOLUNTEERS) await createUser(trx, { email: v.email, name: v.name, role: 'volunteer', passwordHash, languages: v.languages, availability: v.availability });
		for (const w of DEMO_WATCHLIST) {
			const id = newId();
			await trx
				.insertInto('watchlist')
				.values({
					id,
					document: encrypt(keys, w.documentNumber, `watchlist:${id}`),
					document_index: documentIndex(keys, w.documentNumber, w.nationality),
					nationality: w.nationality,
					reason: w.reason,
					created_by: null,
					created_at: now
				})
				.execute();
		}
	});
	fs.writeFileSync(file, JSON.stringify({ password }) + '\n', { mode: 0o600 });
	return { password, accounts: demoAccounts() };
}
