import type { Db, Reader } from './db';
import { LANGUAGE_LEVELS, type LanguageLevel } from '../domain/help-request';
import { LANGUAGES } from '../domain/declaration';
import type { StaffMailLanguage } from '$lib/i18n';

// The volunteer roster: each volunteer's languages (with a level), weekly availability in
// Asia/Shanghai and a pause switch, kept on the users row. Who is on duty now, and coverage per
// language and hour, are computed from it. A district's roster is tens of people, so reading it
// whole and filtering here is simpler than JSON queries that differ between SQLite and PostgreSQL.

export interface LanguageSkill {
	lang: string;
	level: LanguageLevel;
}
/** day 0 = Monday … 6 = Sunday; times `HH:MM`, `to` after `from`, local (Asia/Shanghai). */
export interface AvailabilitySlot {
	day: number;
	from: string;
	to: string;
}
export interface RosterEntry {
	id: string;
	email: string;
	name: string;
	paused: boolean;
	languages: LanguageSkill[];
	availability: AvailabilitySlot[];
	/** The language of their e-mails (users.mail_language). */
	mailLanguage: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China keeps no daylight saving time

/** Day of the week (0 = Monday) and `HH:MM` in Asia/Shanghai. */
export function shanghaiWeekTime(now: Date): { day: number; time: string } {
	const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
	return { day: (local.getUTCDay() + 6) % 7, time: local.toISOString().slice(11, 16) };
}

export function parseLanguages(json: string): LanguageSkill[] {
	try {
		const list = JSON.parse(json) as unknown;
		return Array.isArray(list) ? list.filter(isSkill) : [];
	} catch {
		return [];
	}
}

export function parseAvailability(json: string): AvailabilitySlot[] {
	try {
		const list = JSON.parse(json) as unknown;
		return Array.isArray(list) ? list.filter(isSlot) : [];
	} catch {
		return [];
	}
}

function isSkill(v: unknown): v is LanguageSkill {
	const s = v as LanguageSkill;
	return !!s && typeof s.lang === 'string' && (LANGUAGE_LEVELS as readonly string[]).includes(s.level);
}

export function isSlot(v: unknown): v is AvailabilitySlot {
	const s = v as AvailabilitySlot;
	return !!s && Number.isInteger(s.day) && s.day >= 0 && s.day <= 6 && TIME.test(s.from) && (TIME.test(s.to) || s.to === '24:00') && s.from < s.to;
}

export function isAvailableAt(slots: AvailabilitySlot[], day: number, time: string): boolean {
	return slots.some((s) => s.day === day && s.from <= time && time < s.to);
}

export async function listRoster(db: Reader): Promise<RosterEntry[]> {
	const rows = await db.selectFrom('users').select(['id', 'email', 'name', 'paused', 'languages', 'availability', 'mail_language']).where('role', '=', 'volunteer').where('active', '=', 1).execute();
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		name: r.name,
		paused: r.paused === 1,
		languages: parseLanguages(r.languages),
		availability: parseAvailability(r.availability),
		mailLanguage: r.mail_language
	}));
}

/** Active volunteers who speak `lang`, are not paused and whose weekly availability covers `now`. */
export async function availableVolunteers(db: Reader, lang: string, now = new Date()): Promise<RosterEntry[]> {
	const { day, time } = shanghaiWeekTime(now);
	return (await listRoster(db)).filter((v) => !v.paused && v.languages.some((l) => l.lang === lang) && isAvailableAt(v.availability, day, time));
}

/** For each language, how many volunteers are available in each hour (0–23) of `day`; paused ones not counted. */
export async function coverage(db: Db, day: number): Promise<{ lang: string; hours: number[] }[]> {
	const roster = (await listRoster(db)).filter((v) => !v.paused);
	return LANGUAGES.map((lang) => ({
		lang,
		hours: Array.from({ length: 24 }, (_, hour) => {
			const time = `${String(hour).padStart(2, '0')}:30`;
			return roster.filter((v) => v.languages.some((l) => l.lang === lang) && isAvailableAt(v.availability, day, time)).length;
		})
	}));
}

export async function findRosterEntry(db: Db, userId: string): Promise<RosterEntry | undefined> {
	return (await listRoster(db)).find((v) => v.id === userId);
}

export async function updateVolunteerProfile(
	db: Db,
	userId: string,
	input: { languages: LanguageSkill[]; availability: AvailabilitySlot[]; mailLanguage?: StaffMailLanguage },
	now = new Date()
): Promise<void> {
	await db.write((tx) =>
		tx
			.updateTable('users')
			.set({
				languages: JSON.stringify(input.languages),
				availability: JSON.stringify(input.availability),
				...(input.mailLanguage ? { mail_language: input.mailLanguage } : {}),
				updated_at: now.toISOString()
			})
			.where('id', '=', userId)
			.where('role', '=', 'volunteer')
			.execute()
	);
}

export async function setPaused(db: Db, userId: string, paused: boolean, now = new Date()): Promise<void> {
	await db.write((tx) =>
		tx
			.updateTable('users')
			.set({ paused: paused ? 1 : 0, updated_at: now.toISOString() })
			.where('id', '=', userId)
			.execute()
	);
}
