import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { arrowToNav, expectAxeClean, signInAndSync, tabTo, useDemoHost } from './support';

/**
 * A compliance officer, by keyboard: records an incident, finds the people it concerns by a
 * catalogue field and a time window (offline, in the cache), writes the four items in Chinese,
 * English and French, produces the notices and the regulator's report (read back as text), tells everyone
 * (delivery log, then an announcement for the unreachable), and closes it. Axe clean on the way.
 */
const demoHost = useDemoHost();
test.use({ viewport: { width: 1280, height: 1400 } });

async function sent(page: Page) {
  await expect(page.getByTestId('sync-queued')).toHaveCount(0, { timeout: 30_000 });
}

async function typeInto(page: Page, testId: string, text: string) {
  await tabTo(page, testId);
  await page.keyboard.insertText(text);
}

const ITEMS = {
  'zh-CN': { happened: '一台笔记本电脑失窃，其中存有员工手机号。', measures: '已远程擦除设备并报警。', selfHelp: '请警惕冒充公司的电话和短信。', remedies: '设立专线 400-000-0000 解答疑问。' },
  en: { happened: 'A laptop holding staff mobile numbers was stolen.', measures: 'The device was wiped remotely; the police were told.', selfHelp: 'Beware of calls and texts claiming to be from us.', remedies: 'A helpline answers your questions.' },
  fr: { happened: 'Un ordinateur portable contenant des numéros de mobile a été volé.', measures: 'L’appareil a été effacé à distance ; la police a été prévenue.', selfHelp: 'Méfiez-vous des appels et SMS se réclamant de nous.', remedies: 'Une ligne d’assistance répond à vos questions.' },
};
const LANGUAGE_LABEL = { 'zh-CN': 'Chinese', en: 'English', fr: 'French' } as const;

test('an officer records an incident, finds the people, tells them in their language, reports and closes it', async ({ page }) => {
  test.setTimeout(300_000);
  await signInAndSync(page, demoHost().url, 'compliance@custos-demo.example');
  await arrowToNav(page, /Data requests/, /Incidents/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Security incidents' })).toBeVisible();
  await expectAxeClean(page);

  // Record it: discovered now, on this computer's time zone; the EU switch brings 72 hours.
  await tabTo(page, 'incident-record-open');
  await page.keyboard.press('Enter');
  await typeInto(page, 'incident-title', 'Stolen laptop');
  await tabTo(page, 'incident-fields');
  await page.keyboard.insertText('Employee · Mobile');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('incident-fields')).toContainText('Employee · Mobile');
  await page.getByTestId('incident-from').fill(new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 16));
  await tabTo(page, 'incident-eu');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('incident-regulator-hours')).toHaveValue('72');
  await expect(page.getByTestId('incident-record-form')).toContainText('Notices due');
  await expectAxeClean(page);
  await tabTo(page, 'incident-record-ok');
  await page.keyboard.press('Enter');
  await sent(page);
  const drawer = page.getByTestId('incident-drawer');
  await expect(page.locator('.ant-drawer-title')).toContainText(/INC-\d{4}-\d{4}/, { timeout: 15_000 });
  const reference = ((await page.locator('.ant-drawer-title').textContent()) ?? '').match(/INC-\d{4}-\d{4}/)![0];
  await expect(drawer.getByTestId('clock-regulator-on_time')).toBeVisible();
  await expect(drawer.getByTestId('clock-notices-on_time')).toBeVisible();

  // Find the people: employees' mobiles over the window, from the cache.
  await drawer.getByRole('tab', { name: /People/ }).press('Enter');
  await tabTo(page, 'incident-find-open');
  await page.keyboard.press('Enter');
  await tabTo(page, 'finder-run');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('finder-result')).toBeVisible({ timeout: 30_000 });
  const total = Number((await page.getByTestId('finder-total').textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(0);
  await expectAxeClean(page);
  await tabTo(page, 'finder-keep');
  await page.keyboard.press('Enter');
  await sent(page);
  await expect(drawer.getByRole('tab', { name: new RegExp(`People \\(${total}\\)`) })).toBeVisible({ timeout: 15_000 });

  // The four items in Chinese, then in English.
  await drawer.getByRole('tab', { name: /Notices/ }).press('Enter');
  await expect(drawer.getByTestId('incident-items-missing')).toBeVisible();
  // The demo's people read Chinese, English or French: each language needed, written once.
  for (const language of ['zh-CN', 'en', 'fr'] as const) {
    if (language !== 'zh-CN') {
      await tabTo(page, 'incident-items-language', { back: true });
      await page.keyboard.insertText(LANGUAGE_LABEL[language]);
      await page.keyboard.press('Enter');
      await expect(drawer.getByTestId('incident-items-language')).toContainText(LANGUAGE_LABEL[language]);
    }
    for (const [item, text] of Object.entries(ITEMS[language])) {
      await tabTo(page, `incident-item-${item}`);
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.insertText(text);
    }
    await tabTo(page, 'incident-items-save');
    await page.keyboard.press('Enter');
    await sent(page);
  }
  await expect(drawer.getByTestId('incident-items-missing')).toHaveCount(0, { timeout: 15_000 });
  await expectAxeClean(page);

  // The notices, each in the person's language with the items filled in.
  const csv = page.waitForEvent('download');
  await tabTo(page, 'incident-notices-csv');
  await page.keyboard.press('Enter');
  const notices = readFileSync(await (await csv).path()!, 'utf8');
  expect(notices).toContain('一、事件的基本情况和可能的影响');
  expect(notices).toContain(ITEMS['zh-CN'].remedies);
  expect(notices).toContain(reference);

  // Closing is refused until everyone is told.
  await expect(drawer.getByTestId('incident-close-refusals')).toContainText('neither told nor covered');
  await expect(drawer.getByTestId('incident-close')).toBeDisabled();
  await tabTo(page, 'incident-mark-delivered');
  await page.keyboard.press('Enter');
  await sent(page);
  await tabTo(page, 'incident-announce-open');
  await page.keyboard.press('Enter');
  await typeInto(page, 'incident-announce-text', 'We could not reach everyone concerned: this notice tells what happened and what to do.');
  await tabTo(page, 'incident-announce-ok');
  await page.keyboard.press('Enter');
  await sent(page);
  await expect(drawer.getByTestId('incident-announcement')).toBeVisible({ timeout: 15_000 });

  // The regulator's report, read back as text.
  await drawer.getByRole('tab', { name: /Regulator report/ }).press('Enter');
  const json = page.waitForEvent('download');
  await tabTo(page, 'incident-report-json');
  await page.keyboard.press('Enter');
  const report = JSON.parse(readFileSync(await (await json).path()!, 'utf8')) as { reference: string; counts: { people: number }; measures: Record<string, unknown>; timeline: { action: string }[] };
  expect(report.reference).toBe(reference);
  expect(report.counts.people).toBe(total);
  expect(Object.keys(report.measures).sort()).toEqual(['en', 'fr', 'zh-CN']);
  expect(report.timeline.map((e) => e.action)).toContain('incident.announce');
  const pdf = page.waitForEvent('download');
  await tabTo(page, 'incident-report-pdf', { back: true });
  await page.keyboard.press('Enter');
  const dir = mkdtempSync(join(tmpdir(), 'custos-incident-'));
  const pdfPath = join(dir, 'report.pdf');
  await (await pdf).saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Personal-information security incident report');
  expect(text).toContain(reference);
  expect(text).toContain('A helpline answers your questions.');

  // Closed.
  await expect(drawer.getByTestId('incident-close-refusals')).toHaveCount(0);
  await tabTo(page, 'incident-close');
  await page.keyboard.press('Enter');
  await sent(page);
  await page.keyboard.press('Escape');
  await page.getByTestId('incidents-filter').getByText('Closed').click();
  await expect(page.getByTestId('incidents-table')).toContainText(reference, { timeout: 15_000 });
  await expectAxeClean(page);
});

test('an auditor reads the register and changes nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAndSync(page, demoHost().url, 'auditor@custos-demo.example');
  await page.getByRole('navigation').getByRole('menuitem', { name: /Incidents/ }).click();
  await expect(page.getByTestId('page-incidents')).toBeVisible();
  await expect(page.getByTestId('incident-record-open')).toHaveCount(0);
  await expectAxeClean(page);
});
