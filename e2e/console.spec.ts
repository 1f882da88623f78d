import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO_ADMIN, DEMO_PASSWORD, motionSettled, submitSignIn, useDemoHost } from './support';

const demoHost = useDemoHost();

function signIn(page: Page, password = DEMO_PASSWORD) {
  return submitSignIn(page, DEMO_ADMIN, password);
}

test('the API refuses requests without the launch token', async ({ request }) => {
  const none = await request.post(`${demoHost().origin}/api/session.get`, { data: {} });
  expect(none.status()).toBe(401);
  const wrong = await request.post(`${demoHost().origin}/api/session.get`, { data: {}, headers: { authorization: 'Bearer nope' } });
  expect(wrong.status()).toBe(401);
  const ok = await request.post(`${demoHost().origin}/api/session.get`, { data: {}, headers: { authorization: `Bearer ${demoHost().token}` } });
  expect(ok.status()).toBe(200);
  // Bad input to an operation anyone may call (a refused caller is refused before its input is read).
  const bad = await request.post(`${demoHost().origin}/api/settings.setLanguage`, { data: { language: 42 }, headers: { authorization: `Bearer ${demoHost().token}` } });
  const body = await bad.json();
  expect(body.ok).toBe(false);
  expect(body.error.code).toBe('INVALID_INPUT');
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
});

test('the page policy refuses injected inline styles; the console\'s own styles carry this load\'s nonce', async ({ browser }) => {
  // A page of its own, outside the CSP-refusal check in support.ts: this test provokes refusals.
  const page = await browser.newPage();
  await page.goto(demoHost().url);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  const probe = await page.evaluate(async () => {
    const refused: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => refused.push(e.effectiveDirective));
    const box = document.createElement('div');
    document.body.appendChild(box);
    // As an HTML injection would: parsed markup cannot know the nonce.
    box.innerHTML = '<style>#csp-probe-a { width: 123px; }</style><div id="csp-probe-a"></div><div id="csp-probe-b" style="width: 77px"></div>';
    // As the console's own scripts do: a style attribute set by script goes through the CSSOM.
    const c = document.createElement('div');
    c.setAttribute('style', 'width: 55px');
    box.appendChild(c);
    await new Promise((r) => setTimeout(r, 200));
    const width = (el: Element | null) => (el ? getComputedStyle(el).width : 'missing');
    const styles = [...document.querySelectorAll('style')].filter((s) => !box.contains(s));
    return { refused, a: width(box.querySelector('#csp-probe-a')), b: width(box.querySelector('#csp-probe-b')), c: width(c), styles: styles.length, unstamped: styles.filter((s) => !s.nonce).length };
  });
  expect(probe.refused).toEqual(expect.arrayContaining(['style-src-elem', 'style-src-attr']));
  expect(probe.a).not.toBe('123px');
  expect(probe.b).not.toBe('77px');
  expect(probe.c).toBe('55px');
  expect(probe.styles).toBeGreaterThan(3);
  expect(probe.unstamped).toBe(0);
  await page.close();
});

test('sign in, browse the demo organisation, switch language', async ({ page }) => {
  await page.goto(demoHost().url);
  await expect(page.getByTestId('sign-in-form')).toBeVisible();

  // Wrong password: a clear message, still on the sign-in screen.
  await signIn(page, 'not-the-password');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();

  await signIn(page);
  const tree = page.getByTestId('department-tree');
  await expect(tree).toBeVisible();
  // The demo tree arrives through sync: wait for its nodes.
  await expect(tree.getByRole('treeitem').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sync-status')).toBeVisible();

  // Open the first department that has members and see its employees.
  const items = tree.getByRole('treeitem');
  const count = await items.count();
  expect(count).toBeGreaterThan(3);
  await items.nth(1).click();
  const table = page.getByTestId('employee-table');
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr, .ant-table-row').first()).toBeVisible({ timeout: 15_000 });

  const axe = await new AxeBuilder({ page }).disableRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);

  await page.screenshot({ path: 'test-results/screenshots/organisation-en.png', fullPage: true });

  // Switch to Chinese, then French: the navigation follows.
  const nav = page.getByRole('navigation');
  await page.getByTestId('language-switch').click();
  await page.getByText('简体中文').last().click();
  await expect(nav).toContainText('组织架构');
  await page.screenshot({ path: 'test-results/screenshots/organisation-zh-CN.png', fullPage: true });
  await page.getByTestId('language-switch').click();
  await page.getByText('Français').last().click();
  await expect(nav).toContainText('Organisation');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.screenshot({ path: 'test-results/screenshots/organisation-fr.png', fullPage: true });
});

test('Settings → Updates: the browser console says the desktop app updates itself; the channel choice is kept', async ({ page }) => {
  await page.goto(demoHost().url);
  const signOut = page.getByTestId('sign-out');
  await expect(page.getByTestId('sign-in-form').or(signOut)).toBeVisible({ timeout: 30_000 });
  if (await page.getByTestId('sign-in-form').isVisible()) await signIn(page);
  await page.getByRole('navigation').getByRole('menuitem').last().click();
  const card = page.getByTestId('updates-card');
  await expect(card).toBeVisible();
  if ((await page.locator('html').getAttribute('lang')) !== 'en') {
    await page.getByRole('banner').getByTestId('language-switch').click();
    await page.getByText('English').last().click();
  }
  await expect(card.getByTestId('updates-unsupported')).toContainText('desktop application updates itself');
  await expect(card.getByTestId('updates-check')).toBeDisabled();
  await expect(card.getByTestId('updates-phase')).toHaveText('Not checked yet');

  // Keyboard: focus the channel group, move to Beta.
  await card.getByRole('radio', { name: 'Stable' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(card.getByRole('radio', { name: /Beta/ })).toBeChecked();
  await page.reload();
  await expect(page.getByTestId('updates-card').getByRole('radio', { name: /Beta/ })).toBeChecked();
  await page.screenshot({ path: 'test-results/screenshots/settings-updates-en.png', fullPage: true });
  const axe = await new AxeBuilder({ page }).disableRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  // The radio follows the saved channel once the command answers.
  await page.getByTestId('updates-card').getByRole('radio', { name: 'Stable' }).click();
  await expect(page.getByTestId('updates-card').getByRole('radio', { name: 'Stable' })).toBeChecked();
});

test('sign out and wipe this computer: the next sign-in downloads everything again', async ({ page }) => {
  await page.goto(demoHost().url);
  const signOut = page.getByTestId('sign-out');
  await expect(page.getByTestId('sign-in-form').or(signOut)).toBeVisible({ timeout: 30_000 });
  if (await page.getByTestId('sign-in-form').isVisible()) await signIn(page);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
  await signOut.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await motionSettled(page);
  await dialog.getByTestId('sign-out-wipe').click();
  await expect(dialog.getByTestId('sign-out-wipe')).toBeChecked();
  await expect(page.getByTestId('sign-out-confirm')).toHaveClass(/dangerous|danger/);
  const axe = await new AxeBuilder({ page }).include('.ant-modal').disableRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await page.getByTestId('sign-out-confirm').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  const wiped = await page.request.post(`${demoHost().origin}/api/app.info`, { data: {}, headers: { authorization: `Bearer ${demoHost().token}` } });
  expect((await wiped.json()).ok).toBe(true);
  await signIn(page);
  // From an empty cache the first sync pulls the tenant again, page by page.
  await expect(page.getByTestId('department-tree').getByRole('treeitem').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
});

test('the console locks on demand and after inactivity; the password unlocks it', async ({ page }) => {
  await page.goto(demoHost().url);
  await expect(page.getByTestId('sign-in-form').or(page.getByTestId('sign-out'))).toBeVisible({ timeout: 30_000 });
  if (await page.getByTestId('sign-in-form').isVisible()) await signIn(page);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });

  await page.getByTestId('lock-now').click();
  const lockScreen = page.getByTestId('lock-screen');
  await expect(lockScreen).toBeVisible();
  await expect(page.getByTestId('department-tree')).toHaveCount(0);
  // A reload stays locked: the lock lives in the console, not in the page.
  await page.reload();
  await expect(lockScreen).toBeVisible();
  await page.getByTestId('unlock-password').fill('not-the-password');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('unlock-error')).toContainText('Wrong password');
  const axe = await new AxeBuilder({ page }).disableRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
  await page.screenshot({ path: 'test-results/screenshots/lock-en.png', fullPage: true });
  await page.getByTestId('unlock-password').fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('main-nav')).toBeVisible();

  // Lock after 5 minutes without a key or pointer.
  await page.getByRole('navigation').getByRole('menuitem').last().click();
  await page.getByTestId('idle-lock').click();
  await motionSettled(page);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'After 5 minutes' }).click();
  await expect(page.getByTestId('idle-lock')).toContainText('After 5 minutes');
  // From here the page's clock is ours: a key press arms the idle timer on it.
  await page.clock.install();
  await page.clock.fastForward(2000);
  await page.keyboard.press('Shift');
  await page.clock.fastForward('04:00');
  await expect(lockScreen).toHaveCount(0);
  await page.clock.fastForward('01:30');
  await expect(lockScreen).toBeVisible();
  await page.getByTestId('unlock-password').fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('main-nav')).toBeVisible();
});
