import type { Role } from './db/schema';

// Every authorisation rule of the staff side, as plain functions of the signed-in user (and the
// record, where it matters). Layouts call them on load and every action calls them again, so a
// rule changes in one place. No I/O here.

export interface StaffUser {
	id: string;
	role: Role;
	active: number;
	organisation_id: string | null;
}

type Who = StaffUser | null | undefined;

function is(user: Who, ...roles: Role[]): user is StaffUser {
	return !!user && user.active === 1 && roles.includes(user.role);
}

export function canUseStaffArea(user: Who): user is StaffUser {
	return is(user, 'volunteer', 'partner', 'officer', 'admin');
}

/** The interpreter task board: volunteers. */
export function canClaimTasks(user: Who): user is StaffUser {
	return is(user, 'volunteer');
}

/** An organisation's queue: partner staff who belong to an organisation. */
export function canWorkPartnerQueue(user: Who): user is StaffUser {
	return is(user, 'partner') && !!user!.organisation_id;
}

/** A partner sees and works only its own organisation's requests. */
export function canWorkForOrganisation(user: Who, organisationId: string | null): boolean {
	return canWorkPartnerQueue(user) && !!organisationId && user.organisation_id === organisationId;
}

const officersAndAdmins = (user: Who): user is StaffUser => is(user, 'officer', 'admin');
const adminsOnly = (user: Who): user is StaffUser => is(user, 'admin');

/** The review queue and declaration detail (personal data: every view is audited by the caller). */
export const canReviewDeclarations = officersAndAdmins;
export const canViewDashboard = officersAndAdmins;
export const canUseAdminArea = adminsOnly;
export const canManageAccounts = adminsOnly;
export const canManageOrganisations = adminsOnly;
export const canViewAuditLog = adminsOnly;
export const canManageRegistry = adminsOnly;
export const canManageWatchlist = adminsOnly;
export const canManageSettings = adminsOnly;

/** Admins cannot take away their own role or deactivate themselves, so the last admin is never locked out by accident. */
export function canChangeRoleOf(user: Who, target: { id: string }): boolean {
	return canManageAccounts(user) && user.id !== target.id;
}

export function canDeactivate(user: Who, target: { id: string }): boolean {
	return canManageAccounts(user) && user.id !== target.id;
}

/** Where a staff member lands after sign-in. */
export function homePathFor(role: Role): string {
	switch (role) {
		case 'volunteer':
			return 'staff/tasks';
		case 'partner':
			return 'staff/partner';
		case 'officer':
			return 'staff/review';
		case 'admin':
			return 'staff/admin';
	}
}

// ---- Interpreter help (help requests) ----

/** Languages a staff member (volunteer) or an organisation declared, from their JSON column. */
export function languagesOf(json: string | null | undefined): string[] {
	try {
		const list = JSON.parse(json ?? '[]') as unknown;
		if (!Array.isArray(list)) return [];
		return list.map((l) => (typeof l === 'string' ? l : (l as { lang?: unknown })?.lang)).filter((l): l is string => typeof l === 'string');
	} catch {
		return [];
	}
}

interface TaskRef {
	language: string;
	status: string;
	claimed_by: string | null;
	lease_until: string | null;
	organisation_id: string | null;
}

/** A volunteer claims only tasks in a language they speak. */
export function canClaimTask(user: Who, task: { language: string }): boolean {
	return canClaimTasks(user) && languagesOf((user as StaffUser & { languages?: string }).languages).includes(task.language);
}

/** Holds the task now: the volunteer whose lease runs, or any member of the organisation that accepted it. */
export function canWorkHelpRequest(user: Who, task: TaskRef, now = new Date()): boolean {
	if (task.status === 'completed' || task.status === 'cancelled') return false;
	if (canClaimTasks(user)) return task.claimed_by === user.id && !!task.lease_until && task.lease_until >= now.toISOString();
	return canWorkForOrganisation(user, task.organisation_id);
}

/** Topics whose contact and note only an organisation of the same kind sees. */
export const PRIVATE_HELP_TOPICS: ReadonlySet<string> = new Set(['legal', 'medical']);

/**
 * The resident's contact and note: only while holding the task (every view audited by the caller).
 * An escalated legal or medical request may be accepted by an organisation of another kind that
 * speaks the language: it interprets (the conversation) without the resident's contact and note.
 */
export function canSeeHelpContact(user: Who, task: TaskRef & { topic: string }, now = new Date(), organisation?: { id: string; kind: string }): boolean {
	if (!canWorkHelpRequest(user, task, now)) return false;
	if (canClaimTasks(user) || !PRIVATE_HELP_TOPICS.has(task.topic)) return true;
	return organisation?.id === task.organisation_id && organisation.kind === task.topic;
}

/** A partner accepts requests of its kind, and escalated interpreter tasks in its languages. */
export function canAcceptForOrganisation(
	user: Who,
	organisation: { id: string; kind: string; languages: string; active: number },
	task: TaskRef & { topic: string; escalated_at: string | null }
): boolean {
	if (!canWorkForOrganisation(user, organisation.id) || organisation.active !== 1) return false;
	if (task.organisation_id !== null || !['open', 'claimed'].includes(task.status)) return false;
	return task.topic === organisation.kind || (!!task.escalated_at && languagesOf(organisation.languages).includes(task.language));
}

/** Coverage of the roster per language and hour. */
export function canViewCoverage(user: Who): user is StaffUser {
	return is(user, 'admin');
}

/** Officers see how many interpreter tasks are escalated (the dashboard). */
export function canViewEscalations(user: Who): user is StaffUser {
	return is(user, 'officer', 'admin');
}

/** The library of questions officers ask residents. */
export function canManageQuestionTemplates(user: Who): user is StaffUser {
	return is(user, 'admin');
}
