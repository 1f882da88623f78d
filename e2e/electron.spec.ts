import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Electron binary path, or null where the runtime could not be installed (no network for its download). */
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

/** The app on a fresh data folder, once its window shows the sign-in screen. */
async function launchToSignIn() {
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.'],
    env: { ...process.env, CUSTOS_DATA_DIR: mkdtempSync(join(tmpdir(), 'custos-electron-')) },
  });
  const win = await app.firstWindow();
  await expect(win.getByTestId('sign-in-form')).toBeVisible({ timeout: 60_000 });
  return { app, win };
}

test.describe('desktop app (Electron)', () => {
  test.skip(binary === null, 'No Electron runtime on this machine (its binary is downloaded at install time, and this machine has no internet); the same renderer and core, and the core in a process of its own, are covered through the browser host.');

  test('opens one secure window showing the sign-in screen', async () => {
    const { app, win } = await launchToSignIn();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      // Not in Electron's public types, but present at run time: the preferences the window really got.
      const p = (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
      return { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    await app.close();
  });

  test('the core runs in a utility process of its own, not in the main process', async () => {
    const { app } = await launchToSignIn();
    const utilities = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((m) => m.type === 'Utility').map((m) => ({ name: m.name ?? m.serviceName ?? '', pid: m.pid })));
    const core = utilities.find((u) => u.name === 'Custos core');
    expect(core, JSON.stringify(utilities)).toBeTruthy();
    expect(core!.pid).not.toBe(await app.evaluate(() => process.pid));
    await app.close();
  });
});
