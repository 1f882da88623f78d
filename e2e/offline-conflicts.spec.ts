import { test, expect, type Page } from '@playwright/test';
import { and, eq } from 'drizzle-orm';
import { customer } from '../cloud/db/schema';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../cloud/seed/demo';
import { startCloud, type RunningCloud } from '../cloud/server';
import { writeServerFields } from '../cloud/sync/versioning';
import { startFaultProxy, type FaultProxy } from '../tests/faults/proxy';
import { removeDir, startHost, type RunningHost } from './host';
import { expectAxeClean, nav } from './support';

/**
 * Offline work and conflicts through the real UI: the cloud runs in this test process behind a
 * proxy the test can take down, so the console goes offline, queues edits, and meets edits made
 * in the cloud meanwhile. A conflict shows in Sync issues with both values; retry sends the
 * admin's value, discard keeps the cloud's.
 */
let cloud: RunningCloud;
let proxy: FaultProxy;
let host: RunningHost;

test.beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', employees: 200, customers: 120, approvals: 50 } });
  proxy = await startFaultProxy(cloud.url);
  host = await startHost({ CUSTOS_CLOUD_URL: proxy.url });
});
test.afterAll(async () => {
  await host?.stop();
  if (host) removeDir(host.dataDir);
  await proxy?.close();
  await cloud?.close();
});

async function cloudName(id: string): Promise<string | undefined> {
  const rows = await cloud.db.select({ name: customer.name }).from(customer).where(and(eq(customer.tenantId, DEMO_TENANT_ID), eq(customer.id, id)));
  return rows[0]?.name;
}

/** Filters the customer list by `text` and expects a row showing it. */
async function expectListed(page: Page, text: string) {
  await page.getByTestId('customer-search').locator('input').fill(text);
  await expect(page.getByTestId('customer-table').locator('[data-testid^="customer-open-"]', { hasText: text }).first()).toBeVisible();
  await page.getByTestId('customer-search').locator('input').fill('');
}

/** Opens the customer drawer of the n-th row, renames it, and returns its id and old name. */
async function renameCustomer(page: Page, row: number, newName: string): Promise<{ id: string; oldName: string }> {
  const open = page.getByTestId('customer-table').locator('[data-testid^="customer-open-"]').nth(row);
  const id = ((await open.getAttribute('data-testid')) ?? '').replace('customer-open-', '');
  const oldName = (await open.innerText()).trim();
  await open.click();
  const drawer = page.getByTestId('customer-drawer');
  await drawer.getByTestId('customer-edit').click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('customer-save') });
  await dialog.getByLabel('Name', { exact: true }).fill(newName);
  await page.getByTestId('customer-save').click();
  await expect(dialog).toBeHidden();
  await expect(drawer.getByTestId('customer-name')).toHaveText(newName);
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  return { id, oldName };
}

test('offline edits queue, conflicts surface with both values, retry and discard resolve them', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(host.url);
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel(/email/i).fill(DEMO_ADMIN_EMAIL);
  await form.getByLabel(/password/i).fill(DEMO_ADMIN_PASSWORD);
  await form.getByRole('button').last().click();
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });

  await nav(page, /Customers/).click();
  await expect(page.getByTestId('customer-table').locator('.ant-table-row').first()).toBeVisible();

  // ---- Offline: the frame says so, edits are queued and shown at once --------------------
  proxy.down = true;
  await page.getByTestId('sync-now').click();
  await expect(status).toHaveAttribute('data-state', 'offline');
  const first = await renameCustomer(page, 0, 'Renamed offline (mine)');
  const second = await renameCustomer(page, 1, 'Second offline edit (mine)');
  await expect(page.getByTestId('sync-queued')).toHaveAttribute('data-count', '2');
  await expectListed(page, 'Renamed offline (mine)');
  await page.screenshot({ path: 'test-results/screenshots/offline-queued-en.png', fullPage: true });

  // Meanwhile someone renames both customers in the cloud.
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'customer', first.id, { name: 'Cloud rename 1' });
  await writeServerFields(cloud.db, DEMO_TENANT_ID, 'customer', second.id, { name: 'Cloud rename 2' });

  // ---- Back online: both edits are rejected as conflicts and rolled back ------------------
  proxy.down = false;
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-issues-count')).toHaveAttribute('data-count', '2', { timeout: 30_000 });
  await expect(page.getByTestId('sync-queued')).toHaveCount(0);
  await expectListed(page, 'Cloud rename 1');

  await page.getByTestId('sync-issues-count').click();
  await expect(page).toHaveURL(/#\/sync-issues$/);
  const card1 = page.getByTestId(/^sync-issue-/).filter({ hasText: first.id });
  await expect(card1.getByTestId('issue-reason')).toHaveText(/conflict/i);
  await expect(card1.getByTestId('issue-conflicts')).toContainText('Cloud rename 1');
  await expect(card1.getByTestId('issue-conflicts')).toContainText('Renamed offline (mine)');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/sync-issues-en.png', fullPage: true });
  // The edit dialog, opened and closed by keyboard, gives the focus back to its button.
  await card1.getByTestId('issue-edit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(card1.getByTestId('issue-edit')).toBeFocused();

  // Retry: the admin's value is sent again on top of the cloud's latest version, and wins.
  await card1.getByTestId('issue-retry').click();
  await expect(card1).toHaveCount(0);
  await expect.poll(() => cloudName(first.id), { timeout: 30_000 }).toBe('Renamed offline (mine)');

  // Discard: the cloud's value stays, in the cloud and in the cache.
  const card2 = page.getByTestId(/^sync-issue-/).filter({ hasText: second.id });
  await card2.getByTestId('issue-discard').click();
  await page.getByRole('button', { name: /^Discard$/ }).last().click();
  await expect(card2).toHaveCount(0);
  await expect(page.getByTestId('sync-issues-empty')).toBeVisible();
  await expect(page.getByTestId('sync-issues-count')).toHaveCount(0);
  expect(await cloudName(second.id)).toBe('Cloud rename 2');

  await nav(page, /Customers/).click();
  await expectListed(page, 'Cloud rename 2');
  await expectListed(page, 'Renamed offline (mine)');
});
