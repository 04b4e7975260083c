import { expect, test } from '@playwright/test';
import { answerAll, expectStep, newPerson, next, passportPng, start } from './declare-helpers';
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

// Leaving a field checks it at once, with the server's own step rules: a wrong date is named at
// the field (not in the summary, which would take focus), and goes as soon as it is put right.
test('a field is checked as the resident leaves it, and the message goes once it is right', async ({ page }) => {
	const p = newPerson();
	await start(page, 'en');
	await page.locator('#declarant').check();
	await next(page);
	await page.locator('#photo').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await passportPng() });
	await page.locator('#mrz').fill(p.mrz);
	await next(page);
	await expectStep(page, 'en', 'person', false);

	const dobError = page.locator('#dateOfBirth-error');
	await page.locator('#dateOfBirth-day').fill('31');
	await page.locator('#dateOfBirth-month').fill('2');
	// moving between the parts of one date is not leaving it
	await page.locator('#dateOfBirth-month').focus();
	await expect(dobError).toHaveCount(0);
	await page.locator('#dateOfBirth-year').press('Tab');
	await expect(dobError).toHaveText('Enter a real date.');
	await expect(page.locator('.error-summary')).toHaveCount(0);
	await expectNoAxeViolations(page);

	// an emptied field is not called missing before the step is sent
	await page.locator('#surname').fill('');
	await page.locator('#surname').press('Tab');
	await expect(page.locator('.field:has(#surname) .error-message')).toHaveCount(0);

	await page.locator('#dateOfBirth-day').fill('28');
	await page.locator('#dateOfBirth-day').press('Tab');
	await page.locator('#dateOfBirth-year').press('Tab');
	await expect(dobError).toHaveCount(0);

	// sending: the server judges the whole step (the emptied surname is now missing)
	await next(page);
	await expect(page.locator('.error-summary')).toBeVisible();
	await expect(page.locator('.field:has(#surname) .error-message')).toHaveCount(1);
	await page.locator('#surname').fill(p.surname);
	await page.locator('#surname').press('Tab');
	await expect(page.locator('.field:has(#surname) .error-message')).toHaveCount(0);
});

// The check page says which answers differ from the passport's machine-readable lines, before
// sending (otherwise the resident would only learn it from the review finding).
test('the check page names answers that differ from the passport lines, with links to change them', async ({ page }) => {
	const p = newPerson();
	await start(page, 'en');
	await answerAll(page, 'en', p);
	await expect(page.getByTestId('mrz-differs')).toHaveCount(0);

	await page.locator('a[href$="/person?change=1#surname"]').click();
	await page.locator('#surname').fill('DUPONTEL');
	await next(page);
	await expect(page).toHaveURL(/\/en\/declare\/check$/);
	const notice = page.getByTestId('mrz-differs');
	await expect(notice).toContainText('differ from the machine-readable lines');
	await expect(notice.getByRole('link')).toHaveText(['Surname · Given names']);
	await expectNoAxeViolations(page);

	await notice.getByRole('link').click();
	await page.locator('#surname').fill(p.surname);
	await next(page);
	await expect(page.getByTestId('mrz-differs')).toHaveCount(0);
});
