import { expect, test, type Locator } from '@playwright/test';
import { corpusPhoto } from '../../scripts/mrz-corpus';
import { buildTd3 } from '../../src/lib/domain/mrz';
import { addDays, shanghaiDate } from '../../src/lib/domain/dates';
import { expectNoAxeViolations } from './axe';
import { e2eDb, fillDate } from './declare-helpers';
import { ACCOUNTS, signIn } from './staff-helpers';
import { pending, residentOpens } from './review-helpers';

// Issue 16, point 4: the officer asks for the new passport, the resident corrects the number with a
// photo of the new data page, and the officer sees the before/after with both pages and the new
// page's machine-readable lines, and still finds the declaration by the old number. Corpus photo
// 17/10 (scripts/mrz-corpus.ts) is Yekaterina Ivanova's Russian passport R0399848, expiring 2027-09-17.

const IVANOVA = { surname: 'IVANOVA', givenNames: 'YEKATERINA', sex: 'F' as const, dateOfBirth: '1997-09-10', nationality: 'RUS' };

async function loaded(image: Locator): Promise<void> {
	await expect(image).toBeVisible();
	await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
}

test('a new passport: the officer sees the before/after with both pages and the new MRZ, and finds the declaration by the old number', async ({ browser, request }) => {
	// the server's first reading starts its OCR worker
	test.setTimeout(240_000);
	const oldNumber = `R${Math.floor(1_000_000 + Math.random() * 8_000_000)}`;
	const expired = addDays(shanghaiDate(new Date()), -10);
	const d = await pending(request, 'ru', (body) => {
		Object.assign(body.person, IVANOVA);
		body.document.number = oldNumber;
		body.document.expiryDate = expired;
		body.document.mrz = buildTd3({ issuingState: 'RUS', documentNumber: oldNumber, expiryDate: expired, ...IVANOVA });
	});

	// the officer, in Chinese, asks with the library's "new passport" question
	const officer = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
	await signIn(officer, ACCOUNTS.officer);
	await officer.goto(`/zh-hans/staff/review/${d.id}`);
	await expect(officer.getByTestId('decision-panel').getByRole('link', { name: '证件已过期' })).toBeVisible();
	await officer.getByLabel('问题库中的问题').selectOption({ label: '您的护照已过期。如您已换发新护照，请在下方更正护照号码和有效期，并提供新护照资料页照片。' });
	await officer.getByRole('button', { name: '使用该问题' }).click();
	await expect(officer.getByTestId('template-text')).toContainText('您的护照已过期');
	await officer.getByRole('button', { name: '要求申报人补充信息' }).click();
	await expect(officer.getByRole('status')).toContainText('已发送');

	// the resident, in Russian on a phone, corrects the number and expiry and sends the new page
	const resident = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
	await residentOpens(resident, 'ru', d);
	await expect(resident.getByTestId('question')).toContainText('Срок действия вашего паспорта истёк');
	await resident.locator('details.amend summary').click();
	await resident.locator('#number').fill('R0399848');
	await fillDate(resident, 'expiryDate', '2027-09-17');
	const page = await corpusPhoto(17, 10);
	await resident.locator('#passportPhoto').setInputFiles({ name: 'new-passport.jpg', mimeType: 'image/jpeg', buffer: page.jpeg });
	await resident.locator('#message').fill('Вот мой новый паспорт.');
	await expectNoAxeViolations(resident);
	await resident.locator('form[action*="/answer"] button[type=submit]').click();
	await expect(resident.getByTestId('own-answer')).toContainText('Вот мой новый паспорт.', { timeout: 150_000 });
	await expectNoAxeViolations(resident);

	// the officer's before/after: labels in Chinese, old and new values with what changed marked
	await officer.goto(`/zh-hans/staff/review/${d.id}`);
	const amendment = officer.getByTestId('amendment');
	await expect(amendment).toHaveCount(1);
	await expect(amendment.locator('thead')).toContainText('修改前');
	const number = amendment.locator('tr[data-field="document.number"]');
	await expect(number.locator('th')).toHaveText('证件号码');
	await expect(number.locator('td.before')).toHaveText(oldNumber);
	await expect(number.locator('td.after')).toHaveText('R0399848');
	await expect(number.locator('td.after mark')).not.toHaveCount(0);
	await expect(amendment.locator('tr[data-field="document.expiryDate"] td.after')).toHaveText('2027-09-17');
	// the old lines and the new page's lines
	const mrz = amendment.locator('tr[data-field="document.mrz"]');
	await expect(mrz.locator('td.before')).toContainText(`${oldNumber}`);
	await expect(mrz.locator('td.after')).toContainText(page.truth!.lines[0]);
	await expect(mrz.locator('td.after')).toContainText(page.truth!.lines[1]);
	await expect(officer.getByTestId('passport-read')).toHaveText('已读取新资料页的机读区，校验位全部正确。');
	// both pages, each loaded through the audited routes
	await loaded(amendment.getByTestId('photo-before').locator('img'));
	await loaded(amendment.getByTestId('photo-after').locator('img'));
	await expect(amendment.getByTestId('photo-before').locator('img')).toHaveAttribute('alt', `申报 ${d.reference} 的原护照资料页`);
	// the amended document's lines, compared with the corrected answers: nothing differs
	await expect(officer.locator('#answer-mrz pre.mrz')).toContainText(page.truth!.lines[1]);
	await expect(officer.locator('table.mrz-compare tbody tr')).toHaveCount(7);
	await expect(officer.locator('table.mrz-compare tr.differs')).toHaveCount(0);
	await expect(officer.getByTestId('mrz-source')).toContainText('读取自');
	// the rules ran again on the new passport: neither expired nor differing from its lines
	await expect(officer.getByTestId('decision-panel').getByRole('link', { name: '证件已过期' })).toHaveCount(0);
	await expect(officer.getByTestId('decision-panel').getByRole('link', { name: '机读码不一致' })).toHaveCount(0);
	await expectNoAxeViolations(officer);

	// the old number still finds it
	await officer.goto('/zh-hans/staff/review/lookup');
	await officer.locator('#documentNumber').fill(oldNumber);
	await officer.locator('#nationality').fill('RUS');
	await officer.getByRole('button', { name: '查询', exact: true }).click();
	const found = officer.getByRole('listitem').filter({ hasText: d.reference });
	await expect(found).toContainText('通过原护照号码查到');
	await expectNoAxeViolations(officer);
	await found.getByRole('link', { name: d.reference }).click();
	await expect(officer.locator('h1')).toHaveText(d.reference);

	// every view of the pages is in the audit log; nothing of the passport is in it in clear
	const db = e2eDb();
	try {
		const actions = (db.prepare('select action from audit_log where target_id = ?').all(d.id) as { action: string }[]).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['declaration.view', 'declaration.photo.view', 'declaration.attachment.view', 'declaration.lookup']));
		const rows = JSON.stringify(db.prepare('select * from declaration_events where declaration_id = ?').all(d.id));
		expect(rows).not.toContain(oldNumber);
		expect(rows).not.toContain('R0399848');
	} finally {
		db.close();
	}
	await officer.context().close();
	await resident.context().close();
});
