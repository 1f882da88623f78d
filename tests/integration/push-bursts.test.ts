import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../cloud/db/open.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import type { Core } from '../../electron/core/index.js';
import { call, openClient, settle, tempDir } from '../faults/harness.js';

/**
 * Outbox bursts (issue 29 item 3): consoles each queue a burst of commands while the cloud
 * answers a push after a short time budget. Every command is applied once, every console's
 * outbox empties, and no push answers for more than it was sent.
 */
const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
const BURST = 40;
let cloud: RunningCloud;
const consoles: Core[] = [];

beforeAll(async () => {
  // 5 ms: most pushes stop after a command or two, so the partial-answer path carries the burst.
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 6, employees: 200, customers: 20, approvals: 5 }, schedulerIntervalMs: 0, pushBudgetMs: 5 });
  for (let i = 0; i < 3; i++) {
    const core = openClient(tempDir('burst'), cloud.url, randomBytes(32), 2000);
    await call(core, 'session.signIn', ADMIN);
    await settle(core);
    consoles.push(core);
  }
}, 120_000);
afterAll(async () => {
  for (const c of consoles) await c.close();
  await cloud?.close();
});

describe('push bursts under a time budget', () => {
  it('applies every command of three concurrent bursts once, in answers the cloud cut short', async () => {
    const ids = rowsOf<{ id: string }>(await cloud.db.execute(sql`select id from employee where tenant_id = ${DEMO_TENANT_ID} and not deleted order by id limit ${3 * BURST}`)).map((r) => r.id);
    const before = rowsOf<{ n: number }>(await cloud.db.execute(sql`select count(*)::int as n from command_log`))[0]!.n;
    for (const [c, core] of consoles.entries()) {
      for (let i = 0; i < BURST; i++) await call(core, 'employee.update', { id: ids[c * BURST + i]!, patch: { title: `Burst ${c}-${i}` } });
      expect((await call<{ queued: number }>(core, 'sync.status')).queued).toBe(BURST);
    }
    // One sync run each: a push cut short by the budget is followed at once by the rest.
    const statuses = await Promise.all(consoles.map((core) => call<{ state: string; queued: number; issues: number }>(core, 'sync.now')));
    for (const s of statuses) expect(s).toMatchObject({ state: 'idle', queued: 0, issues: 0 });
    const log = rowsOf<{ n: number; ids: number; applied: number; versions: number; lo: number; hi: number }>(
      await cloud.db.execute(sql`select count(*)::int as n, count(distinct mutation_id)::int as ids,
        count(*) filter (where result->>'status' = 'applied')::int as applied,
        count(distinct (result->>'version')::bigint)::int as versions,
        min((result->>'version')::bigint)::int as lo, max((result->>'version')::bigint)::int as hi
        from command_log where tenant_id = ${DEMO_TENANT_ID} and name = 'employee.update'`),
    )[0]!;
    expect(log.n - before).toBe(3 * BURST);
    expect(log).toMatchObject({ ids: log.n, applied: log.n, versions: log.n });
    // One version each, none skipped: the answered versions are a gap-free range.
    expect(log.hi - log.lo + 1).toBe(log.n);
    for (const [c, core] of consoles.entries()) {
      const e = await call<{ employee: { title: string | null } }>(core, 'employees.get', { id: ids[c * BURST + BURST - 1]! });
      expect(e.employee.title).toBe(`Burst ${c}-${BURST - 1}`);
    }
  }, 300_000);
});
