import { expect, test } from '@playwright/test';
import { expectStep, newPerson, next, passportPng, start } from './declare-helpers';
import { expectNoAxeViolations } from './axe';

test.use({ viewport: { width: 360, height: 740 } });

// A roaming phone loses its connection just as the resident sends a step: the page stays, with
// everything typed, and says so; once the connection is back the same button goes on.
test('a step sent while the connection is down keeps the answers and says so; sending again works', async ({ page }) => {
	const p = newPerson();
	await start(page, 'en');
	await page.locator('#declarant').check();
	await next(page);
	await expectStep(page, 'en', 'document', false);
	await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await page.locator('#mrz').fill(p.mrz);
	await expect(page.locator('#number')).toHaveValue(p.number);

	const offline = (url: URL) => url.pathname === '/en/declare/document';
	await page.route(offline, (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
	await next(page);
	const alert = page.getByRole('alert').filter({ hasText: 'could not be sent' });
	await expect(alert).toBeVisible();
	await expect(alert).toBeFocused();
	await expect(page).toHaveURL(/\/en\/declare\/document$/);
	await expect(page.locator('#mrz')).toHaveValue(p.mrz);
	await expect(page.locator('#number')).toHaveValue(p.number);
	await expectNoAxeViolations(page);

	await page.unroute(offline);
	await next(page);
	await expectStep(page, 'en', 'person', false);
	await expect(page.getByRole('alert').filter({ hasText: 'could not be sent' })).toHaveCount(0);
});
