import type { StepViewProps } from './types';

/**
 * A field the passport's lines may have filled (person and document steps): the remark "read from
 * your passport" while the answer is still as the lines gave it, and its message. The answer itself
 * is passed on its own (`value={v.x}`): in a spread, any change of remark or message would put the
 * saved answer back over what the resident is typing.
 */
export function passportAnswer({ data, err }: Pick<StepViewProps, 'data' | 'err'>) {
	return (field: string) => ({ note: data.passport.marked.includes(field) ? data.t('declare.passport.marked') : undefined, error: err(field) });
}
