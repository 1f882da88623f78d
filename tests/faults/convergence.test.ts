import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { renameDepartment } from '../../cloud/sync/versioning.js';
import { call, dumpCache, freshDump, openClient, settle, tempDir } from './harness.js';
import { startFaultProxy, type FaultProxy } from './proxy.js';

const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
let cloud: RunningCloud;
const key = randomBytes(32);
let customerIds: string[] = [];
let employeeIds: string[] = [];

beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S' } });
});
afterAll(async () => {
  await cloud?.close();
});

async function client(proxy: FaultProxy): Promise<Core> {
  const core = openClient(tempDir('client'), proxy.url, key, 2000);
  await call(core, 'session.signIn', ADMIN);
  await settle(core);
  return core;
}

describe('three clients with random commands and random offline periods', () => {
  const proxies: FaultProxy[] = [];
  const clients: Core[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) {
      proxies.push(await startFaultProxy(cloud.url));
      clients.push(await client(proxies[i]!));
    }
    const customers = await call<{ rows: { id: string }[] }>(clients[0]!, 'customers.list', { limit: 12 });
    customerIds = customers.rows.map((r) => r.id);
    const depts = await call<{ departments: { id: string; memberCount: number }[] }>(clients[0]!, 'org.departments');
    const dept = depts.departments.find((d) => d.memberCount > 3)!;
    employeeIds = (await call<{ rows: { id: string }[] }>(clients[0]!, 'org.employees', { departmentId: dept.id, limit: 4 })).rows.map((r) => r.id);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    for (const p of proxies) await p.close();
  });

  const step = fc.oneof(
    fc.record({ kind: fc.constant('customer' as const), client: fc.nat(2), row: fc.nat(11), field: fc.constantFrom('name', 'industry', 'status'), value: fc.nat(4) }),
    fc.record({ kind: fc.constant('employee' as const), client: fc.nat(2), row: fc.nat(3), value: fc.nat(4) }),
    fc.record({ kind: fc.constant('offline' as const), client: fc.nat(2), down: fc.boolean() }),
    fc.record({ kind: fc.constant('sync' as const), client: fc.nat(2) }),
    fc.record({ kind: fc.constant('cloud' as const), value: fc.nat(4) }),
  );

  it('converges to the cloud state', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 25 }), async (steps) => {
        for (const s of steps) {
          if (s.kind === 'offline') proxies[s.client]!.down = s.down;
          else if (s.kind === 'sync') await call(clients[s.client]!, 'sync.now');
          else if (s.kind === 'cloud') await renameDepartment(cloud.db, DEMO_TENANT_ID, 'd00001', `Cloud edit ${s.value}`);
          else if (s.kind === 'customer') {
            const patch = s.field === 'status' ? { status: (['lead', 'active', 'inactive', 'lost'] as const)[s.value % 4] } : { [s.field]: `${s.field} ${s.value}` };
            await call(clients[s.client]!, 'customer.update', { id: customerIds[s.row]!, patch });
          } else {
            await call(clients[s.client]!, 'employee.update', { id: employeeIds[s.row]!, patch: { title: `Title ${s.value}` } });
          }
        }
        for (const p of proxies) p.down = false;
        // Two rounds: every client's commands reach the cloud, then every client pulls the rest.
        for (let round = 0; round < 2; round++) for (const c of clients) await settle(c);
        const truth = await freshDump(cloud.url, randomBytes(32), ADMIN);
        for (const c of clients) {
          const status = await call<{ queued: number; state: string }>(c, 'sync.status');
          expect(status).toMatchObject({ queued: 0, state: 'idle' });
          expect(dumpCache(c)).toEqual(truth);
        }
      }),
      { numRuns: Number(process.env.CUSTOS_PROPERTY_RUNS ?? 8), endOnFailure: true },
    );
  });
});

describe('a fault-injecting proxy (dropped connections, 5xx, 2 s latency)', () => {
  it('still converges, applying every command exactly once', { timeout: 600_000 }, async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const proxy = await startFaultProxy(cloud.url, random);
    const core = await client(proxy);
    proxy.plan = { dropBefore: 0.15, dropAfter: 0.15, serverError: 0.1, latency: 0.1, latencyMs: 2000 };
    const ids: string[] = [];
    const customers = await call<{ rows: { id: string }[] }>(core, 'customers.list', { limit: 20, offset: 40 });
    for (const [i, row] of customers.rows.entries()) {
      ids.push((await call<{ mutationId: string }>(core, 'customer.update', { id: row.id, patch: { name: `Through faults ${i}` } })).mutationId);
      // Sync after every command: many round trips through the faults, each with a few commands queued.
      await call(core, 'sync.now');
    }
    const status = await settle(core, 200);
    expect(status).toMatchObject({ queued: 0, state: 'idle' });
    expect(proxy.stats.droppedAfter + proxy.stats.droppedBefore + proxy.stats.serverErrors).toBeGreaterThan(3);

    const log = (await cloud.db.execute(`select mutation_id, result from command_log where mutation_id in (${ids.map((i) => `'${i}'`).join(',')})` as never)) as unknown as { rows: { mutation_id: string; result: { status: string } }[] };
    expect(log.rows.map((r) => r.result.status)).toEqual(ids.map(() => 'applied'));
    proxy.plan = { dropBefore: 0, dropAfter: 0, serverError: 0, latency: 0, latencyMs: 0 };
    await settle(core);
    expect(dumpCache(core)).toEqual(await freshDump(cloud.url, randomBytes(32), ADMIN));
    await core.close();
    await proxy.close();
  });

  it('refuses a tampered or reordered page whole, and recovers once pages are honest', async () => {
    const proxy = await startFaultProxy(cloud.url);
    const core = await client(proxy);
    const before = await call<{ cursor: number }>(core, 'sync.status');
    await renameDepartment(cloud.db, DEMO_TENANT_ID, 'd00002', 'Honest name');
    await renameDepartment(cloud.db, DEMO_TENANT_ID, 'd00003', 'Second honest name');

    proxy.rewritePull = (body) => body.replace('Honest name', 'Forged name');
    const tampered = await call<{ state: string; errorCode: string; cursor: number }>(core, 'sync.now');
    expect(tampered).toMatchObject({ state: 'error', errorCode: 'SYNC_PAGE_REJECTED', cursor: before.cursor });

    proxy.rewritePull = (body) => {
      const page = JSON.parse(body) as { kind: string; changes?: unknown[] };
      if (page.kind === 'page' && page.changes && page.changes.length > 1) page.changes.reverse();
      return JSON.stringify(page);
    };
    const reordered = await call<{ state: string; errorCode: string; cursor: number }>(core, 'sync.now');
    expect(reordered).toMatchObject({ state: 'error', errorCode: 'SYNC_PAGE_REJECTED', cursor: before.cursor });
    const names = await call<{ departments: { id: string; name: string }[] }>(core, 'org.departments');
    expect(names.departments.find((d) => d.id === 'd00002')?.name).not.toBe('Forged name');

    proxy.rewritePull = null;
    expect(await call(core, 'sync.now')).toMatchObject({ state: 'idle' });
    const after = await call<{ departments: { id: string; name: string }[] }>(core, 'org.departments');
    expect(after.departments.find((d) => d.id === 'd00002')?.name).toBe('Honest name');
    await core.close();
    await proxy.close();
  });
});
