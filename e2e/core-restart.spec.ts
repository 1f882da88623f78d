import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { signInAndSync, useDemoHost } from './support';

/**
 * The browser host runs the core in a child process. Killed for real (SIGKILL), it is restarted
 * by the host; meanwhile the page says it is reconnecting, then carries on by itself, still
 * signed in.
 */
const host = useDemoHost();

/** The browser host's child process running the core (the bundle the host runs, or the entry from source). */
function corePid(hostPid: number): number {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(hostPid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => /dist\/electron\/core\.mjs|core\/process\/entry/.test(l));
  if (!line) throw new Error(`no core process under ${hostPid}:\n${out}`);
  return Number(line.trim().split(/\s+/)[0]);
}

test('a killed core: the console shows "reconnecting", then carries on signed in', async ({ page }) => {
  await signInAndSync(page, host().url);
  const pid = corePid(host().pid);
  process.kill(pid, 'SIGKILL');
  // The page learns of the restart from its next call; on a fast machine the host may restart
  // the core before any poll falls due, so act as a person would: ask for a sync at once.
  await page.getByTestId('sync-now').click();
  const banner = page.getByTestId('core-connection');
  await expect(banner).toHaveAttribute('data-state', 'reconnecting');
  await expect(banner.getByRole('status')).toContainText(/Reconnecting/);
  await page.screenshot({ path: 'test-results/core-reconnecting.png' });
  await expect(banner).toBeHidden({ timeout: 60_000 });
  expect(corePid(host().pid)).not.toBe(pid);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'idle');
  await expect(page.getByTestId('sign-out')).toBeVisible();
});
