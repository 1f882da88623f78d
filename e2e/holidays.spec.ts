import { test, expect, type Page } from '@playwright/test';
import { effectiveCalendar, entriesOf, parseSchedule } from '../shared/holidays';
import { dueDate, PRC_CALENDAR } from '../shared/requests';
import { expectAxeClean, nav, signInAndSync, tabTo, useDemoHost } from './support';

/**
 * A compliance officer imports a year's holiday schedule through Settings, by keyboard: a wrong
 * line explained, the days previewed, the import queued and applied; the request taken in before
 * is recounted (its history says why), the intake form previews deadlines with the import, and
 * removing it brings the old deadline back. The card in English, Chinese and French, axe clean.
 *
 * Dates follow today's: the year imported is the one of a request's deadline, its built-in days
 * (if this version ships the year) plus the deadline's own day off, so the deadline must move.
 */
const demoHost = useDemoHost();
// Tall enough to see the whole import dialog, preview included, in its screenshots.
test.use({ viewport: { width: 1280, height: 1800 } });
const today = () => new Date().toLocaleDateString('en-CA');
const shown = (day: string) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(day));

async function sent(page: Page) {
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
}

async function switchLanguage(page: Page, label: string) {
  await page.getByRole('banner').getByTestId('language-switch').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label }).click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

test('an officer imports a year’s holiday schedule; deadlines are counted with it, and without it once removed', async ({ page }) => {
  test.setTimeout(240_000);
  const deadline = dueDate('pipl_working_days', today(), PRC_CALENDAR);
  const year = Number(deadline.slice(0, 4));
  const builtIn = PRC_CALENDAR[year];
  const lines = [
    ...(builtIn ? entriesOf(year, { off: builtIn.off, work: builtIn.work.filter((md) => md !== deadline.slice(5)) }) : []).map((e) => `${e.from === e.to ? e.from : `${e.from}~${e.to}`},${e.kind},${e.kind === 'off' ? 'Holiday' : 'Make-up day'}`),
    `${deadline},off,Extra day off`,
  ];
  const imported = parseSchedule(lines.join('\n'), year).entries;
  const moved = dueDate('pipl_working_days', today(), effectiveCalendar([{ year, entries: imported }]));
  expect(moved > deadline).toBe(true);

  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  // A request taken in today, counted on the schedules this version ships.
  await nav(page, /Data requests/).click();
  await page.getByTestId('request-register-open').click();
  await page.getByTestId('request-name').fill('Lucie Bernard');
  await expect(page.getByTestId('request-register-form')).toContainText(`Due on ${shown(deadline)}`);
  await page.getByTestId('request-register-ok').click();
  await sent(page);
  await expect(page.locator('.ant-drawer-title')).toContainText(/DSR-\d{4}-\d{4}/, { timeout: 15_000 });
  await expect(page.getByTestId('request-due')).toContainText(shown(deadline));
  await page.keyboard.press('Escape');

  // Settings: the years held.
  await nav(page, /Settings/).click();
  const card = page.getByTestId('holidays-card');
  await expect(card.getByTestId('holidays-years')).toContainText('2026');
  await expect(card.getByTestId('holidays-years')).toContainText('Built in');
  await expectAxeClean(page);

  // Import, by keyboard: open the dialog, type a wrong line first.
  await tabTo(page, 'holidays-import');
  await page.keyboard.press('Enter');
  const dialog = page.locator('.ant-modal');
  await expect(dialog).toContainText('Import a holiday schedule');
  await tabTo(page, 'holidays-import-text');
  const weekday = [1, 2, 3, 4, 5].map((d) => `${year}-03-0${d}`).find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))!;
  await page.keyboard.insertText([...lines, `${weekday},work,Make-up day`].join('\n'));
  await expect(page.getByTestId('holidays-problems')).toContainText(`Line ${lines.length + 1}: ${weekday} is a weekday`);
  await expect(page.getByTestId('holidays-import-ok')).toBeDisabled();
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/holidays-import-problem-en.png' });
  await page.getByTestId('holidays-import-text').fill(lines.join('\n'));
  await page.getByTestId('holidays-import-notice').fill('国办发明电 (e2e)');
  await expect(page.getByTestId('holidays-summary')).toContainText(`${year}:`);
  await expect(page.getByTestId('holidays-preview-days')).toContainText('Extra day off');
  // It says which open request the cloud will recount, and to when.
  await expect(page.getByTestId('holidays-moves')).toContainText(`due ${shown(deadline)} → ${shown(moved)}`);
  await dialog.getByRole('button', { name: 'Format and example' }).click();
  await expect(dialog).toContainText('2027-02-05~2027-02-13,off,春节');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/holidays-import-en.png' });
  await tabTo(page, 'holidays-import-ok');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await sent(page);
  const row = card.locator('tr', { hasText: String(year) }).first();
  await expect(row).toContainText('Imported', { timeout: 30_000 });
  await expect(row).toContainText('国办发明电 (e2e)');
  await row.getByRole('button', { name: /expand/i }).click();
  await expect(card.getByTestId(`holidays-days-${year}`)).toContainText('Extra day off');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/holidays-card-en.png', fullPage: true });

  // The card in Chinese and French.
  await switchLanguage(page, '简体中文');
  await expect(card).toContainText('法定节假日安排');
  await expect(row).toContainText('已导入');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/holidays-card-zh-CN.png', fullPage: true });
  await switchLanguage(page, 'Français');
  await expect(card).toContainText('Jours fériés officiels en Chine');
  await expect(row).toContainText('Importé');
  await expectAxeClean(page);
  await page.screenshot({ path: 'test-results/screenshots/holidays-card-fr.png', fullPage: true });
  await switchLanguage(page, 'English');

  // The request taken in before was recounted by the cloud; a new intake previews with the import.
  await nav(page, /Data requests/).click();
  await expect(page.getByTestId('requests-table')).toContainText(shown(moved), { timeout: 30_000 });
  await page.getByTestId('requests-table').getByRole('button', { name: /^DSR-\d{4}-\d{4}$/ }).first().click();
  await expect(page.getByTestId('request-history')).toContainText(`Deadline recounted · `);
  await expect(page.getByTestId('request-history')).toContainText(`on the ${year} holiday schedule: ${shown(deadline)} → ${shown(moved)}`);
  await page.keyboard.press('Escape');
  await page.getByTestId('request-register-open').click();
  await expect(page.getByTestId('request-register-form')).toContainText(`Due on ${shown(moved)}`);
  await page.keyboard.press('Escape');

  // Removed (by keyboard, confirmed): the deadline is counted as before.
  await nav(page, /Settings/).click();
  await tabTo(page, `holidays-remove-${year}`);
  await page.keyboard.press('Enter');
  await page.getByTestId(`holidays-remove-ok-${year}`).focus();
  await page.keyboard.press('Enter');
  await sent(page);
  await expect(card.getByTestId('holidays-years')).not.toContainText('Imported', { timeout: 30_000 });
  await nav(page, /Data requests/).click();
  await expect(page.getByTestId('requests-table')).toContainText(shown(deadline), { timeout: 30_000 });
});
