import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.js';
import { silentLogger } from '../../electron/core/logging.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_AUDITOR_EMAIL, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { renameDepartment, deleteEmployee } from '../../cloud/sync/versioning.js';
import { BACKENDS } from '../../cloud/test/backends.js';
import { startFaultProxy } from '../faults/proxy.js';

/**
 * The console core against a real cloud service over HTTP, with a real encrypted cache file:
 * PGlite always, PostgreSQL when reachable.
 */
const ROOT = resolve(__dirname, '../..');

describe.each(BACKENDS)('core ⇄ cloud on $name', ({ skip, create }) => {
  let cloud: RunningCloud;
  let dispose: () => Promise<void> = async () => {};
  let dataDir: string;
  const key = randomBytes(32);
  const open = (cloudUrl = cloud.url, pageSize = 97): Core =>
    createCore({ dataDir, cacheKey: key, cloudUrl, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false, sync: { pageSize } });

  beforeAll(async () => {
    if (skip) return;
    const db = await create();
    dispose = db.dispose;
    let databaseUrl: string | undefined;
    if (db.kind === 'postgres') {
      databaseUrl = (db as { databaseUrl?: string }).databaseUrl;
    } else {
      // The embedded cloud opens its own in-memory PGlite; this one is not needed.
      await db.dispose();
      dispose = async () => {};
    }
    cloud = await startCloud({ port: 0, databaseUrl, seed: { scale: 'S' } });
    dataDir = mkdtempSync(join(tmpdir(), 'custos-int-'));
  });
  afterAll(async () => {
    if (skip) return;
    await cloud?.close();
    await dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(skip)('signs in, pulls the whole demo tenant in pages, and serves it from the cache', async () => {
    const core = open();
    expect(await core.invoke('org.departments', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'WRONG_CREDENTIALS' } });
    const signIn = await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
    expect(signIn).toMatchObject({ ok: true, value: { user: { role: 'super_admin', tenantId: DEMO_TENANT_ID } } });
    const status = await core.invoke('sync.now', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'idle', errorCode: null } });
    const depts = await core.invoke('org.departments', {});
    if (!depts.ok) throw new Error(depts.error.message);
    const { departments } = depts.value as { departments: { id: string; memberCount: number; parentId: string | null }[] };
    expect(departments.length).toBeGreaterThanOrEqual(40);
    expect(departments.filter((d) => d.parentId === null).length).toBeGreaterThanOrEqual(1);
    const members = departments.reduce((n, d) => n + d.memberCount, 0);
    expect(members).toBeGreaterThanOrEqual(500);
    // Cursor equals the cloud's head: nothing missing, nothing extra.
    const head = await cloud.db.execute(`select version from tenant where id = 'demo'` as never);
    const headVersion = Number((head as unknown as { rows: { version: number }[] }).rows[0]!.version);
    expect((status as { value: { cursor: number } }).value.cursor).toBe(headVersion);
    // The lookup index the first sync dropped is back once it ended.
    expect(core.cache.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subject_key' ORDER BY name").all()).toEqual([{ name: 'subject_key_entity_idx' }, { name: 'subject_key_key_idx' }]);
    await core.close();
  });

  it.skipIf(skip)('follows later changes and tombstones, keeps session and data across a restart', async () => {
    const core = open();
    expect(await core.invoke('session.get', {})).toMatchObject({ ok: true, value: { user: { email: DEMO_ADMIN_EMAIL } } });
    const before = (await core.invoke('org.departments', {})) as { ok: true; value: { departments: { id: string; name: string; memberCount: number }[] } };
    const target = before.value.departments.find((d) => d.memberCount > 0)!;
    await renameDepartment(cloud.db, DEMO_TENANT_ID, target.id, 'Renamed in the cloud');
    const employees = (await core.invoke('org.employees', { departmentId: target.id })) as { ok: true; value: { total: number; rows: { id: string }[] } };
    await deleteEmployee(cloud.db, DEMO_TENANT_ID, employees.value.rows[0]!.id);
    await core.invoke('sync.now', {});
    const after = (await core.invoke('org.departments', {})) as typeof before;
    const renamed = after.value.departments.find((d) => d.id === target.id)!;
    expect(renamed.name).toBe('Renamed in the cloud');
    const again = (await core.invoke('org.employees', { departmentId: target.id })) as typeof employees;
    expect(again.value.total).toBe(employees.value.total - 1);
    expect(again.value.rows.map((r) => r.id)).not.toContain(employees.value.rows[0]!.id);
    await core.close();
  });

  it.skipIf(skip)('works offline from the cache when the cloud is unreachable', async () => {
    const core = open('http://127.0.0.1:9'); // nothing listens on the discard port
    const status = await core.invoke('sync.now', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'offline', errorCode: 'CLOUD_UNREACHABLE' } });
    const depts = (await core.invoke('org.departments', {})) as { ok: true; value: { departments: unknown[] } };
    expect(depts.value.departments.length).toBeGreaterThanOrEqual(40);
    await core.close();
  });

  it.skipIf(skip)('keeps the first page of a pull at once, however long the batch bound', async () => {
    // A console killed a moment into a first sync must have kept something (the kill -9 test
    // stalled when each short run ended before its first batch's time bound).
    const fresh = mkdtempSync(join(tmpdir(), 'custos-int-'));
    const core = createCore({ dataDir: fresh, cacheKey: key, cloudUrl: cloud.url, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false, sync: { pageSize: 97, applyBatchMs: 600_000 } });
    const seen = new Set<number>();
    // Nothing is open until sign-in has opened this account's cache.
    const cursor = () => (core.cacheFile() === null ? 0 : ((core.cache.sqlite.prepare('SELECT cursor FROM sync_state').get() as { cursor: number } | undefined)?.cursor ?? 0));
    const poll = setInterval(() => seen.add(cursor()), 1);
    try {
      await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
      const status = (await core.invoke('sync.now', {})) as { ok: true; value: { state: string; cursor: number } };
      expect(status.value.state).toBe('idle');
      const between = [...seen].filter((c) => c > 0 && c < status.value.cursor);
      expect(between.length).toBeGreaterThan(0);
      expect(Math.min(...between)).toBeLessThan(status.value.cursor / 10); // the first page
    } finally {
      clearInterval(poll);
      await core.close();
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it.skipIf(skip)('asks for a whole batch per page while a batch or more remains, as far as the link allows', async () => {
    const syncThrough = async (latencyMs: number, opts: { pageBudgetMs?: number }, stopAfterPulls = Infinity) => {
      const proxy = await startFaultProxy(cloud.url, Math.random, { dropBefore: 0, dropAfter: 0, serverError: 0, latency: latencyMs > 0 ? 1 : 0, latencyMs });
      const fresh = mkdtempSync(join(tmpdir(), 'custos-int-'));
      const core = createCore({ dataDir: fresh, cacheKey: key, cloudUrl: proxy.url, host: 'browser', migrationsDir: join(ROOT, 'migrations'), version: 'test', logger: silentLogger, autoSync: false, sync: { pageSize: 50, applyBatchRows: 500, ...opts } });
      const stop = setInterval(() => {
        if (proxy.pullLimits.length >= stopAfterPulls) void core.invoke('sync.cancel', {});
      }, 5);
      try {
        await core.invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
        const status = (await core.invoke('sync.now', {})) as { ok: true; value: { state: string } };
        expect(status.value.state).toBe('idle');
        return proxy.pullLimits;
      } finally {
        clearInterval(stop);
        await core.close();
        await proxy.close();
        rmSync(fresh, { recursive: true, force: true });
      }
    };
    // Loopback: the first page small (and written alone), then whole batches, small pages again for the rest.
    expect((await syncThrough(0, {})).join(',')).toMatch(/^50,(500,)+50(,50)*$/);
    // A slow link (100 ms a page, 400 ms budget): pages grow only to what arrives in the budget.
    const slow = await syncThrough(100, { pageBudgetMs: 400 }, 4);
    expect(slow[0]).toBe(50);
    for (const limit of slow.slice(1, 4)) {
      expect(limit).toBeGreaterThan(50);
      expect(limit).toBeLessThanOrEqual(200);
    }
  });

  it.skipIf(skip)('the auditor role signs in too, and sign-out forgets the session', async () => {
    const core = open();
    expect(await core.invoke('session.signIn', { email: DEMO_AUDITOR_EMAIL, password: DEMO_ADMIN_PASSWORD })).toMatchObject({ ok: true, value: { user: { role: 'auditor' } } });
    expect(await core.invoke('session.signOut', {})).toEqual({ ok: true, value: { ok: true } });
    expect(await core.invoke('session.get', {})).toEqual({ ok: true, value: { user: null, locked: false } });
    expect(await core.invoke('sync.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await core.close();
  });
});
