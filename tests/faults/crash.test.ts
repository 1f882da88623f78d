import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { renameDepartment } from '../../cloud/sync/versioning.js';
import { dumpCache, freshDump, openClient, ROOT, tempDir } from './harness.js';

/**
 * kill -9 of the console at random points while it pulls and pushes: at least 50 kills. Then one
 * clean run settles. The cache must open, hold no half-applied page, have pushed every command it
 * queued exactly once, and equal the cloud.
 */
const KILLS = Number(process.env.CUSTOS_CRASH_KILLS ?? 50);
const SEED = Number(process.env.CUSTOS_CRASH_SEED ?? Date.now() % 100000);

function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let cloud: RunningCloud;
const key = randomBytes(32);
const dir = tempDir('crash');
const dataDir = join(dir, 'cache');
const log = join(dir, 'queued.log');

function queuedIds(): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => l.split(' ')[0]!) : [];
}

function runWorker(mode: 'work' | 'settle', killAfterReadyMs: number | null): Promise<{ code: number | null; signal: string | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/faults/crash-worker.ts'), dataDir, cloud.url, key.toString('hex'), mode, log, DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterReadyMs !== null && out.includes('ready\n')) setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs);
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
});
afterAll(async () => {
  await cloud?.close();
});

describe(`kill -9 during pull and push (seed ${SEED})`, () => {
  it(`survives ${KILLS} kills: nothing lost, nothing applied twice, cache equals cloud`, { timeout: 900_000 }, async () => {
    const random = mulberry32(SEED);
    const departments = (await cloud.db.execute(`select id from department where tenant_id = '${DEMO_TENANT_ID}' order by id` as never)) as unknown as { rows: { id: string }[] };
    let killed = 0;
    // Kills land at a random point within a window after sign-in. On a slow or loaded machine a
    // short window may end every run before the first sync has brought customers to edit; a run
    // that queued nothing widens the window (up to 8 s), so the kills still fall in pulls and
    // pushes rather than always in the same early moment.
    let windowMs = 500;
    let queuedBefore = 0;
    for (let i = 0; i < KILLS; i++) {
      // Changes in the cloud between runs, so every run has pages to pull.
      for (let k = 0; k < 3; k++) {
        const d = departments.rows[Math.floor(random() * departments.rows.length)]!;
        await renameDepartment(cloud.db, DEMO_TENANT_ID, d.id, `Renamed ${i}-${k}`);
      }
      const r = await runWorker('work', Math.floor(random() * windowMs));
      expect(r.out).not.toMatch(/worker failed/);
      if (r.signal === 'SIGKILL') killed++;
      const queuedNow = queuedIds().length;
      if (queuedNow === queuedBefore) windowMs = Math.min(windowMs * 2, 8_000);
      queuedBefore = queuedNow;
    }
    expect(killed).toBeGreaterThanOrEqual(KILLS);

    const settled = await runWorker('settle', null);
    expect(settled.code, settled.out).toBe(0);

    // The cache opens, is intact, and its outbox is empty with no sync issues.
    const core = openClient(dataDir, cloud.url, key);
    await core.ready();
    expect(core.cache.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(core.cache.sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });

    // Every command the worker queued reached the cloud exactly once.
    const queued = queuedIds();
    expect(queued.length).toBeGreaterThan(20);
    const applied = (await cloud.db.execute(`select mutation_id, result from command_log where tenant_id = '${DEMO_TENANT_ID}'` as never)) as unknown as { rows: { mutation_id: string; result: { status: string } }[] };
    const byId = new Map(applied.rows.map((r) => [r.mutation_id, r.result]));
    const missing = queued.filter((id) => byId.get(id)?.status !== 'applied');
    expect(missing).toEqual([]);
    // At most one command per kill can have committed locally without reaching our log.
    expect(applied.rows.length - queued.length).toBeLessThanOrEqual(KILLS);
    const audits = (await cloud.db.execute(`select count(*)::int as n from audit_event where tenant_id = '${DEMO_TENANT_ID}' and action = 'customer.update'` as never)) as unknown as { rows: { n: number }[] };
    expect(audits.rows[0]!.n).toBe(applied.rows.filter((r) => r.result.status === 'applied').length);

    // And the cache equals the cloud.
    const mine = dumpCache(core);
    await core.close();
    expect(mine).toEqual(await freshDump(cloud.url, randomBytes(32), { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }));
  });
});
