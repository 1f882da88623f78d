import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { TokensSchema, type Tokens } from '../../shared/cloud-protocol.js';
import { PushResponseSchema, type CommandResult } from '../../shared/commands.js';
import type { HandoverPlan, HandoverResult } from '../../shared/domain.js';
import { createCloudApp } from '../app.js';
import { loadServiceSecret } from '../auth/secret.js';
import { adminRoleAssignment, adminUser, approvalTask, auditEvent, contact, customer, department, employee, offboarding } from '../db/schema.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_COMPLIANCE_EMAIL, DEMO_ORG_ADMIN_EMAIL, DEMO_TENANT_ID, seedDemo } from '../seed/demo.js';
import { writeServerFields } from '../sync/versioning.js';
import { BACKENDS, type TestDb } from '../test/backends.js';
import { tenantDay } from './handover.js';
import { runDueOffboardings } from './scheduler.js';

/**
 * Offboarding against the real cloud (PGlite, and PostgreSQL when reachable): every category
 * handed over in one transaction, per-record overrides, concurrent changes reported not
 * overwritten, refusals that leave nothing half-done, replays with no second effect, scheduled
 * runs by the cloud's scheduler, cancel and rehire.
 */
const SEED = { scale: 'S' as const, seed: 'offboarding', departments: 12, employees: 60, customers: 40, approvals: 30 };
const T = DEMO_TENANT_ID;
const NOBODY: HandoverPlan = { customersTo: null, approvalTasksTo: null, departmentsTo: null, reportsTo: null, overrides: [] };

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`offboarding on ${backend.name}`, () => {
    let t: TestDb;
    let app: ReturnType<typeof createCloudApp>;
    let admin: Tokens;
    let org: Tokens;
    const client = ulid();
    let seq = 0;

    const signIn = async (email: string) => {
      const res = await app.request('/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_ADMIN_PASSWORD }) });
      return TokensSchema.parse(await res.json());
    };
    const push = async (who: Tokens, id: string, name: string, args: unknown): Promise<CommandResult> => {
      const res = await app.request('/sync/push', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${who.accessToken}` },
        body: JSON.stringify({ clientId: client, commands: [{ id, name, args, baseVersion: 0 }] }),
      });
      expect(res.status).toBe(200);
      return PushResponseSchema.parse(await res.json()).results[0]!;
    };
    const run = (who: Tokens, name: string, args: unknown) => push(who, ulid(), name, args);
    const reason = (r: CommandResult) => (r.status === 'rejected' ? `${r.reason}: ${r.message}` : 'applied');
    const row = async <R>(table: typeof employee | typeof customer | typeof offboarding | typeof department, id: string) =>
      (await t.db.select().from(table).where(and(eq(table.tenantId, T), eq(table.id, id))))[0] as R;

    /** A fresh active employee in d00002 (the org admin's scope). */
    const hire = async (over: Record<string, unknown> = {}) => {
      const id = ulid();
      const n = ++seq;
      const r = await run(admin, 'employee.create', {
        id,
        values: {
          name: `离职测试${n}`, pinyin: '', employeeNo: `OFF${n}-${client.slice(-6)}`, mobile: null, email: `off${n}.${client.slice(-6).toLowerCase()}@example.com`, title: null, rank: null,
          departmentIds: ['d00002'], primaryDepartmentId: 'd00002', managerId: null, hireDate: '2025-01-02', status: 'active', idNumber: null, gender: null, birthDate: null, address: null,
          ...over,
        },
      });
      expect(reason(r)).toBe('applied');
      return id;
    };
    /** Gives the leaver some customers and pending approval tasks taken from the seed. */
    const load = async (leaver: string, customers: number, tasks: number) => {
      const free = await t.db.execute<{ id: string }>(sql`select id from customer where tenant_id = ${T} and deleted = false and owner_employee_id is not null and owner_employee_id not like '01%' order by id limit ${customers}`);
      const cs = (free.rows ?? (free as unknown as { id: string }[])).map((r: { id: string }) => r.id);
      for (const c of cs) await writeServerFields(t.db, T, 'customer', c, { ownerEmployeeId: leaver, scope: ['d00002'] });
      const open = await t.db.execute<{ id: string }>(sql`select id from approval_task where tenant_id = ${T} and deleted = false and status = 'pending' and approver_id not like '01%' order by id limit ${tasks}`);
      const ts = (open.rows ?? (open as unknown as { id: string }[])).map((r: { id: string }) => r.id);
      for (const id of ts) await writeServerFields(t.db, T, 'approvalTask', id, { approverId: leaver });
      return { customers: cs, tasks: ts };
    };
    const offboardingRow = (id: string) => row<{ status: string; result: HandoverResult | null; lastWorkingDay: string }>(offboarding, id);

    beforeAll(async () => {
      t = await backend.create();
      await seedDemo(t.db, SEED);
      app = createCloudApp({ db: t.db, kind: t.kind, secret: await loadServiceSecret(t.db) });
      admin = await signIn(DEMO_ADMIN_EMAIL);
      org = await signIn(DEMO_ORG_ADMIN_EMAIL);
    }, 60_000);
    afterAll(async () => {
      await t?.dispose();
    });

    it('hands over every category at once, in one transaction, and a replay does nothing twice', async () => {
      const leaver = await hire();
      const successor = await hire();
      const manager = await hire();
      const report = await hire({ managerId: leaver });
      const { customers, tasks } = await load(leaver, 3, 2);
      expect(tasks.length).toBe(2);
      const managed = ulid();
      expect(reason(await run(admin, 'department.create', { id: managed, values: { parentId: 'd00002', name: `Managed ${managed}`, sort: 0, managerId: leaver } }))).toBe('applied');
      const roleId = ulid();
      expect(reason(await run(admin, 'adminRole.assign', { id: roleId, values: { employeeId: leaver, role: 'org_admin', scopeDepartmentIds: ['d00002'] } }))).toBe('applied');
      const contactsBefore = await t.db.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, T), inArray(contact.customerId, customers)));

      const id = ulid();
      const mutation = ulid();
      const args = { id, employeeId: leaver, lastWorkingDay: null, plan: { customersTo: successor, approvalTasksTo: successor, departmentsTo: manager, reportsTo: manager, overrides: [] }, seen: { customers, approvalTasks: tasks } };
      const first = await push(admin, mutation, 'employee.offboard', args);
      expect(reason(first)).toBe('applied');

      expect(await row(employee, leaver)).toMatchObject({ status: 'departed', lastWorkingDay: tenantDay(new Date()) });
      for (const c of customers) expect(await row(customer, c)).toMatchObject({ ownerEmployeeId: successor, scope: ['d00002'] });
      for (const c of contactsBefore) expect((await t.db.select({ scope: contact.scope }).from(contact).where(and(eq(contact.tenantId, T), eq(contact.id, c.id))))[0]?.scope).toEqual(['d00002']);
      const taskRows = await t.db.select().from(approvalTask).where(eq(approvalTask.tenantId, T));
      for (const task of tasks) expect(taskRows.find((r) => r.id === task)).toMatchObject({ status: 'transferred', approverId: leaver });
      const handed = taskRows.filter((r) => r.approverId === successor && r.status === 'pending');
      expect(handed).toHaveLength(2);
      expect(await row(department, managed)).toMatchObject({ managerId: manager });
      expect(await row(employee, report)).toMatchObject({ managerId: manager });
      expect((await t.db.select().from(adminRoleAssignment).where(eq(adminRoleAssignment.id, roleId)))[0]).toMatchObject({ deleted: true });
      expect((await t.db.select().from(adminUser).where(eq(adminUser.id, `u-${leaver}`)))[0]).toMatchObject({ disabled: true });
      const off = await offboardingRow(id);
      expect(off.status).toBe('completed');
      expect(off.result!.items.filter((i) => i.entity === 'customer')).toHaveLength(3);
      expect(off.result!.contacts).toBe(contactsBefore.length);
      expect(off.result!.skipped).toEqual([]);
      const audit = await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.targetId, id)));
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0]!.details)).not.toContain('离职测试');

      // The same mutation again: the stored result, and no second task per transfer.
      const replay = await push(admin, mutation, 'employee.offboard', args);
      expect(replay).toEqual(first);
      expect((await t.db.select().from(approvalTask).where(and(eq(approvalTask.tenantId, T), eq(approvalTask.approverId, successor)))).length).toBe(2);
      // A second offboarding of someone who left is refused.
      expect(reason(await run(admin, 'employee.offboard', { ...args, id: ulid() }))).toMatch(/^invalid: The employee has already left/);
    });

    it('follows per-record overrides, releases to the public pool, and reports what changed meanwhile instead of overwriting it', async () => {
      const leaver = await hire();
      const a = await hire();
      const b = await hire();
      const other = await hire();
      const { customers } = await load(leaver, 3, 0);
      const [toPool, toB, movedMeanwhile] = customers as [string, string, string];
      // Someone reassigns one customer in the cloud after the admin's preview.
      await writeServerFields(t.db, T, 'customer', movedMeanwhile, { ownerEmployeeId: other });
      const id = ulid();
      const r = await run(admin, 'employee.offboard', {
        id, employeeId: leaver, lastWorkingDay: null,
        plan: { ...NOBODY, customersTo: a, overrides: [{ entity: 'customer', id: toPool, to: null }, { entity: 'customer', id: toB, to: b }] },
        seen: { customers, approvalTasks: [] },
      });
      expect(reason(r)).toBe('applied');
      expect(await row(customer, toPool)).toMatchObject({ ownerEmployeeId: null, scope: null });
      expect(await row(customer, toB)).toMatchObject({ ownerEmployeeId: b });
      expect(await row(customer, movedMeanwhile)).toMatchObject({ ownerEmployeeId: other });
      expect((await offboardingRow(id)).result!.skipped).toEqual([{ entity: 'customer', id: movedMeanwhile, reason: 'reassigned' }]);
    });

    it('refuses bad plans with the reason and changes nothing', async () => {
      const leaver = await hire();
      const gone = await hire();
      await writeServerFields(t.db, T, 'employee', gone, { status: 'suspended' });
      const { customers, tasks } = await load(leaver, 1, 1);
      const good = await hire();
      const base = { employeeId: leaver, lastWorkingDay: null, seen: { customers, approvalTasks: tasks } };
      expect(reason(await run(admin, 'employee.offboard', { ...base, id: ulid(), plan: { ...NOBODY, customersTo: gone, approvalTasksTo: good } }))).toMatch(/^invalid: Successor .*not active/);
      expect(reason(await run(admin, 'employee.offboard', { ...base, id: ulid(), plan: { ...NOBODY, customersTo: leaver, approvalTasksTo: good } }))).toMatch(/^invalid: .*own successor/);
      // Pending tasks with nobody to take them: refused after the customers were handed over in the same savepoint, so none moved.
      expect(reason(await run(admin, 'employee.offboard', { ...base, id: ulid(), plan: { ...NOBODY, customersTo: good } }))).toMatch(/^invalid: Pending approval tasks need a successor/);
      expect(await row(customer, customers[0]!)).toMatchObject({ ownerEmployeeId: leaver });
      expect(await row(employee, leaver)).toMatchObject({ status: 'active' });
      expect(reason(await run(admin, 'employee.offboard', { ...base, id: ulid(), lastWorkingDay: '2020-01-01', plan: { ...NOBODY, approvalTasksTo: good } }))).toMatch(/^invalid: lastWorkingDay: 2020-01-01 has passed/);
      // An org admin cannot offboard someone outside their subtrees.
      const outsider = (await t.db.select({ id: employee.id }).from(employee).where(and(eq(employee.tenantId, T), sql`not ('d00002' = any(${employee.scope}))`, eq(employee.status, 'active'))).limit(1))[0]!.id;
      expect(reason(await run(org, 'employee.offboard', { id: ulid(), employeeId: outsider, lastWorkingDay: null, plan: NOBODY, seen: { customers: [], approvalTasks: [] } }))).toMatch(/^forbidden/);
    });

    it('runs a scheduled offboarding after the last working day, via the scheduler; cancel and failure are recorded', async () => {
      const day = tenantDay(new Date(Date.now() + 3 * 86_400_000));
      const afterDay = new Date(Date.now() + 5 * 86_400_000);
      const leaver = await hire();
      const successor = await hire();
      const { customers } = await load(leaver, 2, 0);
      const id = ulid();
      expect(reason(await run(admin, 'employee.offboard', { id, employeeId: leaver, lastWorkingDay: day, plan: { ...NOBODY, customersTo: successor }, seen: { customers, approvalTasks: [] } }))).toBe('applied');
      expect(await offboardingRow(id)).toMatchObject({ status: 'scheduled', lastWorkingDay: day });
      expect(await row(employee, leaver)).toMatchObject({ status: 'active' });
      expect(reason(await run(admin, 'employee.offboard', { id: ulid(), employeeId: leaver, lastWorkingDay: day, plan: NOBODY, seen: { customers: [], approvalTasks: [] } }))).toMatch(/already scheduled/);

      // Another one, cancelled; and a third whose successor is suspended before the day.
      const cancelled = await hire();
      const cancelledId = ulid();
      await run(admin, 'employee.offboard', { id: cancelledId, employeeId: cancelled, lastWorkingDay: day, plan: NOBODY, seen: { customers: [], approvalTasks: [] } });
      expect(reason(await run(admin, 'offboarding.cancel', { id: cancelledId }))).toBe('applied');
      const failing = await hire();
      const flaky = await hire();
      await load(failing, 1, 0);
      const failingId = ulid();
      await run(admin, 'employee.offboard', { id: failingId, employeeId: failing, lastWorkingDay: day, plan: { ...NOBODY, customersTo: flaky }, seen: { customers: [], approvalTasks: [] } });
      await writeServerFields(t.db, T, 'employee', flaky, { status: 'suspended' });

      expect(await runDueOffboardings(t.db, new Date())).toEqual({ completed: 0, failed: 0 });
      const ran = await runDueOffboardings(t.db, afterDay);
      expect(ran.completed).toBeGreaterThanOrEqual(1);
      expect(ran.failed).toBeGreaterThanOrEqual(1);
      expect(await offboardingRow(id)).toMatchObject({ status: 'completed' });
      expect(await row(employee, leaver)).toMatchObject({ status: 'departed', lastWorkingDay: day });
      for (const c of customers) expect(await row(customer, c)).toMatchObject({ ownerEmployeeId: successor });
      expect(await offboardingRow(cancelledId)).toMatchObject({ status: 'cancelled' });
      expect(await row(employee, cancelled)).toMatchObject({ status: 'active' });
      const failed = await offboardingRow(failingId);
      expect(failed.status).toBe('failed');
      expect(failed.result!.error).toMatch(/not active/);
      expect(await row(employee, failing)).toMatchObject({ status: 'active' });
      // Running again finds nothing due: each job ran once.
      expect(await runDueOffboardings(t.db, afterDay)).toEqual({ completed: 0, failed: 0 });
      const runs = await t.db.select().from(auditEvent).where(and(eq(auditEvent.tenantId, T), eq(auditEvent.action, 'offboarding.run'), eq(auditEvent.targetId, id)));
      expect(runs).toHaveLength(1);
    });

    it("ends a disabled account's session at once, not when its access token expires", async () => {
      const who = await signIn(DEMO_COMPLIANCE_EMAIL);
      const pull = () => app.request('/sync/pull?cursor=0&limit=1', { headers: { authorization: `Bearer ${who.accessToken}` } });
      expect((await pull()).status).toBe(200);
      await t.db.update(adminUser).set({ disabled: true }).where(eq(adminUser.email, DEMO_COMPLIANCE_EMAIL));
      try {
        expect((await pull()).status).toBe(401);
      } finally {
        await t.db.update(adminUser).set({ disabled: false }).where(eq(adminUser.email, DEMO_COMPLIANCE_EMAIL));
      }
      expect((await pull()).status).toBe(200);
      // Signing out ends the session the same way.
      await app.request('/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: who.refreshToken }) });
      expect((await pull()).status).toBe(401);
    });

    it('rehires a departed employee; handed-over records stay with their successors', async () => {
      const leaver = await hire();
      const successor = await hire();
      const { customers } = await load(leaver, 1, 0);
      const id = ulid();
      await run(admin, 'employee.offboard', { id, employeeId: leaver, lastWorkingDay: null, plan: { ...NOBODY, customersTo: successor }, seen: { customers, approvalTasks: [] } });
      expect(reason(await run(admin, 'offboarding.cancel', { id }))).toMatch(/^invalid: This offboarding is completed/);
      expect(reason(await run(admin, 'employee.rehire', { id }))).toBe('applied');
      expect(await row(employee, leaver)).toMatchObject({ status: 'active', departedAt: null, lastWorkingDay: null });
      expect(await offboardingRow(id)).toMatchObject({ status: 'rehired' });
      expect(await row(customer, customers[0]!)).toMatchObject({ ownerEmployeeId: successor });
      expect(reason(await run(admin, 'employee.rehire', { id }))).toMatch(/^invalid: This offboarding is rehired/);
    });
  });
}
