import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import { UNLOCK_ATTEMPTS } from '../../electron/core/session/lock.js';

/** The console lock: everything but the lock screen's needs is refused; the password unlocks, offline too; too many wrong ones sign out. */
const ROOT = resolve(import.meta.dirname, '../..');
let cloud: RunningCloud;
let dir: string;
const key = randomBytes(32);
const open = (cloudUrl = cloud.url): Core =>
  createCore({ dataDir: dir, cacheKey: key, cloudUrl, host: 'electron', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false });

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
  dir = mkdtempSync(join(tmpdir(), 'custos-lock-'));
});
afterAll(async () => {
  await cloud?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('console lock', () => {
  it('locks, refuses data while locked (across a restart, offline), and unlocks with the password', async () => {
    let core = open();
    await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    await core.invoke('sync.now', {});
    expect(await core.invoke('session.lock', {})).toEqual({ ok: true, value: { locked: true } });
    expect(await core.invoke('org.departments', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await core.invoke('employees.get', { id: 'e000001' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await core.invoke('session.get', {})).toMatchObject({ ok: true, value: { locked: true, user: { email: DEMO_ADMIN_EMAIL } } });
    await core.close();

    // Restarted with the cloud out of reach: still locked, and the password still unlocks.
    core = open('http://127.0.0.1:9');
    expect(await core.invoke('org.departments', {})).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await core.invoke('session.unlock', { password: 'not-it' })).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    expect(await core.invoke('session.unlock', { password: DEMO_ADMIN_PASSWORD })).toEqual({ ok: true, value: { locked: false } });
    const depts = await core.invoke('org.departments', {});
    expect(depts.ok).toBe(true);
    await core.close();
  });

  it(`signs out after ${UNLOCK_ATTEMPTS} wrong passwords, keeping the cache`, async () => {
    const core = open();
    await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    await core.invoke('session.lock', {});
    for (let i = 1; i < UNLOCK_ATTEMPTS; i++) expect(await core.invoke('session.unlock', { password: `wrong ${i}` })).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    expect(await core.invoke('session.unlock', { password: 'wrong again' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.invoke('session.get', {})).toEqual({ ok: true, value: { user: null, locked: false } });
    // Signing in again starts unlocked, on the kept cache, and the lock's verifier follows the new sign-in.
    await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    expect((core.cache.sqlite.prepare('SELECT count(*) AS n FROM employee').get() as { n: number }).n).toBeGreaterThan(0);
    expect(await core.invoke('session.get', {})).toMatchObject({ ok: true, value: { locked: false } });
    expect((await core.invoke('org.departments', {})).ok).toBe(true);
    await core.close();
  });

  it('keeps the idle time chosen on this computer', async () => {
    const core = open();
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: true, value: { idleLockMinutes: 15 } });
    await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    expect(await core.invoke('settings.setIdleLock', { minutes: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await core.invoke('settings.setIdleLock', { minutes: 5 });
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: true, value: { idleLockMinutes: 5 } });
    await core.close();
  });
});
