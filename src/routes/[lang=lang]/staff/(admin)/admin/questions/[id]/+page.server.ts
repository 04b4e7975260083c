import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { canManageQuestionTemplates } from '$lib/server/authz';
import { getTemplate, saveTemplate } from '$lib/server/question-templates';
import type { TemplateField, TemplateTexts } from '$lib/domain/question-template';
import { LANGUAGES } from '$lib/i18n';
import { actorOf, requireStaff } from '../../../../guard';

/** Up to this many fields per question (a date and a number are what stations use). */
const FIELD_ROWS = 3;

export const load: PageServerLoad = async (event) => {
	requireStaff(event, canManageQuestionTemplates);
	if (event.params.id === 'new') return { template: null, fieldRows: FIELD_ROWS };
	const template = await getTemplate(event.locals.app.db, event.params.id);
	if (!template) error(404, event.locals.t('review.questions.notFound'));
	return { template, fieldRows: FIELD_ROWS };
};

export const actions: Actions = {
	default: async (event) => {
		requireStaff(event, canManageQuestionTemplates);
		const form = await event.request.formData();
		const value = (name: string) => {
			const v = form.get(name);
			return typeof v === 'string' ? v.trim() : '';
		};
		const fields: TemplateField[] = [];
		for (let i = 0; i < FIELD_ROWS; i++) {
			const name = value(`field-name-${i}`);
			if (name) fields.push({ name, kind: value(`field-kind-${i}`) === 'code' ? 'code' : 'date' });
		}
		const texts: TemplateTexts = {};
		for (const lang of LANGUAGES) texts[lang] = value(`text-${lang}`).slice(0, 2000);
		const input = { key: value('key'), fields, texts, active: form.get('active') === 'on' };
		const id = event.params.id === 'new' ? undefined : event.params.id;
		const result = await saveTemplate(event.locals.app.db, id, Number(value('version')), input, actorOf(event));
		if (!result.ok) {
			const errors = result.reason === 'invalid' ? result.errors : [{ path: result.reason === 'duplicate_key' ? 'key' : '', code: result.reason }];
			if (result.reason === 'not_found') error(404, event.locals.t('review.questions.notFound'));
			return fail(result.reason === 'stale' ? 409 : 400, { errors, values: input });
		}
		redirect(303, `/${event.locals.lang}/staff/admin/questions?saved=${result.id}`);
	}
};
