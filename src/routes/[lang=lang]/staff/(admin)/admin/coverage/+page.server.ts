import type { PageServerLoad } from './$types';
import { canViewCoverage } from '$lib/server/authz';
import { countEscalated } from '$lib/server/help-claims';
import { coverage, shanghaiWeekTime } from '$lib/server/roster';
import { requireStaff } from '../../../guard';

// Coverage of the volunteer roster: per language and hour of one weekday, how many volunteers
// (not paused) are available. Hours are Asia/Shanghai.
export const load: PageServerLoad = async (event) => {
	requireStaff(event, canViewCoverage);
	const { db } = event.locals.app;
	const asked = Number(event.url.searchParams.get('day'));
	const day = Number.isInteger(asked) && asked >= 0 && asked <= 6 && event.url.searchParams.has('day') ? asked : shanghaiWeekTime(new Date()).day;
	return { day, rows: await coverage(db, day), escalated: await countEscalated(db) };
};
