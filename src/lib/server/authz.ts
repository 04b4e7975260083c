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

/** The review queue and declaration detail (personal data: every view is audited by the caller). */
export function canReviewDeclarations(user: Who): user is StaffUser {
	return is(user, 'officer', 'admin');
}

export function canViewDashboard(user: Who): user is StaffUser {
	return is(user, 'officer', 'admin');
}

export function canUseAdminArea(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canManageAccounts(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canManageOrganisations(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canViewAuditLog(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canManageRegistry(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canManageWatchlist(user: Who): user is StaffUser {
	return is(user, 'admin');
}

export function canManageSettings(user: Who): user is StaffUser {
	return is(user, 'admin');
}

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
