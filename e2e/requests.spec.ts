import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { Uint8ArrayReader, ZipReader } from '@zip.js/zip.js';
import { expectAxeClean, nav, signInAndSync, submitSignIn, useDemoHost } from './support';

/**
 * Data-subject requests through the real UI, as the compliance officer: a request taken in
 * with only the identifiers the person gave, discovery finding them by email and name, matched,
 * verified, the copy built encrypted (its progress shown, the zip opened here), fulfilled and
 * delivered; an overdue request counted in the navigation and refused on a listed ground; an
 * org admin kept out of the register.
 */
const demoHost = useDemoHost();
const SUBJECT = { id: 'e000005', name: 'Noah Nelson', email: 'noah.nelson@custos-demo.example' };
const PASSWORD = 'correct horse battery';

/** Waits until the console has sent what was queued (it sends at once; the drawer covers the sync button). */
async function sent(page: Page) {
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('request-queued')).toHaveCount(0, { timeout: 30_000 });
}

async function choose(page: Page, testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toLocaleDateString('en-CA');

test('a compliance officer takes a copy request from intake to delivery', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await nav(page, /Data requests/).click();
  await expect(page.getByTestId('page-requests')).toContainText('No requests here.');
  await expectAxeClean(page);

  // Intake: only what the person wrote to us (an email in other case, a name).
  await page.getByTestId('request-register-open').click();
  await page.getByTestId('request-name').fill(SUBJECT.name);
  await page.getByTestId('request-email').fill(SUBJECT.email.toUpperCase());
  await expect(page.getByTestId('request-register-form')).toContainText('Due on');
  await expectAxeClean(page);
  await page.getByTestId('request-register-ok').click();

  const drawer = page.getByTestId('request-drawer');
  await expect(drawer).toContainText('Received');
  await sent(page);
  await expect(page.locator('.ant-drawer-title')).toContainText(/DSR-\d{4}-\d{4}/, { timeout: 15_000 });

  // Discovery finds the employee by email and name; the officer matches the request to them.
  const subjects = page.getByTestId('discovery-subjects');
  await expect(subjects).toContainText(SUBJECT.name);
  await expect(subjects).toContainText('email');
  await page.getByTestId(`discovery-match-${SUBJECT.id}`).click();
  await sent(page);
  await expect(page.getByTestId('request-facts')).toContainText(SUBJECT.name);

  // No copy before the identity is verified.
  await expect(page.getByTestId('package-panel')).toHaveCount(0);
  await page.getByTestId('request-verify').click();
  await choose(page, 'verify-select', 'Identity document');
  await page.getByTestId('verify-text').fill('Passport checked on a video call');
  await expectAxeClean(page);
  await page.getByTestId('verify-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-status')).toHaveText('Verified', { timeout: 15_000 });

  // The copy: unencrypted needs an explicit acknowledgement; with a password it is AES-encrypted.
  const build = page.getByTestId('package-build');
  await expect(page.getByTestId('discovery-table')).toContainText('Employee profile');
  await expect(build).toBeDisabled();
  await expect(page.getByTestId('package-panel')).toContainText('not encrypted');
  await page.getByTestId('package-password').fill(PASSWORD);
  await page.getByTestId('package-password-confirm').fill(PASSWORD);
  await expect(build).toBeEnabled();
  await expectAxeClean(page);
  const downloading = page.waitForEvent('download');
  await build.click();
  const download = await downloading;
  await expect(page.getByTestId('package-progress')).toContainText('Done');
  await expect(page.getByTestId('package-result')).toContainText('Encrypted');
  const zip = new ZipReader(new Uint8ArrayReader(readFileSync((await download.path())!)), { password: PASSWORD });
  const entries = await zip.getEntries();
  expect(entries.map((e) => e.filename)).toEqual(expect.arrayContaining(['data.json', 'schema.json', 'report.pdf', 'manifest.json', 'csv/employee_profile.csv']));
  expect(entries.every((e) => e.encrypted)).toBe(true);
  await page.screenshot({ path: 'test-results/screenshots/request-package-en.png', fullPage: true });

  await page.getByTestId('request-fulfil').click();
  await expect(page.getByTestId('fulfil-text')).toHaveValue(/Copy of the personal information built/);
  await page.getByTestId('fulfil-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-status')).toHaveText('Fulfilled', { timeout: 15_000 });

  await page.getByTestId('request-deliver').click();
  await choose(page, 'deliver-select', 'Secure portal');
  await page.getByTestId('deliver-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-status')).toHaveText('Delivered', { timeout: 15_000 });
  const history = page.getByTestId('request-history');
  for (const step of ['Registered', 'Updated', 'Identity verified', 'Fulfilled', 'Delivered']) await expect(history).toContainText(step);

  // The history for a regulator.
  const exporting = page.waitForEvent('download');
  await page.getByTestId('request-history-export').click();
  await page.locator('.ant-dropdown:visible').getByText('CSV').click();
  const csv = readFileSync((await (await exporting).path())!, 'utf8');
  expect(csv).toContain('request.deliver');
  expect(csv).toContain('Demo Compliance Officer');
  await expectAxeClean(page);

  await page.keyboard.press('Escape');
  await page.getByTestId('requests-filter').getByText('Closed').click();
  await expect(page.getByTestId('requests-table')).toContainText('Delivered');
});

test('an overdue request stands out, is counted in the navigation, and is refused only on a listed ground', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await nav(page, /Data requests/).click();
  await page.getByTestId('request-register-open').click();
  await choose(page, 'request-type', 'Deletion');
  await page.getByTestId('request-name').fill('Anaïs Thomas');
  await page.getByTestId('request-received').fill(daysAgo(40));
  await choose(page, 'request-regime', '30 days');
  await page.getByTestId('request-register-ok').click();
  await sent(page);
  await page.keyboard.press('Escape');

  const row = page.getByTestId('requests-table').locator('.ant-table-row', { hasText: 'Anaïs Thomas' });
  await expect(row).toContainText('Overdue', { timeout: 15_000 });
  await expect(page.getByTestId('nav-requests')).toContainText('1', { timeout: 40_000 });

  await row.locator('[data-testid^="request-open-"]').click();
  // The officer may flag a fee for a repeated request.
  await page.getByTestId('request-repeat-fee').click();
  await sent(page);
  await expect(page.getByTestId('request-repeat-fee')).toBeChecked({ timeout: 15_000 });
  await page.getByTestId('request-refuse').click();
  await choose(page, 'refuse-select', 'Groundless repetition');
  await page.getByTestId('refuse-text').fill('Too short');
  await page.getByTestId('refuse-ok').click();
  await expect(page.locator('.ant-modal')).toContainText('At least 10 characters');
  await page.getByTestId('refuse-text').fill('The same request was answered twice this month with no new facts.');
  await page.getByTestId('refuse-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-status')).toHaveText('Refused', { timeout: 15_000 });
  await expectAxeClean(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('nav-requests')).not.toContainText('1', { timeout: 40_000 });

  // The register in Chinese.
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '简体中文' }).click();
  await page.getByTestId('requests-filter').getByText('全部').click();
  await expect(page.getByTestId('requests-table')).toContainText('已拒绝');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/requests-zh-CN.png', fullPage: true });
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'English' }).click();
});

async function switchLanguage(page: Page, label: string) {
  await page.getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('the deadline waits while the officer waits for proof of identity, then moves on by the days paused', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await nav(page, /Data requests/).click();
  await page.getByTestId('request-register-open').click();
  await page.getByTestId('request-name').fill('Jade Moreau');
  await page.getByTestId('request-received').fill(daysAgo(10));
  await page.getByTestId('request-register-ok').click();
  await sent(page);
  await expect(page.locator('.ant-drawer-title')).toContainText(/DSR-\d{4}-\d{4}/, { timeout: 15_000 });
  const due = (await page.getByTestId('request-due').textContent())!;

  // Paused a week ago, when the officer asked for a copy of the ID card.
  await page.getByTestId('request-pause').click();
  await expect(page.locator('.ant-modal')).toContainText('working days paused');
  await choose(page, 'pause-select', 'Proof of identity');
  await page.getByTestId('pause-date').fill(daysAgo(7));
  await page.getByTestId('pause-text').fill('Asked by email for a copy of the ID card');
  await expectAxeClean(page);
  await page.getByTestId('pause-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-paused')).toContainText('Proof of identity from the requester', { timeout: 15_000 });
  await expect(page.getByTestId('request-paused')).toContainText('Asked by email for a copy of the ID card');
  await expect(page.getByTestId('request-due').getByTestId('due-paused')).toBeVisible();
  // Closing the request waits for the clock to resume.
  await expect(page.getByTestId('request-refuse')).toBeDisabled();
  await expect(page.getByTestId('request-pause')).toHaveCount(0);
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/request-paused-en.png', fullPage: true });

  // The register says it too; and the drawer in Chinese and French.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('request-drawer')).toHaveCount(0);
  const row = page.getByTestId('requests-table').locator('.ant-table-row', { hasText: 'Jade Moreau' });
  await expect(row.getByTestId('due-paused')).toBeVisible();
  for (const [label, paused] of [['简体中文', '请求人提供身份证明'], ['Français', 'Preuve d’identité du demandeur']] as const) {
    await switchLanguage(page, label);
    await row.locator('[data-testid^="request-open-"]').click();
    await expect(page.getByTestId('request-paused')).toContainText(paused);
    await expectAxeClean(page);
    await page.screenshot({ path: `test-results/screenshots/request-paused-${label === 'Français' ? 'fr' : 'zh-CN'}.png`, fullPage: true });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('request-drawer')).toHaveCount(0);
  }
  await switchLanguage(page, 'English');

  // Resumed today: the deadline moves on by the working days paused.
  await row.locator('[data-testid^="request-open-"]').click();
  await page.getByTestId('request-resume').click();
  await expect(page.getByTestId('resume-date')).toHaveValue(daysAgo(0));
  await page.getByTestId('resume-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-paused')).toHaveCount(0, { timeout: 15_000 });
  await expect(page.getByTestId('request-due')).toContainText(/moved by \d+ working days? paused/);
  await expect(page.getByTestId('request-due')).not.toHaveText(due);
  const history = page.getByTestId('request-history');
  await expect(history).toContainText('Deadline paused');
  await expect(history).toContainText(/Deadline resumed.*deadline moved by \d+ working days? to/);
  await expect(page.getByTestId('request-pause')).toBeVisible();
  await expectAxeClean(page);
});

test('a correction: the compliance officer verifies and hands over, a super admin corrects through the usual form', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await nav(page, /Data requests/).click();
  await page.getByTestId('request-register-open').click();
  await choose(page, 'request-type', 'Correction');
  await page.getByTestId('request-subject-type').getByText('Employee').click();
  await page.getByTestId('request-subject').click();
  // The picker offers only matches of the text in the box: after "E" it lists many people; the
  // moment the rest of the number is typed, none of them may still be offered (it says it is
  // loading instead), so a quick Enter cannot take one of them (it once took 叶斌薇).
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await page.keyboard.type('E');
  await expect(options.first()).toBeVisible();
  await page.keyboard.type('000012');
  const offered = await page.evaluate(() => [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].map((o) => o.textContent ?? ''));
  expect(offered.filter((o) => !o.includes('E000012'))).toEqual([]);
  // As a person would: wait until the list shows the number typed (first: an exact number ranks first), then Enter.
  await expect(options.first()).toContainText('Anaïs Thomas · E000012');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(page.getByTestId('request-subject')).toContainText('Anaïs Thomas');
  await page.getByTestId('request-notes').fill('Asks to fix her job title');
  // Submitted from the keyboard.
  await page.getByTestId('request-register-ok').focus();
  await page.keyboard.press('Enter');
  await sent(page);
  await expect(page.getByTestId('request-facts')).toContainText('Anaïs Thomas', { timeout: 15_000 });
  await expect(page.locator('.ant-drawer-title')).toContainText(/DSR-\d{4}-\d{4}/, { timeout: 15_000 });
  const reference = (await page.locator('.ant-drawer-title').textContent())!.replace('Request ', '');

  await page.getByTestId('request-verify').click();
  await choose(page, 'verify-select', 'Call-back');
  await page.getByTestId('verify-text').fill('Called back on the mobile on file');
  await page.getByTestId('verify-ok').click();
  await sent(page);
  await expect(page.getByTestId('correction-panel')).toContainText('corrected by an administrator', { timeout: 15_000 });
  await expect(page.getByTestId('request-correct')).toHaveCount(0);
  await expectAxeClean(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('request-drawer')).toHaveCount(0);

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-confirm').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await submitSignIn(page, 'admin@custos-demo.example');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
  await nav(page, /Data requests/).click();
  await page.getByTestId('requests-table').getByText(reference).click();
  const correct = page.getByTestId('request-correct');
  await expect(correct).toBeEnabled({ timeout: 15_000 });
  await correct.click();
  await page.getByTestId('edit-employee-form').getByLabel(/Title/).fill('Head of Field Sales');
  await page.getByTestId('correction-save').click();
  await expect(page.getByTestId('edit-employee-form')).toHaveCount(0);
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
  await page.getByTestId('request-fulfil').click();
  await page.getByTestId('fulfil-text').fill('Job title corrected to Head of Field Sales');
  await page.getByTestId('fulfil-ok').click();
  await sent(page);
  await expect(page.getByTestId('request-status')).toHaveText('Fulfilled', { timeout: 15_000 });
  await expect(page.getByTestId('discovery-table')).toContainText('Head of Field Sales');
  await expectAxeClean(page);
});

test('an org admin is kept out of the register', async ({ page }) => {
  await signInAndSync(page, demoHost().url, 'orgadmin@custos-demo.example');
  await nav(page, /Data requests/).click();
  await expect(page.getByTestId('requests-not-for-role')).toBeVisible();
  await expect(page.getByTestId('request-register-open')).toHaveCount(0);
  await expectAxeClean(page);
});
