import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { expectAxeClean, nav, signInAndSync, useDemoHost } from './support';

/**
 * The audit log as an auditor reads it: the cloud's events, a verification of the hash chain,
 * an export (which the log then shows), a filter, all by keyboard where it matters; an org
 * admin is offered no audit log.
 */
const demoHost = useDemoHost();

test('an auditor reads, verifies, exports and filters the audit log', async ({ page }) => {
  await signInAndSync(page, demoHost().url, 'auditor@custos-demo.example');
  await nav(page, /Audit|审计|Audit/).click();
  const table = page.getByTestId('audit-table');
  await expect(table.locator('.ant-table-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('audit-count')).toContainText(/Showing \d+ of \d+ events?/);

  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-verdict')).toContainText(/The chain is intact: \d+ events? verified/);

  const downloading = page.waitForEvent('download');
  await page.getByTestId('audit-export-csv').click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^custos-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv.startsWith('\ufeffseq,at,actor,actorId,action,targetType,targetId,details,redaction,actionName,description')).toBe(true);
  expect(csv).toContain('auth.signIn,');
  expect(csv).toContain('Signed in to the console');

  // The export is on record: filter the log to it, choosing the action by keyboard.
  const action = page.getByTestId('audit-action');
  await action.click();
  await page.keyboard.type('Audit log exp');
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').first()).toContainText('Audit log exported');
  await page.keyboard.press('Enter');
  await expect(table.locator('.ant-table-row')).toHaveCount(1);
  // In words: the action named, the details told as a sentence; the codes and ids on demand.
  const row = table.locator('.ant-table-row').first();
  await expect(row).toContainText('Audit log exported');
  await expect(row.getByTestId('audit-sentence')).toHaveText(/^Exported the audit log: \d+ events? \(CSV\)$/);
  await expect(row).toContainText('Demo Auditor');
  await expect(row).not.toContainText('audit.export');
  await page.getByTestId('audit-show-ids').click();
  await expect(row).toContainText('audit.export');
  await expect(row).toContainText('"format":"csv"');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/audit-en.png', fullPage: true });
});

test('an org admin is offered no audit log', async ({ page }) => {
  await signInAndSync(page, demoHost().url, 'orgadmin@custos-demo.example');
  await expect(nav(page, /Organisation/)).toBeVisible();
  await expect(nav(page, /^Audit$/)).toHaveCount(0);
});
