import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { StaffUser } from '$lib/server/authz';
import type { Actor, User } from '$lib/server/users';

// The check every staff load and action starts with: anonymous → sign-in (then back here),
// signed in without the right → 403. Layouts call it on load; each action calls it again,
// because actions do not run layout loads.

type Event = Pick<RequestEvent, 'locals' | 'url'>;

export function requireStaff(event: Event, can: (user: StaffUser | null) => boolean): User {
	const user = event.locals.user;
	if (!user) {
		// back to the page, not to a form action's "?/approve": after sign-in the browser GETs it
		const search = new URLSearchParams([...event.url.searchParams].filter(([key]) => !key.startsWith('/')));
		const next = encodeURIComponent(event.url.pathname + (search.size ? `?${search}` : ''));
		redirect(303, `/${event.locals.lang}/staff/login?next=${next}${event.locals.sessionEnded ? '&ended=1' : ''}`);
	}
	if (!can(user)) error(403, event.locals.t('staff.errors.forbidden'));
	return user;
}

export function actorOf(event: Pick<RequestEvent, 'locals' | 'getClientAddress'>): Actor {
	return { id: event.locals.user?.id ?? null, role: event.locals.user?.role ?? null, ip: clientIp(event) };
}

export function clientIp(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null;
	}
}

/** A sign-in `next` that stays inside the staff area of this site. */
export function safeNext(next: string | null): string | null {
	if (!next || !/^\/[a-z-]+\/staff\/[A-Za-z0-9/_\-?=&%.]*$/.test(next) || next.includes('//') || next.includes('..')) return null;
	if (/\/staff\/(login|logout)\b/.test(next)) return null;
	return next;
}
