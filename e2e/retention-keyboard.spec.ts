import { test, expect } from '@playwright/test';
import { arrowToNav, expectAxeClean, signInAndSync, tabTo, useDemoHost } from './support';

/**
 * The retention screen by keyboard alone, as a compliance officer who does not use a mouse:
 * every control is reached with Tab, dialogs open with Enter and close with Escape (focus
 * back where it was), a policy is edited, dry-run and saved, a hold placed and released. Each
 * change syncs by itself (a queued command nudges the sync engine).
 */
const demoHost = useDemoHost();

test('a compliance officer edits a policy, runs a dry run and places and releases a hold by keyboard alone', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  // The navigation menu: focus its current item, then arrows move between items and Enter opens one.
  await arrowToNav(page, /Customers/, /Retention/);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('policies-table')).toContainText('Sign-in logs');

  // A dialog opened by keyboard closes with Escape and gives the focus back.
  await tabTo(page, 'policy-edit-sign_in_log');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('policy-form')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId('policy-edit-sign_in_log')).toBeFocused();

  // Edit: a period below the floor is refused with its reason, a valid one dry-runs and saves.
  await page.keyboard.press('Enter');
  await tabTo(page, 'policy-period');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2');
  await expect(page.getByTestId('policy-form')).toContainText('At least 6 months');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('9');
  await expect(page.getByTestId('policy-form')).not.toContainText('At least 6 months');
  await tabTo(page, 'policy-enabled');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('policy-enabled')).toHaveAttribute('aria-checked', 'true');
  await tabTo(page, 'policy-dry-run');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dry-run-result')).toContainText('would be affected');
  await tabTo(page, 'policy-save');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId('policy-state-sign_in_log')).toHaveText('On', { timeout: 30_000 });
  await expect(page.getByTestId('policies-table').locator('.ant-table-row', { hasText: 'Sign-in logs' })).toContainText('9 months');

  // A hold: the person picked by typing and arrows, the reason typed, saved with Enter.
  await tabTo(page, 'hold-open');
  await page.keyboard.press('Enter');
  await tabTo(page, 'hold-person');
  await page.keyboard.type('E000007');
  // Enter picks only an option of the text in the box (never a stale one): wait, as a person
  // would, until the list shows that number first.
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').first()).toContainText('E000007');
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await tabTo(page, 'hold-reason');
  await page.keyboard.type('Tax audit 2026-117');
  await tabTo(page, 'hold-save');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hold-reason')).toHaveCount(0);
  const row = page.getByTestId('holds-table').locator('.ant-table-row', { hasText: 'Tax audit' });
  await expect(row).toContainText('In force', { timeout: 30_000 });
  await expectAxeClean(page);

  // Released by keyboard: the confirm button stays disabled until a reason is typed.
  const release = (await row.locator('[data-testid^="hold-release-"]').getAttribute('data-testid'))!;
  await tabTo(page, release);
  await page.keyboard.press('Enter');
  await tabTo(page, 'hold-release-reason');
  await expect(page.getByTestId('hold-release-ok')).toBeDisabled();
  await page.keyboard.type('Audit closed');
  await tabTo(page, 'hold-release-ok');
  await page.keyboard.press('Enter');
  await expect(row).toContainText('Released', { timeout: 30_000 });
  await expectAxeClean(page);

  // Run the enabled policies now: the demo's two years of sign-ins reach the 9-month policy.
  await tabTo(page, 'run-now');
  await page.keyboard.press('Enter');
  await tabTo(page, 'run-now-ok');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('runs-table')).toContainText(/Sign-in logs: \d+ deleted/, { timeout: 60_000 });

  // The audit log shows those sign-ins cleared, and the chain still verifies.
  await arrowToNav(page, /Retention/, /Audit/);
  await page.keyboard.press('Enter');
  await tabTo(page, 'audit-actor');
  await page.keyboard.type('Cleared');
  // The actors are read when the screen opens: Enter picks the option once it is listed (as a person would wait to see it).
  await expect(page.locator('.ant-select-item-option', { hasText: 'Cleared (retention)' })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  const table = page.getByTestId('audit-table');
  await expect(table.locator('.ant-table-row').first()).toContainText('Deleted by retention', { timeout: 30_000 });
  await expect(table.locator('.ant-table-row').first()).toContainText('Cleared (retention)');
  await tabTo(page, 'audit-verify', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('audit-verdict')).toContainText(/The chain is intact.*of them had their personal part cleared/s, { timeout: 30_000 });
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/audit-redacted-en.png', fullPage: true });
});
