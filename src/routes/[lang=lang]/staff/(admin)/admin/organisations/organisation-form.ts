import { z } from 'zod';
import { LANGUAGES } from '$lib/i18n';
import { ORGANISATION_KINDS } from '$lib/server/organisations';
import type { OrganisationKind } from '$lib/server/db/schema';

// The organisation form's fields; messages are translation keys.
const schema = z.object({
	name: z.string().trim().min(1, 'staff.admin.organisations.nameRequired').max(200, 'staff.admin.organisations.nameRequired'),
	nameEn: z.string().trim().min(1, 'staff.admin.organisations.nameEnRequired').max(200, 'staff.admin.organisations.nameEnRequired'),
	kind: z.enum(ORGANISATION_KINDS as [OrganisationKind, ...OrganisationKind[]], { message: 'staff.admin.organisations.kindRequired' }),
	languages: z
		.string()
		.transform((v) => [
			...new Set(
				v
					.split(/[\s,，、]+/)
					.map((l) => l.trim().toLowerCase())
					.filter(Boolean)
			)
		])
		.refine((list) => list.every((l) => (LANGUAGES as readonly string[]).includes(l)), 'staff.admin.organisations.languagesInvalid'),
	active: z.boolean()
});

export interface OrganisationValues {
	name: string;
	nameEn: string;
	kind: string;
	languages: string;
	active: boolean;
}

export function parseOrganisationForm(form: FormData): { values: OrganisationValues; data?: z.infer<typeof schema>; errors: Record<string, string> } {
	const values = {
		name: String(form.get('name') ?? '').trim(),
		nameEn: String(form.get('nameEn') ?? '').trim(),
		kind: String(form.get('kind') ?? ''),
		languages: String(form.get('languages') ?? '').trim(),
		active: form.get('active') === 'on'
	};
	const parsed = schema.safeParse(values);
	if (parsed.success) return { values, data: parsed.data, errors: {} };
	const errors: Record<string, string> = {};
	for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
	return { values, errors };
}
