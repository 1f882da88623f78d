import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { HandoverPlan, HandoverResult, Offboarding } from '../../shared/domain.js';
import { Rejected } from '../commands/context.js';
import type { CloudTx } from '../db/open.js';
import { adminRoleAssignment, adminUser, approval, approvalTask, customer, department, employee, refreshToken } from '../db/schema.js';
import { rescopeCustomerDependents } from '../org/commands.js';
import { canSee, type Visibility } from '../scope/visibility.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, liveRows, lockRow, patchRow, tombstoneRow, type WriteContext } from '../sync/rows.js';

/**
 * The handover of one leaver, inside the caller's transaction (tenant locked): customers to
 * their successor or the public pool, pending approval tasks transferred, managed departments
 * and direct reports to a new manager, admin roles revoked (account disabled, tokens revoked),
 * the leaver marked departed. A Rejected thrown here undoes all of it. Records the admin's
 * preview showed that someone else changed meanwhile are reported in `skipped`, never taken.
 */
export interface HandoverContext extends WriteContext {
  visibility: Visibility;
  now: Date;
}

type Employee = SyncedRow & { status: string; departmentIds: string[]; email: string | null; managerId: string | null };

/** The calendar day of `at` where the tenant works (CUSTOS_TIME_ZONE, default Asia/Shanghai). */
export function tenantDay(at: Date, timeZone = process.env.CUSTOS_TIME_ZONE ?? 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Every successor the plan names must be an active employee the admin can see (and not the leaver). */
export async function checkSuccessors(tx: CloudTx, ctx: HandoverContext, leaverId: string, plan: HandoverPlan): Promise<Map<string, Employee>> {
  const ids = new Set([plan.customersTo, plan.approvalTasksTo, plan.departmentsTo, plan.reportsTo, ...plan.overrides.map((o) => o.to)].filter((x): x is string => x !== null));
  if (ids.has(leaverId)) throw new Rejected('invalid', 'The leaver cannot be their own successor.');
  const found = new Map((await liveRows(tx, ctx.tenantId, 'employee', [...ids])).map((e) => [e.id, e as Employee]));
  for (const id of ids) {
    const e = found.get(id);
    if (!e || !canSee(ctx.visibility, e.scope)) throw new Rejected('invalid', `Successor ${id}: no such employee in your scope.`);
    if (e.status !== 'active') throw new Rejected('invalid', `Successor ${id}: not active.`);
  }
  return found;
}

function overridesOf(plan: HandoverPlan, entity: 'customer' | 'approvalTask'): Map<string, string | null> {
  return new Map(plan.overrides.filter((o) => o.entity === entity).map((o) => [o.id, o.to]));
}

/** A transferred task's successor task id: deterministic, so a retried run cannot make two. */
const handedTaskId = (offboardingId: string, taskId: string) => 'th' + createHash('sha256').update(`${offboardingId}:${taskId}`).digest('hex').slice(0, 30);

export async function performHandover(tx: CloudTx, ctx: HandoverContext, off: Pick<Offboarding, 'id' | 'employeeId' | 'lastWorkingDay' | 'plan' | 'seen'>): Promise<HandoverResult> {
  const leaver = (await lockRow(tx, ctx.tenantId, 'employee', off.employeeId)) as Employee | undefined;
  if (!leaver || leaver.deleted) throw new Rejected('not_found', 'The employee no longer exists.');
  if (leaver.status === 'departed') throw new Rejected('invalid', 'The employee has already left.');
  const successors = await checkSuccessors(tx, ctx, leaver.id, off.plan);
  const result: HandoverResult = { items: [], contacts: 0, followUps: 0, skipped: [], error: null };
  const nowIso = ctx.now.toISOString();

  // Customers the leaver owns now; those the preview showed but that moved meanwhile stay put.
  const owned = await tx
    .select({ id: customer.id, fieldVersions: customer.fieldVersions })
    .from(customer)
    .where(and(eq(customer.tenantId, ctx.tenantId), eq(customer.ownerEmployeeId, leaver.id), eq(customer.deleted, false)))
    .for('update');
  const ownedIds = new Set(owned.map((c) => c.id));
  const missingCustomers = off.seen.customers.filter((id) => !ownedIds.has(id));
  const stillThere = new Set((await liveRows(tx, ctx.tenantId, 'customer', missingCustomers)).map((c) => c.id));
  for (const id of missingCustomers) result.skipped.push({ entity: 'customer', id, reason: stillThere.has(id) ? 'reassigned' : 'gone' });
  const customerOverrides = overridesOf(off.plan, 'customer');
  for (const c of owned) {
    const to = customerOverrides.has(c.id) ? customerOverrides.get(c.id)! : off.plan.customersTo;
    const scope = to === null ? null : successors.get(to)!.departmentIds;
    await patchRow(tx, ctx, 'customer', c, { ownerEmployeeId: to }, scope);
    const moved = await rescopeCustomerDependents(tx, ctx.tenantId, c.id, scope);
    result.contacts += moved.contacts;
    result.followUps += moved.followUps;
    result.items.push({ entity: 'customer', id: c.id, to });
  }

  // Pending approval tasks: the leaver's task is closed as transferred and the successor gets a new one at the same step.
  const tasks = await tx
    .select()
    .from(approvalTask)
    .where(and(eq(approvalTask.tenantId, ctx.tenantId), eq(approvalTask.approverId, leaver.id), eq(approvalTask.status, 'pending'), eq(approvalTask.deleted, false)))
    .for('update');
  const taskIds = new Set(tasks.map((t) => t.id));
  const missingTasks = off.seen.approvalTasks.filter((id) => !taskIds.has(id));
  const missingRows = new Map((await liveRows(tx, ctx.tenantId, 'approvalTask', missingTasks)).map((t) => [t.id, t]));
  for (const id of missingTasks) {
    const row = missingRows.get(id);
    result.skipped.push({ entity: 'approvalTask', id, reason: !row ? 'gone' : row.status !== 'pending' ? 'closed' : 'reassigned' });
  }
  const taskOverrides = overridesOf(off.plan, 'approvalTask');
  for (const t of tasks) {
    const to = taskOverrides.has(t.id) ? taskOverrides.get(t.id)! : off.plan.approvalTasksTo;
    if (to === null) throw new Rejected('invalid', 'Pending approval tasks need a successor (approvalTasksTo).');
    await patchRow(tx, ctx, 'approvalTask', t as SyncedRow, { status: 'transferred', actedAt: nowIso });
    await insertRows(tx, ctx, 'approvalTask', [{ data: { id: handedTaskId(off.id, t.id), approvalId: t.approvalId, step: t.step, approverId: to, status: 'pending', actedAt: null }, scope: t.scope }]);
    result.items.push({ entity: 'approvalTask', id: t.id, to });
  }

  // Departments the leaver manages, and the leaver's direct reports, get their new manager.
  const managed = await tx
    .select({ id: department.id, fieldVersions: department.fieldVersions })
    .from(department)
    .where(and(eq(department.tenantId, ctx.tenantId), eq(department.managerId, leaver.id), eq(department.deleted, false)));
  for (const d of managed) {
    await patchRow(tx, ctx, 'department', d, { managerId: off.plan.departmentsTo });
    result.items.push({ entity: 'department', id: d.id, to: off.plan.departmentsTo });
  }
  const reports = await tx
    .select({ id: employee.id, fieldVersions: employee.fieldVersions })
    .from(employee)
    .where(and(eq(employee.tenantId, ctx.tenantId), eq(employee.managerId, leaver.id), eq(employee.deleted, false)));
  for (const r of reports) {
    const to = off.plan.reportsTo === r.id ? null : off.plan.reportsTo; // nobody manages themselves
    await patchRow(tx, ctx, 'employee', r, { managerId: to });
    result.items.push({ entity: 'employee', id: r.id, to });
  }

  // Approvals the leaver applied for stay as they are (their approvers decide); the report lists them.
  const inFlight = await tx
    .select({ id: approval.id })
    .from(approval)
    .where(and(eq(approval.tenantId, ctx.tenantId), eq(approval.applicantId, leaver.id), eq(approval.status, 'in_progress'), eq(approval.deleted, false)));
  for (const a of inFlight) result.items.push({ entity: 'approval', id: a.id, to: null });

  // Admin access ends now: roles revoked, account disabled, every session's refresh token revoked.
  const roles = await tx
    .select({ id: adminRoleAssignment.id, userId: adminRoleAssignment.userId })
    .from(adminRoleAssignment)
    .where(and(eq(adminRoleAssignment.tenantId, ctx.tenantId), eq(adminRoleAssignment.employeeId, leaver.id), eq(adminRoleAssignment.deleted, false)));
  for (const r of roles) {
    await tombstoneRow(tx, ctx.tenantId, 'adminRoleAssignment', r.id);
    result.items.push({ entity: 'adminRoleAssignment', id: r.id, to: null });
  }
  const accounts = new Set(roles.map((r) => r.userId));
  if (leaver.email) {
    for (const a of await tx.select({ id: adminUser.id }).from(adminUser).where(and(eq(adminUser.tenantId, ctx.tenantId), eq(adminUser.email, leaver.email.toLowerCase())))) accounts.add(a.id);
  }
  if (accounts.size > 0) {
    await tx.update(adminUser).set({ disabled: true }).where(and(eq(adminUser.tenantId, ctx.tenantId), inArray(adminUser.id, [...accounts])));
    await tx.update(refreshToken).set({ revokedAt: ctx.now }).where(and(inArray(refreshToken.userId, [...accounts]), isNull(refreshToken.revokedAt)));
  }

  await patchRow(tx, ctx, 'employee', leaver, { status: 'departed', lastWorkingDay: off.lastWorkingDay, departedAt: nowIso });
  return result;
}

/** Audit details of a handover: counts per kind, never names or values. */
export function handoverCounts(result: HandoverResult): Record<string, number> {
  const counts: Record<string, number> = { contacts: result.contacts, followUps: result.followUps, skipped: result.skipped.length };
  for (const item of result.items) counts[item.entity] = (counts[item.entity] ?? 0) + 1;
  return counts;
}
