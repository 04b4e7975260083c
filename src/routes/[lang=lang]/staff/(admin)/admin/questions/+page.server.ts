import type { PageServerLoad } from './$types';
import { canManageQuestionTemplates } from '$lib/server/authz';
import { listTemplates } from '$lib/server/question-templates';
import { requireStaff } from '../../../guard';

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageQuestionTemplates);
	return { templates: await listTemplates(event.locals.app.db), saved: event.url.searchParams.get('saved') };
};
