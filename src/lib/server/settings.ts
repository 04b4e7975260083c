import { keyedHash, type Keys } from './crypto';
import type { Db, Reader, Tx } from './db';
import { recordAudit } from './audit';
import type { Actor } from './users';

/** Rule and operation settings admins can change without a deploy; values are JSON. */
export const DEFAULT_SETTINGS = {
	max_foreign_occupants: 6,
	help_sla_minutes: 15,
	claim_lease_minutes: 30,
	retention_declaration_days: 365,
	retention_help_request_days: 365,
	lists_version: 1,
	/** Percent of the declarations that would be approved which go to review at random (ROUTINE_CHECK). */
	routine_check_rate: 2
} as const;
export type SettingKey = keyof typeof DEFAULT_SETTINGS;

export async function getSetting<K extends SettingKey>(db: Reader, key: K): Promise<(typeof DEFAULT_SETTINGS)[K]> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
	return row ? (JSON.parse(row.value) as (typeof DEFAULT_SETTINGS)[K]) : DEFAULT_SETTINGS[key];
}

/** A setting's stored JSON text (null when never set) as its value, the default filled in. */
export function settingValue<K extends SettingKey>(key: K, stored: string | null | undefined): (typeof DEFAULT_SETTINGS)[K] {
	return stored == null ? DEFAULT_SETTINGS[key] : (JSON.parse(stored) as (typeof DEFAULT_SETTINGS)[K]);
}

/** Several settings in one query, defaults filled in. */
export async function getSettings<K extends SettingKey>(db: Reader, keys: readonly K[]): Promise<{ [P in K]: (typeof DEFAULT_SETTINGS)[P] }> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys).execute();
	const out = Object.fromEntries(keys.map((k) => [k, DEFAULT_SETTINGS[k]])) as { [P in K]: (typeof DEFAULT_SETTINGS)[P] };
	for (const row of rows) (out as Record<string, unknown>)[row.key] = JSON.parse(row.value);
	return out;
}

export async function setSetting<K extends SettingKey>(db: Tx, key: K, value: (typeof DEFAULT_SETTINGS)[K] | number): Promise<void> {
	const now = new Date().toISOString();
	await db
		.insertInto('settings')
		.values({ key, value: JSON.stringify(value), updated_at: now })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
		.execute();
}

export async function getRaw(db: Reader, key: string): Promise<string | undefined> {
	return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function setRaw(db: Tx, key: string, value: string): Promise<void> {
	const now = new Date().toISOString();
	await db
		.insertInto('settings')
		.values({ key, value, updated_at: now })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
		.execute();
}

// ---- Interpreter help: the settings admins change on /staff/admin/settings ----

/** Whole minutes, and the bounds an admin may choose within. */
export const HELP_SETTING_BOUNDS = {
	help_sla_minutes: { min: 1, max: 240 },
	claim_lease_minutes: { min: 5, max: 240 }
} as const;
export type HelpSettingKey = keyof typeof HELP_SETTING_BOUNDS;
export type HelpSettings = { [K in HelpSettingKey]: number };
const HELP_SETTING_KEYS = Object.keys(HELP_SETTING_BOUNDS) as HelpSettingKey[];

export async function getHelpSettings(db: Reader): Promise<HelpSettings> {
	return getSettings(db, HELP_SETTING_KEYS);
}

/** A whole number of minutes within the setting's bounds ("15", 15), or undefined. */
export function parseHelpSetting(key: HelpSettingKey, value: unknown): number | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (!/^\d{1,4}$/.test(text)) return undefined;
	const minutes = Number(text);
	const { min, max } = HELP_SETTING_BOUNDS[key];
	return minutes >= min && minutes <= max ? minutes : undefined;
}

/** Writes one setting and its audit row (`settings.change`, from and to); call inside the caller's transaction. */
async function changeSetting<K extends SettingKey>(db: Db, trx: Tx, key: K, from: unknown, to: (typeof DEFAULT_SETTINGS)[K] | number, actor: Actor, now: Date): Promise<void> {
	await setSetting(trx, key, to);
	await recordAudit(db, trx, {
		actorId: actor.id,
		actorRole: actor.role,
		ip: actor.ip,
		action: 'settings.change',
		targetType: 'setting',
		targetId: key,
		details: { from, to },
		at: now
	});
}

export type HelpSettingsResult = { ok: true; changed: HelpSettingKey[] } | { ok: false; invalid: HelpSettingKey[] };

/**
 * Sets both interpreter-help settings, or neither when either value is not allowed. Each value that
 * actually changes is one audit row (`settings.change`, from and to), in the same transaction.
 */
export async function changeHelpSettings(db: Db, input: { [K in HelpSettingKey]: unknown }, actor: Actor, now = new Date()): Promise<HelpSettingsResult> {
	const parsed = HELP_SETTING_KEYS.map((key) => [key, parseHelpSetting(key, input[key])] as const);
	const invalid = parsed.filter(([, minutes]) => minutes === undefined).map(([key]) => key);
	if (invalid.length) return { ok: false, invalid };
	const wanted = Object.fromEntries(parsed) as HelpSettings;
	return db.write(async (trx) => {
		const before = await getHelpSettings(trx);
		const changed = HELP_SETTING_KEYS.filter((key) => before[key] !== wanted[key]);
		for (const key of changed) await changeSetting(db, trx, key, before[key], wanted[key], actor, now);
		return { ok: true, changed } as const;
	});
}

// ---- Rules: the routine-check rate (DESIGN.md §6.2 ROUTINE_CHECK) ----

export const ROUTINE_CHECK_RATE_BOUNDS = { min: 0, max: 100 } as const;

/** A percentage from 0 to 100 with at most two decimals ("2", "0.5", 2), or undefined. */
export function parseRoutineCheckRate(value: unknown): number | undefined {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/\s*%$/, '') : '';
	if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) return undefined;
	const percent = Number(text);
	return percent >= ROUTINE_CHECK_RATE_BOUNDS.min && percent <= ROUTINE_CHECK_RATE_BOUNDS.max ? percent : undefined;
}

/** The rate from ANJU_ROUTINE_CHECK_RATE (percent), undefined when unset; throws a one-line message when not allowed. */
export function routineCheckRateFromEnv(env: { ANJU_ROUTINE_CHECK_RATE?: string }): number | undefined {
	const raw = env.ANJU_ROUTINE_CHECK_RATE;
	if (raw === undefined || raw.trim() === '') return undefined;
	const rate = parseRoutineCheckRate(raw);
	if (rate === undefined) throw new RangeError(`ANJU_ROUTINE_CHECK_RATE must be a percentage from 0 to 100 (e.g. 2 or 0.5), not "${raw}".`);
	return rate;
}

/**
 * Seeds the rate from the environment: a database that has no rate yet (a new one, or one from
 * before the setting) takes ANJU_ROUTINE_CHECK_RATE; afterwards the admin's choice stands.
 */
export async function seedRoutineCheckRate(db: Db, rate: number | undefined, fresh: boolean): Promise<void> {
	if (rate === undefined) return;
	if (fresh || (await getRaw(db, 'routine_check_rate')) === undefined) await db.write((tx) => setSetting(tx, 'routine_check_rate', rate));
}

/**
 * Whether a declaration of this document is drawn for a routine check (rate in percent, resolution
 * 0.01 %). The draw is a keyed hash of the document and the calendar quarter, not a fresh random
 * number: a watch-list hit goes to review every time, so if every submission drew anew, sending the
 * same passport number a few times would tell a hit (always "routine check") from a draw (rarely
 * twice). Keyed by the document, the answer repeats for everyone alike within a quarter, and the
 * share drawn is still `percent` across documents (the HMAC is uniform). A rate change takes effect
 * at once: the threshold moves, the hash does not.
 */
export function drawRoutineCheck(keys: Keys, percent: number, docIndex: string, nationality: string, now: Date): boolean {
	const quarter = `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
	const hash = Buffer.from(keyedHash(keys, 'routine-check', `${docIndex}\u0000${nationality}\u0000${quarter}`), 'base64url');
	return hash.readUInt32BE(0) % 10_000 < Math.round(percent * 100);
}

export type RoutineCheckRateResult = { ok: true; changed: boolean } | { ok: false };

/** Sets the routine-check rate; a change is one audit row (`settings.change`, from and to) in the same transaction. */
export async function changeRoutineCheckRate(db: Db, input: unknown, actor: Actor, now = new Date()): Promise<RoutineCheckRateResult> {
	const wanted = parseRoutineCheckRate(input);
	if (wanted === undefined) return { ok: false };
	return db.write(async (trx) => {
		const before = await getSetting(trx, 'routine_check_rate');
		if (before === wanted) return { ok: true, changed: false } as const;
		await changeSetting(db, trx, 'routine_check_rate', before, wanted, actor, now);
		return { ok: true, changed: true } as const;
	});
}
