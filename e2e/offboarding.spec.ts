import { test, expect, type Page } from '@playwright/test';
import { expectAxeClean, nav, signInAndSync, useDemoHost } from './support';

/**
 * Offboarding through the real UI and the browser host with its embedded demo cloud: one
 * leaver ticked in a department, the impact preview, successors, immediate handover, the
 * history with its steps and the handover report; then a bulk file with a bad line and a good one.
 */
const demoHost = useDemoHost();

interface Hit {
  id: string;
  name: string;
  employeeNo: string;
  status: string;
}

/** Active employees, read through the host's API (the same the console uses). */
async function activeEmployees(page: Page): Promise<Hit[]> {
  const host = demoHost();
  const res = await page.request.post(`${host.origin}/api/org.search`, { data: { query: 'E0000', limit: 200 }, headers: { authorization: `Bearer ${host.token}` } });
  const body = (await res.json()) as { ok: boolean; value: { rows: Hit[] } };
  return body.value.rows.filter((r) => r.status === 'active');
}

async function pickPerson(page: Page, testId: string, query: string, name: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(query);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('an admin offboards one employee at once and gets the handover report', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAndSync(page, demoHost().url);
  // The first department with members; tick its first active employee.
  await page.getByTestId('department-tree').locator('[data-dept-id]').nth(1).click();
  const table = page.getByTestId('employee-table');
  const row = table.locator('.ant-table-row', { has: page.locator('[data-status="active"]') }).first();
  await expect(row).toBeVisible();
  const leaverName = (await row.locator('.ant-table-cell').nth(1).innerText()).trim();
  await row.locator('input[type="checkbox"]').check();
  await page.getByTestId('offboard-open').click();

  await expect(page.getByTestId('offboard-impact')).toContainText(leaverName);
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/offboard-impact-en.png' });
  await page.getByTestId('offboard-next').click();

  const successor = (await activeEmployees(page)).find((e) => e.name !== leaverName)!;
  await pickPerson(page, 'successor-customers', successor.employeeNo, successor.name);
  await pickPerson(page, 'successor-tasks', successor.employeeNo, successor.name);
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/offboard-plan-en.png' });
  await page.getByTestId('offboard-confirm').click();

  // The history: queued until the cloud applies it, then completed with its steps and report.
  await expect(page.getByTestId('page-offboarding')).toBeVisible();
  const history = page.getByTestId('offboarding-table');
  const entry = history.locator('.ant-table-row', { hasText: leaverName }).first();
  await expect(entry).toBeVisible();
  await page.getByTestId('sync-now').click();
  await expect(entry.locator('[data-testid^="offboarding-status-"]')).toHaveText('Completed', { timeout: 30_000 });
  await entry.locator('.ant-table-row-expand-icon').click();
  await expect(page.locator('[data-testid^="offboarding-details-"]').first()).toContainText('Handover');
  await expectAxeClean(page);
  const download = page.waitForEvent('download');
  await entry.locator('[data-testid^="report-csv-"]').click();
  expect((await download).suggestedFilename()).toMatch(/^handover-.*\.csv$/);
  const pdf = page.waitForEvent('download');
  await entry.locator('[data-testid^="report-pdf-"]').click();
  expect((await pdf).suggestedFilename()).toMatch(/^handover-.*\.pdf$/);
  await page.screenshot({ path: 'test-results/screenshots/offboarding-history-en.png', fullPage: true });

  // The leaver shows as departed in the organisation.
  await nav(page, /Organisation/).click();
  await page.getByTestId('people-search').locator('input').fill(leaverName);
  await expect(page.locator('[data-testid^="search-hit-"]').first()).toBeVisible();
});

test('a bulk file is checked line by line before anything is queued', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAndSync(page, demoHost().url);
  const people = (await activeEmployees(page)).slice(-3);
  const [a, b, successor] = people as [Hit, Hit, Hit];
  await nav(page, /Offboarding/).click();
  await page.getByTestId('bulk-open').click();

  const bad = page.waitForEvent('filechooser');
  await page.getByTestId('bulk-file').click();
  await (await bad).setFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`工号,最后工作日,接收人工号\n${a.employeeNo},,${successor.employeeNo}\nNOPE,2099-13-01,${successor.employeeNo}\n`) });
  await expect(page.getByTestId('bulk-error')).toHaveCount(1);
  await expect(page.getByTestId('bulk-error')).toContainText('no such employee');
  await expect(page.getByTestId('bulk-error')).toContainText('not a date');
  await expect(page.getByTestId('bulk-confirm')).toBeDisabled();
  await expectAxeClean(page);

  const good = page.waitForEvent('filechooser');
  await page.getByTestId('bulk-file').click();
  await (await good).setFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`工号,最后工作日,接收人工号\n${a.employeeNo},,${successor.employeeNo}\n${b.employeeNo},2099-12-31,${successor.employeeNo}\n`) });
  await expect(page.getByTestId('bulk-lines')).toContainText(b.employeeNo);
  await expect(page.getByTestId('bulk-error')).toHaveCount(0);
  await page.getByTestId('bulk-confirm').click();
  await page.getByTestId('sync-now').click();
  const history = page.getByTestId('offboarding-table');
  await expect(history.locator('.ant-table-row', { hasText: a.employeeNo }).locator('[data-testid^="offboarding-status-"]')).toHaveText('Completed', { timeout: 30_000 });
  const scheduled = history.locator('.ant-table-row', { hasText: b.employeeNo });
  await expect(scheduled.locator('[data-testid^="offboarding-status-"]')).toHaveText('Scheduled');
  // A scheduled one can be cancelled before it runs.
  await scheduled.locator('[data-testid^="cancel-"]').click();
  await page.locator('.ant-popconfirm .ant-btn-primary').click();
  await page.getByTestId('sync-now').click();
  await expect(scheduled.locator('[data-testid^="offboarding-status-"]')).toHaveText('Cancelled', { timeout: 30_000 });
  await expectAxeClean(page);
});
