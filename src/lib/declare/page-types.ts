import type { ActionFailure } from '@sveltejs/kit';
import type { Lang, T } from '$lib/i18n';

/** What every page has from the root layout, besides its own load's data. */
export type WithLayout<D> = D & { t: T; lang: Lang };

/** A form action's answer as the page receives it (`form`): the failure's data, or the success's. */
export type FormOf<R> = (R extends ActionFailure<infer F> ? F : Exclude<R, void | undefined>) | null | undefined;
