import { test, expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { removeDir, startHost, type RunningHost } from './host';

/** What every spec shares: a browser host per file, signing in, axe, the navigation menu. */

export const DEMO_PASSWORD = 'Custos-Demo-2026';
export const DEMO_ADMIN = 'admin@custos-demo.example';

/** Starts a browser host (with its embedded demo cloud) for the file; call at top level. */
export function useDemoHost(env?: () => Record<string, string>): () => RunningHost {
  let host: RunningHost | undefined;
  test.beforeAll(async () => {
    host = await startHost(env?.() ?? {});
  });
  test.afterAll(async () => {
    await host?.stop();
    if (host) removeDir(host.dataDir);
  });
  // The page's CSP has no 'unsafe-inline': any style or script it refuses fails the test, so a
  // library that inserts styles without the nonce is caught here (renderer/src/app/csp-nonce.ts).
  let refused: string[] = [];
  test.beforeEach(({ page }) => {
    refused = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text().slice(0, 300));
    });
  });
  test.afterEach(() => {
    expect(refused, 'content refused by the page CSP').toEqual([]);
  });
  return () => {
    if (!host) throw new Error('the browser host has not started');
    return host;
  };
}

/** Fills and submits the sign-in form already on the page (labels in any UI language). */
export async function submitSignIn(page: Page, email = DEMO_ADMIN, password = DEMO_PASSWORD): Promise<void> {
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel(/email|邮箱|e-mail/i).fill(email);
  await form.getByLabel(/password|密码|mot de passe/i).fill(password);
  await form.getByRole('button').last().click();
}

/**
 * Opens the console, signs in and waits for the first sync to finish. The host keeps its
 * session between tests of a file, so whoever is still signed in signs out first.
 */
export async function signInAndSync(page: Page, url: string, email = DEMO_ADMIN): Promise<void> {
  await page.goto(url);
  const signOut = page.getByTestId('sign-out');
  await expect(page.getByTestId('sign-in-form').or(signOut)).toBeVisible({ timeout: 30_000 });
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.getByTestId('sign-out-confirm').click();
    await expect(page.getByTestId('sign-in-form')).toBeVisible();
  }
  await submitSignIn(page, email);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
}

/**
 * Axe over the whole page. Transient overlays (select lists, popconfirms, menus, and the
 * three-second "saved" toasts) render in portals outside the landmarks and fail the region rule
 * while they are up: wait until they are gone, as a user would see the page.
 */
export async function expectAxeClean(page: Page): Promise<void> {
  // A toast under the pointer never leaves (antd pauses it on hover), and the last click (say on
  // "Sync now" in the header) may have left the pointer right where toasts appear: step aside first.
  const size = page.viewportSize();
  await page.mouse.move(size ? size.width - 2 : 0, size ? size.height - 2 : 0);
  const overlays = page.locator('.ant-select-dropdown:visible, .ant-popover:visible, .ant-dropdown:visible, .ant-message-notice:visible');
  await expect
    .poll(async () => (await overlays.evaluateAll((els) => els.map((e) => `${e.className.split(' ')[0]}: ${(e.textContent ?? '').slice(0, 80)}`))), {
      message: 'transient overlays still up before the axe check',
      timeout: 15_000,
    })
    .toEqual([]);
  const axe = await new AxeBuilder({ page }).disableRules(['color-contrast']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')})`)).toEqual([]);
}

export function nav(page: Page, name: RegExp): Locator {
  return page.getByRole('navigation').getByRole('menuitem', { name });
}

/**
 * Moves the focus down the navigation menu with the arrow keys, from one item to another, one
 * press at a time: each press waits until the focus has moved (the menu may move it a frame
 * later), so a slow frame cannot make the presses overshoot the item.
 */
export async function arrowToNav(page: Page, from: RegExp, to: RegExp): Promise<void> {
  await nav(page, from).focus();
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
  for (let i = 0; i < 12 && !(await nav(page, to).evaluate((el) => el === document.activeElement)); i++) {
    const before = await focused();
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).not.toBe(before);
  }
  await expect(nav(page, to)).toBeFocused();
}

/**
 * Presses Tab (or Shift+Tab) until the focus is inside the element with this test id, and fails
 * if it is not reached: the element is then reachable by keyboard, in the page's tab order.
 */
export async function tabTo(page: Page, testId: string, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i <= (opts.max ?? 80); i++) {
    if (await page.evaluate((id) => document.activeElement?.closest(`[data-testid="${id}"]`) != null, testId)) return;
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} was not reached by ${opts.back ? 'Shift+Tab' : 'Tab'}`);
}

/**
 * Waits until no antd open animation runs (modals zoom in, select lists slide down): a click that
 * lands while the element still moves may miss it on a slow machine.
 */
export async function motionSettled(page: Page): Promise<void> {
  await expect(page.locator('[class*="-appear-active"], [class*="-enter-active"]')).toHaveCount(0);
}
