import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canClaimTask, canClaimTasks } from '$lib/server/authz';
import { claimTask, listBoard, type CompletionOutcome } from '$lib/server/help-claims';
import type { Reader } from '$lib/server/db';
import { findHelpRequest } from '$lib/server/help-requests';
import { findRosterEntry, isSlot, setPaused, updateVolunteerProfile, type AvailabilitySlot, type LanguageSkill } from '$lib/server/roster';
import { LANGUAGE_LEVELS, type LanguageLevel } from '$lib/domain/help-request';
import { LANGUAGES, staffMailLanguage, STAFF_MAIL_LANGUAGES } from '$lib/i18n';
import { requireStaff } from '../../guard';

const SLOTS_PER_DAY = 2;
const OUTCOMES: readonly CompletionOutcome[] = ['resident_emailed', 'resident_not_emailed', 'interpreting_recorded'];

/**
 * After "Mark as completed": what was done, said on the board. The link names the request and the
 * outcome completeHelpRequest reported; it is shown only for a request this volunteer did complete
 * (or finished interpreting for), so a hand-made link cannot make the board claim more.
 */
async function completedBy(db: Reader, userId: string, params: URLSearchParams): Promise<{ reference: string; outcome: CompletionOutcome } | null> {
	const id = params.get('completed');
	const outcome = OUTCOMES.find((o) => o === params.get('outcome'));
	if (!id || !outcome) return null;
	const task = await findHelpRequest(db, id);
	if (!task || task.claimed_by !== userId) return null;
	const done = outcome === 'interpreting_recorded' ? task.organisation_id !== null && task.lease_until === null : task.status === 'completed';
	return done ? { reference: task.reference, outcome } : null;
}

export const load: PageServerLoad = async (event) => {
	const user = requireStaff(event, canClaimTasks);
	const { db } = event.locals.app;
	const me = await findRosterEntry(db, user.id);
	const languages = me?.languages ?? [];
	const now = new Date();
	const board = await listBoard(
		db,
		user.id,
		languages.map((l) => l.lang),
		now
	);
	const waiting = (createdAt: string) => Math.max(0, Math.floor((now.getTime() - Date.parse(createdAt)) / 60_000));
	return {
		board: { mine: board.mine, open: board.open.map((task) => ({ ...task, waitingMinutes: waiting(task.createdAt) })) },
		completed: await completedBy(db, user.id, event.url.searchParams),
		profile: {
			paused: me?.paused ?? false,
			mailLanguage: staffMailLanguage(me?.mailLanguage),
			languages,
			availability: me?.availability ?? []
		},
		allLanguages: [...LANGUAGES],
		mailLanguages: [...STAFF_MAIL_LANGUAGES],
		levels: [...LANGUAGE_LEVELS],
		slotsPerDay: SLOTS_PER_DAY,
		taken: event.url.searchParams.get('taken') === '1',
		// why a task page sent the volunteer back here: another volunteer holds it, or it is closed
		heldElsewhere: event.url.searchParams.get('held') === '1',
		closed: event.url.searchParams.get('closed') === '1',
		translated: event.url.searchParams.get('translated') === '1'
	};
};

export const actions: Actions = {
	claim: async (event) => {
		const user = requireStaff(event, canClaimTasks);
		const t = event.locals.t;
		const { db } = event.locals.app;
		const taskId = String((await event.request.formData()).get('taskId') ?? '');
		const task = await findHelpRequest(db, taskId);
		if (!task) return fail(404, { claimError: t('staff.tasks.errors.notFound') });
		// the language rule is checked here again: a hand-made POST must not get around the board's filter
		if (!canClaimTask(user, task)) return fail(403, { claimError: t('staff.tasks.errors.language') });
		const result = await claimTask(db, task.id, user.id);
		if (!result.ok) return fail(409, { claimError: t(result.reason === 'taken' ? 'staff.tasks.errors.taken' : 'staff.tasks.errors.closed') });
		redirect(303, `/${event.locals.lang}/staff/tasks/${task.id}`);
	},

	profile: async (event) => {
		const user = requireStaff(event, canClaimTasks);
		const t = event.locals.t;
		const form = await event.request.formData();
		const languages: LanguageSkill[] = [];
		// what was typed, sent back with an error so that one bad period does not wipe the other edits
		// one of the staff languages, or (a hand-made value) left as it was
		const posted = String(form.get('mailLanguage') ?? '');
		const mailLanguage = STAFF_MAIL_LANGUAGES.find((l) => l === posted);
		const values: { levels: Record<string, string>; slots: Record<string, { from: string; to: string }>; mailLanguage: string } = { levels: {}, slots: {}, mailLanguage: posted };
		for (const lang of LANGUAGES) {
			const level = String(form.get(`level-${lang}`) ?? '');
			values.levels[lang] = level;
			if ((LANGUAGE_LEVELS as readonly string[]).includes(level)) languages.push({ lang, level: level as LanguageLevel });
		}
		const availability: AvailabilitySlot[] = [];
		const errors: Record<string, string> = {};
		const summary: { id: string; message: string }[] = [];
		for (let day = 0; day < 7; day++) {
			for (let i = 0; i < SLOTS_PER_DAY; i++) {
				const from = String(form.get(`from-${day}-${i}`) ?? '').trim();
				const to = String(form.get(`to-${day}-${i}`) ?? '').trim();
				values.slots[`${day}-${i}`] = { from, to };
				if (!from && !to) continue;
				const slot = { day, from, to };
				if (isSlot(slot)) availability.push(slot);
				else {
					errors[`from-${day}-${i}`] = t('staff.tasks.profile.slotInvalid');
					summary.push({ id: `from-${day}-${i}`, message: t('staff.tasks.profile.slotInvalidAt', { day: t(`staff.tasks.days.${day}`), n: i + 1 }) });
				}
			}
		}
		if (summary.length) return fail(400, { profileErrors: errors, profileSummary: summary, profileValues: values });
		await updateVolunteerProfile(event.locals.app.db, user.id, { languages, availability, mailLanguage });
		return { profileSaved: true };
	},

	pause: async (event) => {
		const user = requireStaff(event, canClaimTasks);
		const paused = String((await event.request.formData()).get('paused') ?? '') === '1';
		await setPaused(event.locals.app.db, user.id, paused);
		return { pauseSaved: true };
	}
};
