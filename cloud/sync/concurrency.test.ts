import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { CommandResult, PushedCommand } from '../../shared/commands.js';
import { verifyAuditChain } from '../audit/chain.js';
import { rowsOf } from '../db/open.js';
import { auditEvent, commandLog, customer, employee, tenant } from '../db/schema.js';
import { DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { TENANT_WIDE } from '../scope/visibility.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { pullChanges } from './pull.js';
import { pushCommands, rowLocal, type PushContext } from './push.js';

const SEED = { scale: 'S' as const, seed: 'concurrency-test', departments: 20, employees: 120, customers: 30, approvals: 5 };

/**
 * The sync protocol's guarantees with many consoles pushing at once (issue 29: versions are taken
 * at the end of each command's transaction, commands on one row's plain fields run side by side):
 * versions unique and gap-free, commit order = version order (a puller running meanwhile misses
 * nothing), exactly one effect per mutation id however it is raced or replayed, one audit event
 * per applied command and a chain that verifies.
 */
for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`concurrent pushes on ${backend.name}`, () => {
    let t: TestDb;
    const tenantVersion = async () => Number((await t.db.select({ v: tenant.version }).from(tenant).where(eq(tenant.id, DEMO_TENANT_ID)))[0]!.v);

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, SEED);
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('tells commands on one row’s plain fields from those whose checks read the tenant', () => {
      expect(rowLocal({ name: 'employee.update', args: { id: 'e', patch: { title: 'x', rank: 'P5' } } })).toBe(true);
      expect(rowLocal({ name: 'employee.update', args: { id: 'e', patch: { title: 'x', email: 'a@b.cn' } } })).toBe(false);
      expect(rowLocal({ name: 'employee.update', args: { id: 'e', patch: { departmentIds: ['d'] } } })).toBe(false);
      expect(rowLocal({ name: 'department.update', args: { id: 'd', patch: { name: 'x' } } })).toBe(false);
      expect(rowLocal({ name: 'customer.update', args: { id: 'c', patch: { ownerEmployeeId: 'e' } } })).toBe(false);
      expect(rowLocal({ name: 'contact.update', args: { id: 'c', patch: { wechat: 'w' } } })).toBe(true);
      expect(rowLocal({ name: 'employee.create', args: { id: 'e', values: {} } })).toBe(false);
      expect(rowLocal({ name: 'employee.update', args: { id: 'e', patch: null } })).toBe(false);
    });

    it('keeps versions gap-free, pulls complete, effects single and the chain whole under racing consoles and replays', async () => {
      const employees = (await t.db.select({ id: employee.id }).from(employee).where(and(eq(employee.tenantId, DEMO_TENANT_ID), eq(employee.deleted, false))).orderBy(employee.id)).map((r) => r.id);
      const [hot] = (await t.db.select({ id: customer.id }).from(customer).where(and(eq(customer.tenantId, DEMO_TENANT_ID), eq(customer.deleted, false))).orderBy(customer.id).limit(1)).map((r) => r.id);
      const head0 = await tenantVersion();
      const events0 = (await verifyAuditChain(t.db, DEMO_TENANT_ID)).events;
      const consoles = 8;
      const perConsole = 8;
      // Each console: its own employees written once each (plain fields: the tenant lock shared;
      // every third one also changes the email: exclusive), and the same hot customer as everyone.
      const plan = Array.from({ length: consoles }, (_, c) =>
        Array.from({ length: perConsole }, (_, i): PushedCommand => {
          if (i % 4 === 3) return { id: ulid(), name: 'customer.update', args: { id: hot!, patch: { industry: `industry ${c}-${i}` } }, baseVersion: head0 };
          const row = employees[c * perConsole + i]!;
          const patch = i % 3 === 2 ? { title: `T ${c}-${i}`, email: `concurrent-${c}-${i}@example.com` } : { title: `T ${c}-${i}` };
          return { id: ulid(), name: 'employee.update', args: { id: row, patch }, baseVersion: head0 };
        }),
      );
      const ctxOf = (c: number): PushContext => ({ tenantId: DEMO_TENANT_ID, userId: 'demo-admin', role: 'super_admin', clientId: `console-${c}`, visibility: TENANT_WIDE, now: () => new Date() });

      // A console pulling all along, a few changes per page, keeping the newest copy of each row.
      let writing = true;
      const seen = new Map<string, number>();
      const pages: { from: number; to: number; versions: number[] }[] = [];
      const puller = (async () => {
        let cursor = head0;
        for (;;) {
          const page = await pullChanges(t.db, { tenantId: DEMO_TENANT_ID, cursor, limit: 3, scope: 'all', visibility: TENANT_WIDE, role: 'super_admin' });
          if (page.kind !== 'page') throw new Error(`unexpected ${page.kind}`);
          pages.push({ from: page.from, to: page.to, versions: page.changes.map((ch) => ch.version) });
          for (const ch of page.changes) seen.set(`${ch.entity}:${ch.id}`, ch.version);
          cursor = page.to;
          if (!writing && page.to === page.head) return cursor;
          if (page.to === page.head) await new Promise((r) => setTimeout(r, 2));
        }
      })();

      // Every command raced against a duplicate of itself, each console's commands in order.
      const answers = new Map<string, CommandResult[]>();
      await Promise.all(
        plan.map(async (cmds, c) => {
          for (const cmd of cmds) {
            const [a, b] = await Promise.all([pushCommands(t.db, ctxOf(c), [cmd]), pushCommands(t.db, ctxOf(c), [cmd])]);
            answers.set(cmd.id, [a[0]!, b[0]!]);
          }
        }),
      );
      writing = false;
      const pulledTo = await puller;

      const all = plan.flat();
      // Racing duplicates got one answer, and a later replay gets it too, with no second effect.
      for (const cmd of all) {
        const [a, b] = answers.get(cmd.id)!;
        expect(b).toEqual(a);
        expect(a!.id).toBe(cmd.id);
      }
      const head1 = await tenantVersion();
      const replayed = await pushCommands(t.db, ctxOf(0), plan[0]!);
      expect(replayed).toEqual(plan[0]!.map((cmd) => answers.get(cmd.id)![0]));
      expect(await tenantVersion()).toBe(head1);

      // One log row per mutation id; applied versions unique and gap-free, ending at the head.
      const logs = await t.db.select({ id: commandLog.mutationId, result: commandLog.result }).from(commandLog).where(and(eq(commandLog.tenantId, DEMO_TENANT_ID), inArray(commandLog.mutationId, all.map((c) => c.id))));
      expect(logs).toHaveLength(all.length);
      const applied = logs.map((l) => l.result as CommandResult).filter((r) => r.status === 'applied') as Extract<CommandResult, { status: 'applied' }>[];
      const versions = applied.map((r) => r.version).sort((x, y) => x - y);
      expect(versions).toEqual(Array.from({ length: head1 - head0 }, (_, i) => head0 + 1 + i));
      for (const r of logs.map((l) => l.result as CommandResult)) expect(answers.get(r.id)![0]).toEqual(r);
      // Every employee command touched its own row: they all apply. The hot customer's conflict
      // with each other (other consoles, changed since the shared base), all but the first.
      expect(applied.filter((r) => all.find((c) => c.id === r.id)!.name === 'employee.update')).toHaveLength(all.filter((c) => c.name === 'employee.update').length);

      // No placeholder ever committed.
      for (const table of [employee, customer]) {
        const above = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from ${table} where tenant_id = ${DEMO_TENANT_ID} and version > ${head1}`));
        expect(above[0]!.n).toBe(0);
      }

      // The puller: pages in order, versions inside each page's range, and nothing missed: its
      // copy of every row written meanwhile is the row's version in the database.
      expect(pulledTo).toBe(head1);
      for (let i = 0; i < pages.length; i++) {
        const p = pages[i]!;
        if (i > 0) expect(p.from).toBe(pages[i - 1]!.to);
        expect(p.to).toBeGreaterThanOrEqual(p.from);
        for (const v of p.versions) expect(v > p.from && v <= p.to).toBe(true);
        expect([...p.versions].sort((x, y) => x - y)).toEqual(p.versions);
      }
      const written = [
        ...(await t.db.select({ id: employee.id, v: employee.version }).from(employee).where(and(eq(employee.tenantId, DEMO_TENANT_ID), gt(employee.version, head0)))).map((r) => [`employee:${r.id}`, Number(r.v)] as const),
        ...(await t.db.select({ id: customer.id, v: customer.version }).from(customer).where(and(eq(customer.tenantId, DEMO_TENANT_ID), gt(customer.version, head0)))).map((r) => [`customer:${r.id}`, Number(r.v)] as const),
      ];
      expect(written.length).toBeGreaterThan(consoles * perConsole * 0.7);
      expect(new Map(written)).toEqual(seen);

      // One audit event per applied command, chained in commit order; the chain verifies.
      const verdict = await verifyAuditChain(t.db, DEMO_TENANT_ID);
      expect(verdict).toMatchObject({ ok: true, events: events0 + applied.length });
      const events = await t.db.select({ details: auditEvent.details }).from(auditEvent).where(and(eq(auditEvent.tenantId, DEMO_TENANT_ID), gt(auditEvent.seq, events0)));
      expect(events.map((e) => e.details.mutationId).sort()).toEqual(applied.map((r) => r.id).sort());
    }, 120_000);
  });
}
