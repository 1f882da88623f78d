import { test, expect, type Page } from '@playwright/test';
import { expectAxeClean, nav, signInAndSync, useDemoHost } from './support';

/**
 * Organisation management through the real UI and the browser host with its embedded demo
 * cloud: department create / rename / move, a new employee, an audited reveal, pinyin search,
 * a role assignment, a CSV import (a bad file first), an export; and an auditor who is offered
 * none of it.
 */
const demoHost = useDemoHost();
const signIn = (page: Page, email: string) => signInAndSync(page, demoHost().url, email);

const node = (page: Page, text: string) => page.getByTestId('department-tree').locator('.custos-tree-name', { hasText: text }).first();
const dialogOk = (page: Page) => page.getByTestId('dept-dialog-ok');
const synced = async (page: Page) => {
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('sync-issues-count')).toHaveCount(0);
};

test('an admin manages departments, people, roles, import and export', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, 'admin@custos-demo.example');
  const root = page.getByTestId('department-tree').locator('[data-dept-id="d00001"]');
  await root.click();
  await expect(page.getByTestId('department-actions')).toBeVisible();

  // Create a sub-department under the root, rename it, then move it under another one.
  await page.getByTestId('dept-create').click();
  await page.getByTestId('dept-name').fill('E2E 测试部');
  await dialogOk(page).click();
  await expect(node(page, 'E2E 测试部')).toBeVisible();
  await expect(page.getByTestId('employees-heading')).toHaveText('E2E 测试部');
  await page.getByTestId('dept-rename').click();
  await page.getByTestId('dept-name').fill('E2E Team');
  await dialogOk(page).click();
  await expect(page.getByTestId('employees-heading')).toHaveText('E2E Team');
  await page.getByTestId('dept-move').click();
  await page.getByTestId('dept-move-target').click();
  await page.keyboard.type('d');
  const target = page.locator('.ant-select-tree-node-content-wrapper').nth(1);
  const targetName = (await target.innerText()).trim();
  await target.click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expectAxeClean(page);
  await dialogOk(page).click();
  await synced(page);

  // A new employee in it.
  await page.getByTestId('employee-create').click();
  await page.getByTestId('employee-name').fill('欧阳测试');
  await page.getByTestId('employee-no').fill('E2E0001');
  await page.getByTestId('employee-mobile').fill('+86 139 0000 7777');
  await page.getByTestId('employee-email').fill('ouyang.e2e@example.com');
  await page.getByTestId('employee-idNumber').fill('11010119900307123X');
  await expectAxeClean(page);
  await page.getByTestId('employee-save').click();
  await expect(page.getByTestId('employee-table')).toContainText('欧阳测试');
  await synced(page);

  // Pinyin initials find the new person; opening shows sensitive fields masked; a reveal shows one.
  await page.getByTestId('people-search').locator('input').fill('oycs');
  await page.locator('[data-testid^="search-hit-"]', { hasText: '欧阳测试' }).click();
  await expect(page.getByTestId('employee-form')).toBeVisible();
  await expect(page.getByTestId('employee-idNumber')).toHaveAttribute('placeholder', /110\*+123X/);
  await page.getByTestId('reveal-idNumber').click();
  await expect(page.getByTestId('employee-idNumber')).toHaveValue('11010119900307123X');
  await page.screenshot({ path: 'test-results/screenshots/employee-form-en.png' });
  await page.keyboard.press('Escape');

  // Org chart of the department.
  await page.getByRole('tab', { name: 'Org chart' }).click();
  await expect(page.getByTestId('chart-node').first()).toContainText('欧阳测试');

  // Roles: make the new person an org admin of the new department.
  await nav(page, /Admin roles/).click();
  await expect(page.getByTestId('roles-table')).toBeVisible();
  await page.getByTestId('role-assign').click();
  await page.getByTestId('role-person').click();
  await page.keyboard.type('E2E0001');
  await page.locator('.ant-select-item-option', { hasText: '欧阳测试' }).click();
  await page.getByTestId('role-role').click();
  await page.locator('.ant-select-item-option', { hasText: 'Organisation admin' }).click();
  await page.getByTestId('role-scope').click();
  await page.keyboard.type('E2E Team');
  await page.locator('.ant-select-tree-node-content-wrapper', { hasText: 'E2E Team' }).click();
  await page.keyboard.press('Escape');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expectAxeClean(page);
  await page.getByTestId('role-assign-ok').click();
  await expect(page.getByTestId('roles-table')).toContainText('欧阳测试');
  await synced(page);
  await page.reload();
  await expect(page.getByTestId('roles-table')).toContainText('E2E Team');
  await expectAxeClean(page);

  // Import: a bad file reports row and column; a good one is confirmed and arrives.
  await nav(page, /Organisation/).click();
  await page.getByTestId('import-open').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`工号,姓名,部门,邮箱\nE2E0100,甲,${targetName}/E2E Team,not-an-email\n`) });
  await expect(page.getByTestId('import-error')).toHaveCount(1);
  await expect(page.getByTestId('import-error').first()).toContainText('2');
  await expect(page.getByTestId('import-error').first()).toContainText('邮箱');
  await expect(page.getByTestId('import-confirm')).toBeDisabled();
  await expectAxeClean(page);
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser2).setFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`工号,姓名,部门,邮箱\nE2E0100,甲一,${targetName}/E2E Team/Imported,jia@example.com\nE2E0101,乙二,${targetName}/E2E Team,yi@example.com\n`) });
  await expect(page.getByTestId('import-rows')).toContainText('E2E0101');
  await page.getByTestId('import-confirm').click();
  await synced(page);
  await page.getByTestId('people-search').locator('input').fill('E2E010');
  await expect(page.locator('[data-testid^="search-hit-"]')).toHaveCount(2);
  await page.keyboard.press('Escape');

  // Export CSV.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^organisation-.*\.csv$/);
  await page.screenshot({ path: 'test-results/screenshots/organisation-manage-en.png', fullPage: true });
});

test('an auditor is offered no changes', async ({ page }) => {
  await signIn(page, 'auditor@custos-demo.example');
  await page.getByTestId('department-tree').locator('[data-dept-id="d00001"]').click();
  await expect(page.getByTestId('employees-heading')).toBeVisible();
  await expect(page.getByTestId('department-actions')).toHaveCount(0);
  await expect(page.getByTestId('employee-create')).toHaveCount(0);
  await expect(page.getByTestId('import-open')).toHaveCount(0);
  await expect(page.getByTestId('export-csv')).toHaveCount(0);
  await nav(page, /Admin roles/).click();
  await expect(page.getByTestId('roles-table')).toBeVisible();
  await expect(page.getByTestId('role-assign')).toHaveCount(0);
  await expect(page.locator('[data-testid^="revoke-"]')).toHaveCount(0);
  await expectAxeClean(page);
});
