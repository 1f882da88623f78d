import { test, expect, type Locator, type Page } from '@playwright/test';
import { expectAxeClean, nav, submitSignIn, useDemoHost } from './support';

/**
 * Customers, approvals and sync issues against the real browser host and its embedded demo
 * cloud: browse, search, open details, edit a customer through the outbox, filter approvals,
 * and check each page with axe in English and Chinese.
 */
const demoHost = useDemoHost();
const signIn = (page: Page) => submitSignIn(page);

/** Rows of an antd Table (virtual tables render div rows with the same class). */
function rows(table: Locator): Locator {
  return table.locator('.ant-table-row');
}


async function closeDrawer(page: Page, drawer: Locator) {
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
}

test('customers and approvals: search, details, edit, filters, axe, languages', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(demoHost().url);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  await signIn(page);
  await expect(page.getByTestId('sync-status')).toBeVisible({ timeout: 30_000 });

  // ---- Customers -------------------------------------------------------------------------
  await nav(page, /Customers/).click();
  await expect(page).toHaveURL(/#\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  const table = page.getByTestId('customer-table');
  // Customers arrive with the first sync: the list refreshes as the cursor moves.
  await expect(rows(table).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', /idle|offline/, { timeout: 90_000 });
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/customers-en.png', fullPage: true });

  // Find a customer that has contacts and follow-ups among the first rows.
  const drawer = page.getByTestId('customer-drawer');
  let chosen: string | null = null;
  const candidates = Math.min(await rows(table).count(), 15);
  for (let i = 0; i < candidates && !chosen; i++) {
    const open = rows(table).nth(i).locator('[data-testid^="customer-open-"]');
    const name = (await open.innerText()).trim();
    await open.click();
    await expect(drawer.getByTestId('customer-fields')).toBeVisible();
    const contacts = await drawer.getByTestId('customer-contacts').locator('.ant-table-row').count();
    const followUps = await drawer.getByTestId('customer-followup').count();
    if (contacts > 0 && followUps > 0) chosen = name;
    await closeDrawer(page, drawer);
  }
  expect(chosen, 'a demo customer with contacts and follow-ups').not.toBeNull();
  const name = chosen!;

  // Search (the host searches names, contacts' names, mobiles and emails).
  const search = page.getByTestId('customer-search').locator('input');
  await search.fill(name);
  const match = table.locator('[data-testid^="customer-open-"]', { hasText: name }).first();
  await expect(match).toBeVisible();
  await expect(rows(table).first()).toContainText(name);

  // Open it with the keyboard: the name is a button; Enter opens the drawer.
  await match.focus();
  await page.keyboard.press('Enter');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('customer-name')).toHaveText(name);
  const contactRows = drawer.getByTestId('customer-contacts').locator('.ant-table-row');
  await expect(contactRows.first()).toBeVisible();
  // Mobiles are shown masked.
  const contactText = await drawer.getByTestId('customer-contacts').innerText();
  expect(contactText).not.toMatch(/\d{11}/);
  await expect(drawer.getByTestId('customer-followup').first()).toBeVisible();
  await expectAxeClean(page);

  // Edit the name: queued in the outbox, applied to the cache at once, shown in the list.
  const renamed = `${name} (e2e)`;
  await drawer.getByTestId('customer-edit').click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('customer-save') });
  await expect(dialog).toBeVisible();
  const nameInput = dialog.getByLabel('Name', { exact: true });
  await expect(nameInput).toHaveValue(name);
  await nameInput.fill(renamed);
  await page.getByTestId('customer-save').click();
  await expect(page.getByText('Saved. It will be sent to the cloud.')).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(drawer.getByTestId('customer-name')).toHaveText(renamed);
  await closeDrawer(page, drawer);
  // The search still matches (the new name contains the old one); the row shows the new name.
  await expect(table.locator('[data-testid^="customer-open-"]', { hasText: renamed })).toBeVisible();
  // And the edit reaches the cloud: nothing stays queued, no sync issue.
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('sync-issues-count')).toHaveCount(0);

  // ---- Approvals -------------------------------------------------------------------------
  await nav(page, /Approvals/).click();
  await expect(page).toHaveURL(/#\/approvals$/);
  const approvals = page.getByTestId('approval-table');
  await expect(rows(approvals).first()).toBeVisible({ timeout: 30_000 });
  await expectAxeClean(page);

  // Filter by status: every row shown is approved.
  await page.locator('#approval-filter-status').click();
  await page.getByRole('option', { name: 'Approved', exact: true }).click();
  await expect(rows(approvals).first()).toBeVisible();
  await expect(rows(approvals).first().locator('[data-status]')).toHaveAttribute('data-status', 'approved');
  const statuses = await rows(approvals).locator('[data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
  expect(new Set(statuses)).toEqual(new Set(['approved']));

  // The search box narrows the list too.
  const firstTitle = (await rows(approvals).first().locator('[data-testid^="approval-open-"]').innerText()).trim();
  await page.getByTestId('approval-search').locator('input').fill(firstTitle);
  await expect(rows(approvals).first()).toContainText(firstTitle);

  // Open one: its steps, approvers and status.
  await rows(approvals).first().locator('[data-testid^="approval-open-"]').click();
  const approvalDrawer = page.getByTestId('approval-drawer');
  await expect(approvalDrawer).toBeVisible();
  await expect(approvalDrawer.getByTestId('approval-status')).toHaveAttribute('data-status', 'approved');
  await expect(approvalDrawer.getByTestId('approval-steps')).toBeVisible();
  await expect(approvalDrawer.getByTestId('approval-step').first()).toBeVisible();
  await expect(approvalDrawer.getByTestId('approval-step').first()).toContainText(/Step 1/);
  await expectAxeClean(page);
  await closeDrawer(page, approvalDrawer);

  // ---- Sync issues -----------------------------------------------------------------------
  await nav(page, /Sync issues/).click();
  await expect(page).toHaveURL(/#\/sync-issues$/);
  await expect(page.getByTestId('sync-issues')).toBeVisible();
  await expect(page.getByTestId('sync-issues-empty')).toBeVisible();
  await expectAxeClean(page);

  // ---- Chinese ---------------------------------------------------------------------------
  await page.getByTestId('language-switch').click();
  await page.getByText('简体中文').last().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await nav(page, /审批/).click();
  await expect(page.getByRole('heading', { level: 1, name: '审批' })).toBeVisible();
  await expect(rows(page.getByTestId('approval-table')).first()).toBeVisible();
  await expect(page.getByTestId('approval-table')).toContainText('已通过');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/approvals-zh-CN.png', fullPage: true });

  await nav(page, /客户/).click();
  await expect(page.getByRole('heading', { level: 1, name: '客户' })).toBeVisible();
  await expectAxeClean(page);

  // Back to English for the next run of the same data folder.
  await page.getByTestId('language-switch').click();
  await page.getByText('English').last().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
