import { expect, test } from '@playwright/test';
import { JS_BUDGET, measureJourney, TOTAL_BUDGET } from '../../scripts/measure-weight';

// The page-weight budget of the resident journey, as scripts/measure-weight.ts reports it: a first
// visit to /{lang}/declare of at most 150 KB on the wire, and at most 80 KB of JavaScript on any
// page loaded cold. A production build is part of it (a dev-mode Svelte build is ~10 KB heavier).

for (const lang of ['en', 'ar']) {
	test(`page weight within budget in ${lang}`, async ({ browser, baseURL }) => {
		const { results, firstVisit, maxJs } = await measureJourney(browser, baseURL!, lang);
		const table = results.map((r) => `${r.page}: ${(r.total / 1024).toFixed(1)} KB, JS ${(r.js / 1024).toFixed(1)} KB`).join('\n');
		expect(firstVisit.total, table).toBeLessThanOrEqual(TOTAL_BUDGET);
		expect(maxJs, table).toBeLessThanOrEqual(JS_BUDGET);
		// the journey really loaded its pages and their scripts: the measurement can fail
		expect(
			results.filter((r) => r.page.includes('first visit')).every((r) => r.js > 10 * 1024),
			table
		).toBe(true);
	});
}
