import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { removeDir, startHost, type RunningHost } from './host';
import { expectAxeClean, submitSignIn } from './support';

/**
 * Issue 28 item 11: a packaged app's first run asks which cloud to use and never starts the demo
 * by itself. The browser host behaves so under CUSTOS_FIRST_RUN=1 (electron/core/cloud/choice.ts).
 */
const FIRST_RUN = { CUSTOS_FIRST_RUN: '1', CUSTOS_CLOUD_URL: '' };

const hosts: RunningHost[] = [];
test.afterAll(async () => {
  for (const h of hosts.reverse()) {
    await h.stop();
    removeDir(h.dataDir);
  }
});

// Any style or script the page's CSP refuses fails the test (as in e2e/support.ts).
let refused: string[] = [];
test.beforeEach(({ page }) => {
  refused = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text().slice(0, 300));
  });
});
test.afterEach(() => expect(refused, 'content refused by the page CSP').toEqual([]));

/** A loopback port where nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const addressField = (page: Page) => page.getByTestId('first-run-form').getByLabel(/cloud address|adresse du service cloud|云服务地址/i);

async function submitAddress(page: Page, address: string): Promise<void> {
  await addressField(page).fill(address);
  await page.getByTestId('first-run-connect').click();
}

test.describe.configure({ mode: 'serial' });

let demoCloudUrl = '';

test('the first run asks for the cloud: unsafe addresses refused in words, the demo only by choice, the choice remembered', async ({ page }) => {
  const host = await startHost(FIRST_RUN);
  hosts.push(host);
  expect(host.output()).not.toMatch(/Embedded demo cloud/);
  await page.goto(host.url);
  const form = page.getByTestId('first-run-form');
  await expect(form).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('sign-in-form')).toHaveCount(0);
  await expectAxeClean(page);

  // Refused before anything is sent, each with its reason (the field's description, as a screen reader reads it).
  const field = addressField(page);
  await submitAddress(page, 'http://custos.example.com');
  await expect(field).toHaveAccessibleDescription(/must start with https:\/\//);
  await submitAddress(page, 'https://admin:secret@custos.example.com');
  await expect(field).toHaveAccessibleDescription(/Leave the user name and password out/);
  await submitAddress(page, '');
  await expect(field).toHaveAccessibleDescription(/Enter the address of your cloud service/);

  // The same reasons in French, with French typography.
  await page.getByTestId('language-switch').click();
  await page.getByText('Français').last().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await submitAddress(page, 'http://custos.example.com');
  await expect(field).toHaveAccessibleDescription(/L’adresse doit commencer par https:\/\//);
  await page.getByTestId('language-switch').click();
  await page.getByText('English').last().click();

  // An acceptable address where no Custos cloud answers: the host says so, and nothing is kept.
  await submitAddress(page, `127.0.0.1:${await closedPort()}`);
  await expect(page.getByTestId('first-run-error')).toContainText('No Custos cloud service answered');
  await expect(form).toBeVisible();
  await expectAxeClean(page);

  // The demo, chosen explicitly: the host starts it, then the console asks to sign in.
  await page.getByTestId('first-run-demo').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 90_000 });
  expect(JSON.parse(readFileSync(join(host.dataDir, 'cloud.json'), 'utf8'))).toEqual({ demo: true });
  demoCloudUrl = /Embedded demo cloud at (http:\/\/127\.0\.0\.1:\d+)/.exec(host.output())?.[1] ?? '';
  expect(demoCloudUrl).not.toBe('');
  await submitSignIn(page);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle', { timeout: 90_000 });
});

test('an address that answers is taken, shown at sign-in, and the next launch goes straight to sign-in', async ({ page }) => {
  const host = await startHost(FIRST_RUN);
  hosts.push(host);
  await page.goto(host.url);
  await expect(page.getByTestId('first-run-form')).toBeVisible({ timeout: 30_000 });
  // The first test's demo cloud, on this computer: plain http is accepted to loopback.
  await submitAddress(page, `  ${demoCloudUrl}/ `);
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('cloud-url')).toContainText(demoCloudUrl);
  expect(JSON.parse(readFileSync(join(host.dataDir, 'cloud.json'), 'utf8'))).toEqual({ url: demoCloudUrl });
  expect(host.output()).not.toMatch(/Embedded demo cloud/);

  // Launched again on the same data folder: the saved address is used without asking.
  await host.stop();
  const again = await startHost(FIRST_RUN, host.dataDir);
  hosts.push({ ...again, dataDir: `${host.dataDir}-unused` });
  await page.goto(again.url);
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('cloud-url')).toContainText(demoCloudUrl);
  await expect(page.getByTestId('first-run-form')).toHaveCount(0);
});
