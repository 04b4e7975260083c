import { page } from '$app/state';
import type { FullAutoFill } from 'svelte/elements';

/**
 * The autocomplete token a field renders: its own on a phone, "off" on the kiosk, a shared screen
 * where the browser would otherwise offer the previous visitor's name, phone or e-mail. Read it in
 * a `$derived` of the component (it follows the current page).
 */
export function autofill(token: FullAutoFill | null | undefined): FullAutoFill | null | undefined {
	// every kiosk page has the kiosk layout's timeouts in its data
	return page.data.kiosk ? 'off' : token;
}
