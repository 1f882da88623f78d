import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { NO_FAULTS, startFaultProxy, type FaultProxy } from '../faults/proxy.js';
import type { UpdateState } from '../../shared/updates.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import { FeedDriver } from '../../electron/core/updates/controller.js';
import { LoopbackFeed } from '../../electron/core/updates/loopback-feed.testkit.js';

/**
 * The update flow through the contract of a real core (real cache, real cloud on PGlite, a
 * loopback feed): the restart is refused while a sync really runs, and the channel is kept.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('updates through the core', () => {
  const feed = new LoopbackFeed();
  let cloud: RunningCloud;
  let proxy: FaultProxy;
  let dataDir: string;
  const key = randomBytes(32);
  const installed: string[] = [];
  const open = (): Core =>
    createCore({
      dataDir,
      cacheKey: key,
      cloudUrl: proxy.url,
      host: 'electron',
      migrationsDir: join(ROOT, 'migrations'),
      version: '1.1.0',
      logger: silentLogger,
      autoSync: false,
      updates: {
        driver: new FeedDriver({ downloadDir: join(dataDir, 'updates'), platform: 'win32', arch: 'x64', install: (f) => installed.push(f) }),
        unsupported: null,
        feedUrl: feed.url,
        autoCheck: false,
      },
    });
  const value = async <T>(p: ReturnType<Core['invoke']>): Promise<T> => {
    const r = await p;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };

  beforeAll(async () => {
    await feed.start();
    cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
    proxy = await startFaultProxy(cloud.url);
    dataDir = mkdtempSync(join(tmpdir(), 'custos-upd-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await cloud?.close();
    await feed.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('downloads an update, holds the restart while a sync runs, then installs; the channel survives a restart', async () => {
    feed.publish('stable', '1.2.0');
    let core = open();
    expect(await core.invoke('updates.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await value(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    await value(core.invoke('sync.now', {}));

    const checked = await value<UpdateState>(core.invoke('updates.check', {}));
    expect(checked).toMatchObject({ unsupported: null, currentVersion: '1.1.0', channel: 'stable', available: { version: '1.2.0' } });
    await core.updates.settled();
    expect(await value<UpdateState>(core.invoke('updates.status', {}))).toMatchObject({ phase: 'ready', heldBy: null });

    // Slow the cloud down so the next sync is still running when the restart is asked for.
    proxy.plan = { ...NO_FAULTS, latency: 1, latencyMs: 1500 };
    const syncing = core.invoke('sync.now', {});
    await expect.poll(() => core.sync.status().state).toBe('syncing');
    expect(await value<UpdateState>(core.invoke('updates.status', {}))).toMatchObject({ phase: 'ready', heldBy: 'sync' });
    expect(await core.invoke('updates.install', {})).toMatchObject({ ok: false, error: { code: 'UPDATE_BUSY' } });
    expect(installed).toEqual([]);
    proxy.plan = { ...NO_FAULTS };
    await syncing;
    expect(await value(core.invoke('updates.install', {}))).toEqual({ ok: true });
    expect(installed).toEqual([join(dataDir, 'updates', 'Custos-Setup-1.2.0.exe')]);

    expect(await core.invoke('updates.setChannel', { channel: 'nightly' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await value(core.invoke('updates.setChannel', { channel: 'beta' }));
    await core.updates.settled();
    await core.close();
    core = open();
    await value(core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
    expect(await value<UpdateState>(core.invoke('updates.status', {}))).toMatchObject({ channel: 'beta', phase: 'idle' });
    await core.close();
  });
});
