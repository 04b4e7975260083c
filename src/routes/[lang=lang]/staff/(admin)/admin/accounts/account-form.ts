import { z } from 'zod';
import { ROLES } from '$lib/server/users';
import type { Role } from '$lib/server/db/schema';
import { STAFF_MAIL_LANGUAGES, type StaffMailLanguage } from '$lib/i18n';

// The account form's fields, shared by "create" and "edit"; messages are translation keys.
const schema = z.object({
	email: z.string().trim().min(1, 'staff.login.emailRequired').max(254, 'staff.login.emailInvalid').pipe(z.email('staff.login.emailInvalid')),
	name: z.string().trim().min(1, 'staff.admin.account.nameRequired').max(200, 'staff.admin.account.nameTooLong'),
	role: z.enum(ROLES as [Role, ...Role[]], { message: 'staff.admin.account.roleRequired' }),
	organisationId: z
		.string()
		.trim()
		.max(64)
		.transform((v) => v || null),
	mailLanguage: z.enum(STAFF_MAIL_LANGUAGES as unknown as [StaffMailLanguage, ...StaffMailLanguage[]], { message: 'staff.admin.account.mailLanguageRequired' })
});

export type AccountForm = z.infer<typeof schema>;
export interface AccountValues {
	email: string;
	name: string;
	role: string;
	organisationId: string;
	mailLanguage: string;
}

export function parseAccountForm(form: FormData): { values: AccountValues; data?: AccountForm; errors: Record<string, string> } {
	const values = {
		email: String(form.get('email') ?? '').trim(),
		name: String(form.get('name') ?? '').trim(),
		role: String(form.get('role') ?? ''),
		organisationId: String(form.get('organisationId') ?? ''),
		mailLanguage: String(form.get('mailLanguage') ?? '')
	};
	const parsed = schema.safeParse(values);
	if (parsed.success) return { values, data: parsed.data, errors: {} };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
	return { values, errors };
}

export const ACCOUNT_ERRORS = {
	email_taken: { field: 'email', key: 'staff.admin.account.emailTaken' },
	organisation_required: { field: 'organisationId', key: 'staff.admin.account.organisationRequired' }
} as const;
