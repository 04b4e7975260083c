import { expect, test } from '@playwright/test';
import { answerAll, newPerson, start, submit } from './declare-helpers';

test.use({ viewport: { width: 360, height: 740 } });

// The access code is shown once: after the confirmation, Back (or any page of the sent draft)
// leads to the declaration's status page, never to a page that shows the code again.
for (const js of [true, false]) {
	test.describe(js ? 'with JavaScript' : 'without JavaScript', () => {
		test.use({ javaScriptEnabled: js });

		test(`Back after the confirmation shows the status, not the access code (${js ? 'JS' : 'no JS'})`, async ({ page }) => {
			await start(page, 'en');
			await answerAll(page, 'en', newPerson(), { js });
			const { reference } = await submit(page, 'en');
			await page.goBack();
			// the status page (with JavaScript the router shows it while the address bar may keep
			// /declare/check, which itself leads to the status page on reload)
			await expect(page.locator('h1')).toHaveText('Your registration');
			if (!js) await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));
			await expect(page.getByTestId('access-code')).toHaveCount(0);
			await expect(page.locator('main')).toContainText(reference);
			await page.reload();
			await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));
			// the confirmation itself, a step and the check page of the sent draft all lead there too
			for (const path of ['/en/declare/confirmation', '/en/declare/check', '/en/declare/contact']) {
				await page.goto(path);
				await expect(page).toHaveURL(new RegExp(`/en/status/${reference}$`));
				await expect(page.getByTestId('access-code')).toHaveCount(0);
			}
		});
	});
}
