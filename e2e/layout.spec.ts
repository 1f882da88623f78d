import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { expectAxeClean, nav, signInAndSync, useDemoHost } from './support';

/**
 * Issue 25: what a new administrator sees. The header keeps one row at 1280 px in every
 * language; one heading scale on every page (no card or section title larger than the page's
 * h1); a page that cannot render shows a translated message and a reload action while the rest
 * of the console works. The screenshots of each main screen in each language land in
 * docs/screenshots/ when CUSTOS_SCREENSHOTS=1 (the README shows them).
 */
const demoHost = useDemoHost();

const LANGUAGES = [
  { code: 'en', name: 'English', org: /Organisation/ },
  { code: 'fr', name: 'Français', org: /Organisation/ },
  { code: 'zh-CN', name: '简体中文', org: /组织架构/ },
] as const;

const PAGES = ['org', 'customers', 'approvals', 'offboarding', 'retention', 'requests', 'incidents', 'audit', 'settings'] as const;

async function switchLanguage(page: Page, name: string, code: string): Promise<void> {
  await page.getByRole('banner').getByTestId('language-switch').click();
  await page.getByText(name, { exact: true }).last().click();
  await expect(page.locator('html')).toHaveAttribute('lang', code);
}

/** The header's items all sit on one row: none starts below the first one's bottom. */
async function headerRows(page: Page): Promise<number> {
  return page.getByRole('banner').evaluate((header) => {
    const boxes = [...header.querySelectorAll<HTMLElement>('.custos-header-left > *, .custos-header-right > *')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0);
    const tops: number[] = [];
    for (const r of boxes.sort((a, b) => a.top - b.top)) if (!tops.some((top) => Math.abs(top - r.top) < r.height / 2 + 1)) tops.push(r.top);
    return tops.length;
  });
}

/** Font sizes of the page's h1 and of every other heading or card title in the content. */
async function headingSizes(page: Page): Promise<{ h1: number; larger: string[] }> {
  return page.locator('#main').evaluate((main) => {
    const size = (el: Element) => parseFloat(getComputedStyle(el).fontSize);
    const h1 = main.querySelector('h1');
    const h1Size = h1 ? size(h1) : 0;
    const others = [...main.querySelectorAll('h2, h3, h4, h5, h6, .ant-card-head-title, .ant-typography-title')].filter((el) => el.tagName !== 'H1');
    return { h1: h1Size, larger: others.filter((el) => size(el) > h1Size).map((el) => `${el.tagName} "${(el.textContent ?? '').slice(0, 40)}" ${size(el)}px`) };
  });
}

test('at 1280 × 800 the header keeps one row in English, French and Chinese; every page keeps one heading scale', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAndSync(page, demoHost().url);
  const shots = process.env.CUSTOS_SCREENSHOTS === '1';
  if (shots) mkdirSync('docs/screenshots', { recursive: true });
  for (const lang of LANGUAGES) {
    await switchLanguage(page, lang.name, lang.code);
    await nav(page, lang.org).click();
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
    expect(await headerRows(page), `${lang.code}: header rows`).toBe(1);
    await page.screenshot({ path: `test-results/screenshots/header-1280-${lang.code}.png` });
    for (const name of PAGES) {
      await page.goto(`${new URL(demoHost().url).origin}/#/${name}`);
      const h1 = page.locator('#main h1').first();
      await expect(h1).toBeVisible();
      await expect(page.locator('#main .ant-spin-spinning')).toHaveCount(0);
      const sizes = await headingSizes(page);
      expect(sizes.larger, `${lang.code} ${name}: headings larger than the page title (${sizes.h1}px)`).toEqual([]);
      expect(await headerRows(page), `${lang.code} ${name}: header rows`).toBe(1);
      if (shots) await page.screenshot({ path: `docs/screenshots/${name}-${lang.code}.png` });
    }
  }
});

test('a page that cannot render says so in the console’s language, offers a reload, and leaves the rest working', async ({ page }) => {
  await signInAndSync(page, demoHost().url);
  await switchLanguage(page, 'Français', 'fr');
  // The host answers the customer list with something the page cannot read.
  await page.route('**/api/customers.list', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { rows: [], total: 0, industries: 42 } }) }));
  await nav(page, /Clients/).click();
  const failed = page.getByTestId('page-error');
  await expect(failed).toBeVisible();
  await expect(failed.getByRole('heading', { level: 1 })).toHaveText('Cette page n’a pas pu s’afficher');
  await expectAxeClean(page);
  // The header and the other pages still work.
  await nav(page, /Organisation/).click();
  await expect(page.getByTestId('page-error')).toHaveCount(0);
  await expect(page.locator('#main h1').first()).toBeVisible();
  // Back on the page once the host answers properly again: the reload shows it.
  await nav(page, /Clients/).click();
  await expect(failed).toBeVisible();
  await page.unroute('**/api/customers.list');
  await failed.getByTestId('page-error-reload').click();
  await expect(page.getByTestId('page-error')).toHaveCount(0);
  await expect(page.locator('#main h1').first()).toHaveText('Clients');
});
