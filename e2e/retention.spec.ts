import { test, expect } from '@playwright/test';
import { expectAxeClean, nav, signInAndSync, useDemoHost } from './support';

/**
 * Retention settings through the real UI, as the compliance officer: a period under its legal
 * floor is refused with the reason before anything is sent, a valid policy is saved and synced,
 * a legal hold is placed on a person and released; an auditor may only look.
 */
const demoHost = useDemoHost();

test('a compliance officer edits a policy within its bounds and places and releases a hold', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await nav(page, /Retention/).click();
  await expect(page.getByTestId('policies-table')).toContainText('Operation logs');
  // The dashboard: a chart of data held by age, with the same numbers in a table for screen readers.
  await expect(page.getByTestId('retention-dashboard').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('retention-age-table')).toContainText('Customer contacts');
  await expectAxeClean(page);

  // A dry run of a draft policy says what it would reach, before anything is enabled.
  await page.getByTestId('policy-edit-departed_employee_profile').click();
  await page.getByTestId('policy-dry-run').click();
  await expect(page.getByTestId('dry-run-result')).toContainText('would be affected');
  await expectAxeClean(page);
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Export packages are never kept, and the dry run says so rather than counting nothing.
  await page.getByTestId('policy-edit-export_package').click();
  await page.getByTestId('policy-dry-run').click();
  await expect(page.getByTestId('dry-run-result')).toContainText('Custos keeps no export packages');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByTestId('policy-edit-operation_log').click();
  const period = page.getByTestId('policy-period');
  await period.fill('3');
  await expect(page.getByTestId('policy-form')).toContainText('At least 6 months');
  await expect(page.getByTestId('policy-save')).toBeDisabled();
  await period.fill('12');
  await page.getByTestId('policy-dry-run').click();
  await expect(page.getByTestId('dry-run-result')).toContainText('would be affected');
  await page.getByTestId('policy-enabled').click();
  await expectAxeClean(page);
  await page.getByTestId('policy-save').click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('policy-state-operation_log')).toHaveText('On', { timeout: 30_000 });
  await expect(page.getByTestId('policies-table').locator('.ant-table-row', { hasText: 'Operation logs' })).toContainText('12 months');

  await page.getByTestId('hold-open').click();
  await page.getByTestId('hold-person').click();
  await page.keyboard.type('E000005');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'E000005' }).first().click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await page.getByTestId('hold-reason').fill('Labour arbitration case 2026-041');
  await expectAxeClean(page);
  await page.getByTestId('hold-save').click();
  await page.getByTestId('sync-now').click();
  const row = page.getByTestId('holds-table').locator('.ant-table-row', { hasText: 'Labour arbitration' });
  await expect(row).toContainText('In force', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots/retention-en.png', fullPage: true });
  await row.locator('[data-testid^="hold-release-"]').click();
  await page.getByTestId('hold-release-reason').fill('Case closed');
  await page.getByTestId('hold-release-ok').click();
  await page.getByTestId('sync-now').click();
  await expect(row).toContainText('Released', { timeout: 30_000 });
  await expectAxeClean(page);

  // Run the enabled policies now: the run is listed with what it did.
  await page.getByTestId('run-now').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await expect(page.getByTestId('runs-table')).toContainText('Run now', { timeout: 30_000 });
  await expectAxeClean(page);
});

test('an auditor sees the policies and holds but cannot change them', async ({ page }) => {
  await signInAndSync(page, demoHost().url, 'auditor@custos-demo.example');
  await nav(page, /Retention/).click();
  await expect(page.getByTestId('policies-table')).toBeVisible();
  await expect(page.locator('[data-testid^="policy-edit-"]')).toHaveCount(0);
  await expect(page.getByTestId('hold-open')).toHaveCount(0);
  await expect(page.getByTestId('preset-open')).toHaveCount(0);
  await expect(page.getByTestId('disposition-runs')).toHaveCount(0);
  await expectAxeClean(page);
});
