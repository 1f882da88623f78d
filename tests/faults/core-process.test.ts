import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { silentLogger } from '../../electron/core/logging.js';
import { coreLogFile, forkCore, startForkedCore } from '../../electron/core/process/fork.js';
import { CoreSupervisor } from '../../electron/core/process/supervisor.js';
import type { CoreProcessOptions } from '../../electron/core/process/protocol.js';
import type { OutputOf } from '../../shared/contract.js';
import { dumpCache, freshDump, MIGRATIONS, openClient, tempDir } from './harness.js';

/**
 * The core in its own process, as the browser host runs it, killed for real (SIGKILL) in the
 * middle of a first sync and of an outbox drain: the host restarts it, the session is kept, and
 * afterwards nothing is lost or applied twice (the cache equals a fresh copy of the cloud).
 */
let cloud: RunningCloud;
const credentials = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
});
afterAll(async () => {
  await cloud?.close();
});

const options = (dataDir: string, sync: CoreProcessOptions['sync']): CoreProcessOptions => ({ dataDir, cloudUrl: cloud.url, host: 'browser', migrationsDir: MIGRATIONS, version: 'test', sync });

type Status = OutputOf<'sync.status'>;

/** Calls the core through the host; while it restarts, tries again (as the renderer does). */
async function call<T>(core: CoreSupervisor, name: string, input: unknown = {}): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const r = await core.invoke(name, input);
    if (r.ok) return r.value as T;
    if (r.error.code !== 'CORE_RESTARTING') throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${name}: the core did not come back`);
}

/** Polls until `done` holds (visible state, not a fixed sleep). */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v).slice(0, 300)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** Closes the core process, then compares its cache with a fresh copy of the cloud. */
async function expectCacheEqualsCloud(core: CoreSupervisor, dataDir: string, key: Buffer): Promise<void> {
  await core.close();
  const local = openClient(dataDir, cloud.url, key);
  // The account's own cache reopens with the session the core process kept.
  await local.ready();
  expect(local.cache.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(local.cache.sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  const mine = dumpCache(local);
  await local.close();
  expect(mine).toEqual(await freshDump(cloud.url, randomBytes(32), credentials));
}

describe('the core process, killed with SIGKILL', () => {
  it('during a first sync: restarted at once, still signed in, and the sync completes with nothing lost', { timeout: 300_000 }, async () => {
    const dataDir = tempDir('core-kill-pull');
    const key = randomBytes(32);
    const states: string[] = [];
    // Small pages so the first sync is many transactions long and the kill lands inside it.
    const core = await startForkedCore(options(dataDir, { pageSize: 100, applyBatchRows: 100 }), { cacheKey: key, logger: silentLogger, echo: false, onState: (s) => states.push(s) });
    await call(core, 'session.signIn', credentials);
    const before = await until(() => call<Status>(core, 'sync.status'), (s) => s.state === 'syncing' && s.cursor > 0);
    const pid = core.pid!;
    process.kill(pid, 'SIGKILL');
    await until(async () => core.state, (s) => s !== 'ready', 10_000);
    expect(['restarting', 'ready']).toContain(core.state);
    await core.ready();
    expect(core.pid).not.toBe(pid);
    expect(core.restarts).toBe(1);
    expect(states).toContain('restarting');
    // The session was kept; the new core goes on from the cursor the last committed page stored.
    expect((await call<OutputOf<'session.get'>>(core, 'session.get')).user?.email).toBe(DEMO_ADMIN_EMAIL);
    const after = await call<Status>(core, 'sync.status');
    expect(after.cursor).toBeGreaterThanOrEqual(before.cursor);
    await until(() => call<Status>(core, 'sync.now'), (s) => s.state === 'idle' && s.queued === 0);
    await expectCacheEqualsCloud(core, dataDir, key);
  });

  it('during an outbox drain: every queued command reaches the cloud exactly once', { timeout: 300_000 }, async () => {
    const dataDir = tempDir('core-kill-push');
    const key = randomBytes(32);
    // Two commands per push, so draining the outbox takes many requests.
    const core = await startForkedCore(options(dataDir, { pushBatch: 2 }), { cacheKey: key, logger: silentLogger, echo: false });
    await call(core, 'session.signIn', credentials);
    await until(() => call<Status>(core, 'sync.now'), (s) => s.state === 'idle');
    const customerAudits = async () => Number(((await cloud.db.execute(`select count(*)::int as n from audit_event where tenant_id = '${DEMO_TENANT_ID}' and action = 'customer.update'` as never)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const auditsBefore = await customerAudits();
    const { rows } = await call<{ rows: { id: string }[] }>(core, 'customers.list', { limit: 40 });
    const mutationIds: string[] = [];
    for (const [i, row] of rows.entries()) mutationIds.push((await call<{ mutationId: string }>(core, 'customer.update', { id: row.id, patch: { name: `Drained ${i}` } })).mutationId);
    expect(mutationIds.length).toBe(40);
    // Kill it once the cloud has some of them but not all.
    const applied = async () => Number(((await cloud.db.execute(`select count(*)::int as n from command_log where tenant_id = '${DEMO_TENANT_ID}' and mutation_id in (${mutationIds.map((m) => `'${m}'`).join(',')})` as never)) as unknown as { rows: { n: number }[] }).rows[0]!.n);
    const sentBefore = await until(applied, (n) => n > 0);
    process.kill(core.pid!, 'SIGKILL');
    expect(sentBefore).toBeLessThan(40);
    await core.ready();
    await until(() => call<Status>(core, 'sync.now'), (s) => s.state === 'idle' && s.queued === 0 && s.issues === 0);
    const log = (await cloud.db.execute(`select mutation_id, result from command_log where tenant_id = '${DEMO_TENANT_ID}' and mutation_id in (${mutationIds.map((m) => `'${m}'`).join(',')})` as never)) as unknown as { rows: { mutation_id: string; result: { status: string } }[] };
    expect(log.rows.length).toBe(40);
    expect(log.rows.every((r) => r.result.status === 'applied')).toBe(true);
    // One audit event per command: none was applied twice.
    expect((await customerAudits()) - auditsBefore).toBe(40);
    await expectCacheEqualsCloud(core, dataDir, key);
  });
});

describe('crash loop and shutdown', () => {
  it('a core that dies at once three times is not restarted again, and the error names the log', { timeout: 60_000 }, async () => {
    const dir = tempDir('core-crash-loop');
    const entry = join(dir, 'crashing-core.mjs');
    writeFileSync(entry, "process.stderr.write('simulated crash\\n'); process.exit(7);\n");
    const logFile = coreLogFile(dir);
    const core = new CoreSupervisor({ spawn: forkCore({ logFile, entry, echo: false }), options: options(dir, undefined), hostOps: {}, logger: silentLogger, logFile });
    const err = await core.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CORE_FAILED' });
    expect((err as Error).message).toContain(logFile);
    expect(core.state).toBe('failed');
    expect(core.restarts).toBe(2);
    expect(await core.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'CORE_FAILED' } });
    expect(readFileSync(logFile, 'utf8').match(/simulated crash/g)).toHaveLength(3);
  });

  it('stopping asks the core to close; one that does not answer is killed after the grace period', { timeout: 60_000 }, async () => {
    const dir = tempDir('core-stuck');
    const entry = join(dir, 'stuck-core.mjs');
    // Says it is ready, then ignores the shutdown request and SIGTERM.
    writeFileSync(entry, "process.on('SIGTERM', () => {}); process.on('message', () => {}); process.send({ t: 'ev', name: 'core.ready', payload: null }); setInterval(() => {}, 1000);\n");
    const logFile = coreLogFile(dir);
    const core = new CoreSupervisor({ spawn: forkCore({ logFile, entry, echo: false }), options: options(dir, undefined), hostOps: {}, logger: silentLogger, logFile, shutdownMs: 300 });
    await core.start();
    const pid = core.pid!;
    const started = Date.now();
    await core.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => process.kill(pid, 0)).toThrow();
  });

  it('a real core closes its cache and exits within 5 s of being asked', { timeout: 120_000 }, async () => {
    const dataDir = tempDir('core-close');
    const core = await startForkedCore(options(dataDir, undefined), { cacheKey: randomBytes(32), logger: silentLogger, echo: false });
    const pid = core.pid!;
    const started = Date.now();
    await core.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(existsSync(coreLogFile(dataDir))).toBe(true);
  });
});
