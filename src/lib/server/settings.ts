import type { Db } from './db';

/** Rule and operation settings admins can change without a deploy; values are JSON. */
export const DEFAULT_SETTINGS = {
	max_foreign_occupants: 6,
	help_sla_minutes: 15,
	claim_lease_minutes: 30,
	retention_declaration_days: 365,
	retention_help_request_days: 365,
	lists_version: 1
} as const;
export type SettingKey = keyof typeof DEFAULT_SETTINGS;

export async function getSetting<K extends SettingKey>(db: Db, key: K): Promise<(typeof DEFAULT_SETTINGS)[K]> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
	return row ? (JSON.parse(row.value) as (typeof DEFAULT_SETTINGS)[K]) : DEFAULT_SETTINGS[key];
}

/** A setting's stored JSON text (null when never set) as its value, the default filled in. */
export function settingValue<K extends SettingKey>(key: K, stored: string | null | undefined): (typeof DEFAULT_SETTINGS)[K] {
	return stored == null ? DEFAULT_SETTINGS[key] : (JSON.parse(stored) as (typeof DEFAULT_SETTINGS)[K]);
}

/** Several settings in one query, defaults filled in. */
export async function getSettings<K extends SettingKey>(db: Db, keys: readonly K[]): Promise<{ [P in K]: (typeof DEFAULT_SETTINGS)[P] }> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
	const out = Object.fromEntries(keys.map((k) => [k, DEFAULT_SETTINGS[k]])) as { [P in K]: (typeof DEFAULT_SETTINGS)[P] };
	for (const row of rows) (out as Record<string, unknown>)[row.key] = JSON.parse(row.value);
	return out;
}

export async function setSetting<K extends SettingKey>(db: Db, key: K, value: (typeof DEFAULT_SETTINGS)[K] | number): Promise<void> {
	const now = new Date().toISOString();
	await db
		.insertInto('settings')
		.values({ key, value: JSON.stringify(value), updated_at: now })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
		.execute();
}

export async function getRaw(db: Db, key: string): Promise<string | undefined> {
	return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function setRaw(db: Db, key: string, value: string): Promise<void> {
	const now = new Date().toISOString();
	await db
		.insertInto('settings')
		.values({ key, value, updated_at: now })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
		.execute();
}
