import type { StepViewProps } from './types';

/**
 * A field the passport's lines may have filled (person and document steps): the remark "read from
 * your passport" while the answer is still as the lines gave it, the answer and its message.
 */
export function passportAnswer({ data, v, err }: Pick<StepViewProps, 'data' | 'v' | 'err'>) {
	return (field: string) => ({ note: data.passport.marked.includes(field) ? data.t('declare.passport.marked') : undefined, value: v[field], error: err(field) });
}
