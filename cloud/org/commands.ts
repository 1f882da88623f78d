import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { EXPORT_TARGETS, type CommandName } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import { statusEditable } from '../../shared/domain.js';
import type { CloudTx } from '../db/open.js';
import { adminRoleAssignment, adminUser, approval, approvalTask, consentRecord, contact, customer, department, employee, followUp, refreshToken, tenant } from '../db/schema.js';
import { canSee, subtreeOf } from '../scope/visibility.js';
import type { SyncedRow } from '../sync/entities.js';
import { insertRows, liveRows, lockRow, patchRow, rescopeRows, tombstoneRow } from '../sync/rows.js';
import type { HolidayCommand, IncidentCommand, OffboardingCommand, RequestCommand, RetentionCommand } from '../commands/names.js';
import { conflictsOf, liveEmployee, mobileKey, normEmail, Rejected, visibleRow, type CommandContext, type Handlers } from '../commands/context.js';

/**
 * What each organisation command does in the cloud, inside its transaction (tenant locked,
 * savepoint taken: a Rejected thrown here undoes every write made so far).
 */
export type OrgCommand = Exclude<CommandName, OffboardingCommand | RetentionCommand | RequestCommand | HolidayCommand | IncidentCommand>;

async function departments(tx: CloudTx, tenantId: string) {
  return tx
    .select({ id: department.id, parentId: department.parentId, name: department.name, sort: department.sort })
    .from(department)
    .where(and(eq(department.tenantId, tenantId), eq(department.deleted, false)));
}


async function checkDepartmentsVisible(tx: CloudTx, ctx: CommandContext, ids: readonly string[], field: string): Promise<void> {
  const found = await liveRows(tx, ctx.tenantId, 'department', ids);
  if (found.length !== new Set(ids).size) throw new Rejected('invalid', `${field}: no such department.`);
  if (found.some((d) => !canSee(ctx.visibility, d.scope))) throw new Rejected('forbidden', `${field}: the department is outside your scope.`);
}

async function checkSiblingName(tx: CloudTx, tenantId: string, parentId: string, name: string, exceptId: string | null): Promise<void> {
  const clash = await tx
    .select({ id: department.id })
    .from(department)
    .where(and(eq(department.tenantId, tenantId), eq(department.parentId, parentId), eq(department.deleted, false), sql`lower(${department.name}) = lower(${name.trim()})`, sql`${department.id} <> ${exceptId ?? ''}`));
  if (clash.length > 0) throw new Rejected('invalid', 'A department with this name already exists under the same parent.');
}

/** Employee numbers, mobiles and emails are unique within the tenant (among live employees). */
async function checkEmployeeUnique(tx: CloudTx, tenantId: string, exceptIds: ReadonlySet<string>, values: { employeeNo?: string; mobile?: string | null; email?: string | null }[]): Promise<void> {
  const rows = await tx
    .select({ id: employee.id, employeeNo: employee.employeeNo, mobile: employee.mobile, email: employee.email })
    .from(employee)
    .where(and(eq(employee.tenantId, tenantId), eq(employee.deleted, false)));
  const nos = new Map<string, string>();
  const mobiles = new Map<string, string>();
  const emails = new Map<string, string>();
  for (const r of rows) {
    if (exceptIds.has(r.id)) continue;
    nos.set(r.employeeNo.toLowerCase(), r.id);
    const m = mobileKey(r.mobile);
    if (m) mobiles.set(m, r.id);
    const e = normEmail(r.email);
    if (e) emails.set(e, r.id);
  }
  for (const v of values) {
    const problems: string[] = [];
    if (v.employeeNo !== undefined) {
      if (nos.has(v.employeeNo.toLowerCase())) problems.push('employee no.');
      nos.set(v.employeeNo.toLowerCase(), '');
    }
    const m = mobileKey(v.mobile);
    if (m) {
      if (mobiles.has(m)) problems.push('mobile');
      mobiles.set(m, '');
    }
    const e = normEmail(v.email);
    if (e) {
      if (emails.has(e)) problems.push('email');
      emails.set(e, '');
    }
    if (problems.length > 0) throw new Rejected('invalid', `Already used by another employee: ${problems.join(', ')}.`);
  }
}

/** When an employee's departments change, what is scoped by them follows, with new versions. */
async function rescopeEmployeeDependents(tx: CloudTx, tenantId: string, employeeId: string, scope: string[]): Promise<void> {
  const ids = async (table: typeof customer | typeof approval, column: typeof customer.ownerEmployeeId | typeof approval.applicantId) =>
    (await tx.select({ id: table.id }).from(table).where(and(eq(table.tenantId, tenantId), eq(column, employeeId)))).map((r) => r.id);
  const customers = await ids(customer, customer.ownerEmployeeId);
  for (const c of customers) {
    const contacts = (await tx.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, tenantId), eq(contact.customerId, c)))).map((r) => r.id);
    const followUps = (await tx.select({ id: followUp.id }).from(followUp).where(and(eq(followUp.tenantId, tenantId), eq(followUp.customerId, c)))).map((r) => r.id);
    await rescopeRows(tx, tenantId, 'contact', contacts, scope);
    await rescopeRows(tx, tenantId, 'followUp', followUps, scope);
  }
  await rescopeRows(tx, tenantId, 'customer', customers, scope);
  const approvals = await ids(approval, approval.applicantId);
  for (const a of approvals) {
    const tasks = (await tx.select({ id: approvalTask.id }).from(approvalTask).where(and(eq(approvalTask.tenantId, tenantId), eq(approvalTask.approvalId, a)))).map((r) => r.id);
    await rescopeRows(tx, tenantId, 'approvalTask', tasks, scope);
  }
  await rescopeRows(tx, tenantId, 'approval', approvals, scope);
  const consents = (
    await tx
      .select({ id: consentRecord.id })
      .from(consentRecord)
      .where(and(eq(consentRecord.tenantId, tenantId), eq(consentRecord.subjectType, 'employee'), eq(consentRecord.subjectId, employeeId)))
  ).map((r) => r.id);
  await rescopeRows(tx, tenantId, 'consentRecord', consents, scope);
}

/** A customer's contacts, follow-ups and consent records travel with it to its new owner's scope; returns how many of each. */
export async function rescopeCustomerDependents(tx: CloudTx, tenantId: string, id: string, scope: string[] | null): Promise<{ contacts: number; followUps: number }> {
  const contacts = (await tx.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, tenantId), eq(contact.customerId, id)))).map((r) => r.id);
  const followUps = (await tx.select({ id: followUp.id }).from(followUp).where(and(eq(followUp.tenantId, tenantId), eq(followUp.customerId, id)))).map((r) => r.id);
  const consents = contacts.length
    ? (
        await tx
          .select({ id: consentRecord.id })
          .from(consentRecord)
          .where(and(eq(consentRecord.tenantId, tenantId), eq(consentRecord.subjectType, 'contact'), inArray(consentRecord.subjectId, contacts)))
      ).map((c) => c.id)
    : [];
  await rescopeRows(tx, tenantId, 'contact', contacts, scope);
  await rescopeRows(tx, tenantId, 'followUp', followUps, scope);
  await rescopeRows(tx, tenantId, 'consentRecord', consents, scope);
  return { contacts: contacts.length, followUps: followUps.length };
}

async function bumpTreeEpoch(tx: CloudTx, tenantId: string): Promise<void> {
  await tx.update(tenant).set({ treeEpoch: sql`${tenant.treeEpoch} + 1` }).where(eq(tenant.id, tenantId));
}

const fields = (o: object) => Object.keys(o).sort();

const unassignable = () => new Rejected('invalid', 'employeeId: this email belongs to an account whose role you may not change.');

/** Whether every department of `scope` lies inside the caller's departments (tenant-wide callers: always). */
function insideCallerScope(ctx: CommandContext, scope: readonly string[]): boolean {
  return ctx.visibility.all || scope.every((d) => ctx.visibility.departments.has(d));
}

async function liveAssignments(tx: CloudTx, tenantId: string, userId: string) {
  return tx
    .select({ id: adminRoleAssignment.id, role: adminRoleAssignment.role, scopeDepartmentIds: adminRoleAssignment.scopeDepartmentIds })
    .from(adminRoleAssignment)
    .where(and(eq(adminRoleAssignment.tenantId, tenantId), eq(adminRoleAssignment.userId, userId), eq(adminRoleAssignment.deleted, false)));
}

/**
 * Whether the caller may change this account's role (the *target*, not the caller's own rights).
 * A super admin may change any account of the tenant but its own. An org admin may change only
 * an enabled org admin whose every assignment lies inside its own departments: never a
 * tenant-wide role, a wider org admin, or a disabled (offboarded, revoked) account.
 */
async function mayChangeAccount(tx: CloudTx, ctx: CommandContext, account: typeof adminUser.$inferSelect): Promise<boolean> {
  if (account.tenantId !== ctx.tenantId) return false;
  if (ctx.role === 'super_admin') return true;
  if (account.role !== 'org_admin' || account.disabled) return false;
  return (await liveAssignments(tx, ctx.tenantId, account.id)).every((a) => a.role === 'org_admin' && insideCallerScope(ctx, a.scopeDepartmentIds));
}

export const orgHandlers: Handlers<OrgCommand> = {
  'department.create': async (tx, ctx, { id, values }) => {
    if ((await lockRow(tx, ctx.tenantId, 'department', id)) !== undefined) throw new Rejected('invalid', 'A department with this id already exists.');
    await checkDepartmentsVisible(tx, ctx, [values.parentId], 'parentId');
    await checkSiblingName(tx, ctx.tenantId, values.parentId, values.name, null);
    if (values.managerId) await liveEmployee(tx, ctx, values.managerId, 'managerId');
    const version = await insertRows(tx, ctx, 'department', [{ data: { ...values, id }, scope: [id] }]);
    return { version, target: { type: 'department', id }, details: { parentId: values.parentId } };
  },

  'department.update': async (tx, ctx, { id, patch }) => {
    const row = await visibleRow(tx, ctx, 'department', id);
    conflictsOf(ctx, row, patch);
    let moved = false;
    if (patch.parentId !== undefined && patch.parentId !== row.parentId) {
      if (row.parentId === null) throw new Rejected('invalid', 'The top of the organisation cannot be moved.');
      if (patch.parentId === null) throw new Rejected('invalid', 'parentId: a department needs a parent.');
      await checkDepartmentsVisible(tx, ctx, [patch.parentId], 'parentId');
      const tree = await departments(tx, ctx.tenantId);
      if (subtreeOf(tree, [id]).has(patch.parentId)) throw new Rejected('invalid', 'A department cannot move under itself or one of its sub-departments.');
      moved = true;
    }
    const parent = (patch.parentId ?? row.parentId) as string | null;
    if (parent && (patch.name !== undefined || moved)) await checkSiblingName(tx, ctx.tenantId, parent, (patch.name ?? row.name) as string, id);
    if (patch.managerId) await liveEmployee(tx, ctx, patch.managerId, 'managerId');
    const version = await patchRow(tx, ctx, 'department', row, patch);
    if (moved) await bumpTreeEpoch(tx, ctx.tenantId);
    return { version, target: { type: 'department', id }, details: { fields: fields(patch), moved } };
  },

  'department.delete': async (tx, ctx, { id }) => {
    const row = await visibleRow(tx, ctx, 'department', id);
    if (row.parentId === null) throw new Rejected('invalid', 'The top of the organisation cannot be deleted.');
    const [children] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(department)
      .where(and(eq(department.tenantId, ctx.tenantId), eq(department.parentId, id), eq(department.deleted, false)));
    const [members] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(employee)
      .where(and(eq(employee.tenantId, ctx.tenantId), eq(employee.deleted, false), sql`${employee.departmentIds} @> ${JSON.stringify([id])}::jsonb`));
    if ((children?.n ?? 0) > 0 || (members?.n ?? 0) > 0) {
      throw new Rejected('invalid', `This department still has ${children?.n ?? 0} sub-department(s) and ${members?.n ?? 0} member(s); move or merge them first.`);
    }
    const version = await tombstoneRow(tx, ctx.tenantId, 'department', id);
    return { version, target: { type: 'department', id }, details: {} };
  },

  'department.merge': async (tx, ctx, { id, into }) => {
    const source = await visibleRow(tx, ctx, 'department', id);
    await visibleRow(tx, ctx, 'department', into);
    if (source.parentId === null) throw new Rejected('invalid', 'The top of the organisation cannot be merged away.');
    const tree = await departments(tx, ctx.tenantId);
    if (subtreeOf(tree, [id]).has(into)) throw new Rejected('invalid', 'A department cannot be merged into itself or one of its sub-departments.');
    const siblingNames = new Set(tree.filter((d) => d.parentId === into).map((d) => d.name.toLowerCase()));
    const children = (await tx.select().from(department).where(and(eq(department.tenantId, ctx.tenantId), eq(department.parentId, id), eq(department.deleted, false)))) as SyncedRow[];
    for (const child of children) {
      let name = child.name as string;
      for (let k = 2; siblingNames.has(name.toLowerCase()); k++) name = `${child.name as string} (${k})`;
      siblingNames.add(name.toLowerCase());
      await patchRow(tx, ctx, 'department', child, name === child.name ? { parentId: into } : { parentId: into, name });
    }
    const members = (await tx
      .select()
      .from(employee)
      .where(and(eq(employee.tenantId, ctx.tenantId), eq(employee.deleted, false), sql`${employee.departmentIds} @> ${JSON.stringify([id])}::jsonb`))) as (SyncedRow & { departmentIds: string[]; primaryDepartmentId: string | null })[];
    for (const m of members) {
      const departmentIds = [...new Set(m.departmentIds.map((d) => (d === id ? into : d)))];
      const primaryDepartmentId = m.primaryDepartmentId === id ? into : m.primaryDepartmentId;
      await patchRow(tx, ctx, 'employee', m, { departmentIds, primaryDepartmentId }, departmentIds);
      await rescopeEmployeeDependents(tx, ctx.tenantId, m.id, departmentIds);
    }
    const version = await tombstoneRow(tx, ctx.tenantId, 'department', id);
    await bumpTreeEpoch(tx, ctx.tenantId);
    return { version, target: { type: 'department', id }, details: { into, children: children.length, members: members.length } };
  },

  'employee.create': async (tx, ctx, { id, values }) => {
    if ((await lockRow(tx, ctx.tenantId, 'employee', id)) !== undefined) throw new Rejected('invalid', 'An employee with this id already exists.');
    await checkDepartmentsVisible(tx, ctx, values.departmentIds, 'departmentIds');
    if (values.managerId) await liveEmployee(tx, ctx, values.managerId, 'managerId');
    await checkEmployeeUnique(tx, ctx.tenantId, new Set(), [values]);
    const data = { ...values, id, departedAt: null, lastWorkingDay: null, email: normEmail(values.email) };
    const version = await insertRows(tx, ctx, 'employee', [{ data, scope: values.departmentIds }]);
    return { version, target: { type: 'employee', id }, details: { departments: values.departmentIds.length } };
  },

  'employee.update': async (tx, ctx, { id, patch }) => {
    const row = (await visibleRow(tx, ctx, 'employee', id)) as SyncedRow & { departmentIds: string[]; primaryDepartmentId: string | null };
    conflictsOf(ctx, row, patch);
    if (patch.managerId === id) throw new Rejected('invalid', 'managerId: an employee cannot manage themself.');
    if (patch.status !== undefined && !statusEditable(row.status as string, patch.status)) {
      throw new Rejected('invalid', 'status: an employee leaves only through offboarding and comes back only through rehire.');
    }
    if (patch.managerId) await liveEmployee(tx, ctx, patch.managerId, 'managerId');
    const departmentIds = patch.departmentIds ?? row.departmentIds;
    const primary = patch.primaryDepartmentId !== undefined ? patch.primaryDepartmentId : row.primaryDepartmentId;
    if (patch.departmentIds !== undefined) {
      if (departmentIds.length === 0) throw new Rejected('invalid', 'departmentIds: an employee belongs to at least one department.');
      await checkDepartmentsVisible(tx, ctx, departmentIds, 'departmentIds');
    }
    if (primary !== null && !departmentIds.includes(primary)) throw new Rejected('invalid', 'primaryDepartmentId: the primary department must be one of the departments.');
    if (patch.employeeNo !== undefined || patch.mobile !== undefined || patch.email !== undefined) {
      await checkEmployeeUnique(tx, ctx.tenantId, new Set([id]), [{ employeeNo: patch.employeeNo, mobile: patch.mobile, email: patch.email }]);
    }
    const moved = patch.departmentIds !== undefined && !isDeepStrictEqual([...departmentIds].sort(), [...row.departmentIds].sort());
    const clean = patch.email !== undefined ? { ...patch, email: normEmail(patch.email) } : patch;
    const version = await patchRow(tx, ctx, 'employee', row, clean, moved ? departmentIds : undefined);
    if (moved) await rescopeEmployeeDependents(tx, ctx.tenantId, id, departmentIds);
    return { version, target: { type: 'employee', id }, details: { fields: fields(patch) } };
  },

  'org.import': async (tx, ctx, { id, departments: newDepartments, employees }) => {
    const tree = await departments(tx, ctx.tenantId);
    const known = new Set(tree.map((d) => d.id));
    // Parents first: each new department's parent exists already or came earlier in the list.
    for (const d of newDepartments) {
      if (known.has(d.id)) throw new Rejected('invalid', `Department ${d.name}: this id already exists.`);
      if (!known.has(d.parentId)) throw new Rejected('invalid', `Department ${d.name}: its parent does not exist.`);
      known.add(d.id);
    }
    const existingParents = [...new Set(newDepartments.map((d) => d.parentId).filter((p) => tree.some((t) => t.id === p)))];
    await checkDepartmentsVisible(tx, ctx, existingParents, 'departments');
    const newIds = new Set(newDepartments.map((d) => d.id));
    const referenced = [...new Set(employees.flatMap((e) => e.values.departmentIds).filter((d) => !newIds.has(d)))];
    await checkDepartmentsVisible(tx, ctx, referenced, 'departmentIds');
    await checkEmployeeUnique(tx, ctx.tenantId, new Set(), employees.map((e) => e.values));
    const importedIds = new Set(employees.map((e) => e.id));
    const managers = [...new Set(employees.map((e) => e.values.managerId).filter((m): m is string => m !== null && !importedIds.has(m)))];
    if ((await liveRows(tx, ctx.tenantId, 'employee', managers)).length !== managers.length) throw new Rejected('invalid', 'managerId: a manager is not an employee.');
    const sortBase = new Map<string, number>();
    for (const t of tree) sortBase.set(t.parentId ?? '', Math.max(sortBase.get(t.parentId ?? '') ?? 0, t.sort + 1));
    await insertRows(tx, ctx, 'department', newDepartments.map(({ id: deptId, ...values }) => ({ data: { ...values, id: deptId }, scope: [deptId] })));
    const version = await insertRows(
      tx,
      ctx,
      'employee',
      employees.map((e) => ({ data: { ...e.values, id: e.id, departedAt: null, lastWorkingDay: null, email: normEmail(e.values.email) }, scope: e.values.departmentIds })),
    );
    if (newDepartments.length > 0) await bumpTreeEpoch(tx, ctx.tenantId);
    return { version, target: { type: 'employee', id }, details: { departments: newDepartments.length, employees: employees.length } };
  },

  'adminRole.assign': async (tx, ctx, { id, values }) => {
    if (values.role !== 'org_admin' && ctx.role !== 'super_admin') throw new Rejected('forbidden', 'Only a super admin may grant tenant-wide roles.');
    await checkDepartmentsVisible(tx, ctx, values.scopeDepartmentIds, 'scopeDepartmentIds');
    const person = await liveEmployee(tx, ctx, values.employeeId, 'employeeId');
    if (person.status !== 'active') throw new Rejected('invalid', 'employeeId: the employee is not active.');
    const email = normEmail(person.email);
    if (!email) throw new Rejected('invalid', 'employeeId: the employee has no email to sign in with.');
    const [account] = await tx.select().from(adminUser).where(eq(adminUser.email, email));
    if (account?.id === ctx.userId) throw new Rejected('invalid', 'You cannot change your own role.');
    // Another tenant's account is refused with the same words as an account of this tenant the caller may not change: the answer tells nothing about other tenants.
    if (account && (account.tenantId !== ctx.tenantId || !(await mayChangeAccount(tx, ctx, account)))) throw unassignable();
    const userId = account?.id ?? `u-${values.employeeId}`;
    if (account) {
      // An assignment never revives an account by itself: only a super admin's re-enables a disabled one (the employee is active, see above).
      await tx.update(adminUser).set({ role: values.role, ...(ctx.role === 'super_admin' ? { disabled: false } : {}) }).where(eq(adminUser.id, userId));
    } else {
      // The account exists but cannot sign in until its owner sets a password (activation).
      await tx.insert(adminUser).values({ id: userId, tenantId: ctx.tenantId, email, name: person.name, passwordHash: '!activation-pending', role: values.role });
    }
    // One role per account: an earlier assignment is replaced.
    const previous = await liveAssignments(tx, ctx.tenantId, userId);
    for (const p of previous) await tombstoneRow(tx, ctx.tenantId, 'adminRoleAssignment', p.id);
    // A changed role reaches the account's live access tokens at their next request (cloud/auth/sessions.ts compares role and tenant).
    const scope = values.role === 'org_admin' ? values.scopeDepartmentIds : [];
    const version = await insertRows(tx, ctx, 'adminRoleAssignment', [{ data: { id, userId, employeeId: values.employeeId, role: values.role, scopeDepartmentIds: values.scopeDepartmentIds }, scope }]);
    return { version, target: { type: 'adminRoleAssignment', id }, details: { role: values.role, employeeId: values.employeeId, scopes: values.scopeDepartmentIds.length } };
  },

  'adminRole.revoke': async (tx, ctx, { id }) => {
    const row = (await visibleRow(tx, ctx, 'adminRoleAssignment', id)) as SyncedRow & { userId: string; role: Role; scopeDepartmentIds: string[] };
    if (row.role !== 'org_admin' && ctx.role !== 'super_admin') throw new Rejected('forbidden', 'Only a super admin may revoke tenant-wide roles.');
    if (row.userId === ctx.userId) throw new Rejected('invalid', 'You cannot revoke your own role.');
    const [account] = await tx.select().from(adminUser).where(and(eq(adminUser.id, row.userId), eq(adminUser.tenantId, ctx.tenantId)));
    if (!insideCallerScope(ctx, row.scopeDepartmentIds) || (account && !(await mayChangeAccount(tx, ctx, account)))) {
      throw new Rejected('forbidden', 'This role reaches beyond your departments; ask a super admin.');
    }
    const version = await tombstoneRow(tx, ctx.tenantId, 'adminRoleAssignment', id);
    // No role, no access: the account is disabled and its sessions end now.
    await tx.update(adminUser).set({ disabled: true }).where(and(eq(adminUser.id, row.userId), eq(adminUser.tenantId, ctx.tenantId)));
    await tx.update(refreshToken).set({ revokedAt: new Date() }).where(and(eq(refreshToken.userId, row.userId), isNull(refreshToken.revokedAt)));
    return { version, target: { type: 'adminRoleAssignment', id }, details: { role: row.role } };
  },

  'audit.reveal': async (tx, ctx, { id, field, at }) => {
    await visibleRow(tx, ctx, 'employee', id);
    return { version: 0, target: { type: 'employee', id }, details: { field, shownAt: at } };
  },

  'export.record': async (tx, ctx, { id, kind, format, rows, at }) => {
    const type = EXPORT_TARGETS[kind];
    await visibleRow(tx, ctx, type, id);
    return { version: 0, target: { type, id }, details: { kind, format, rows, exportedAt: at } };
  },

  'customer.update': async (tx, ctx, { id, patch }) => {
    const row = await visibleRow(tx, ctx, 'customer', id);
    conflictsOf(ctx, row, patch);
    let scope: string[] | null | undefined;
    if ('ownerEmployeeId' in patch) {
      if (patch.ownerEmployeeId === null || patch.ownerEmployeeId === undefined) scope = null;
      else {
        const owner = await liveEmployee(tx, ctx, patch.ownerEmployeeId, 'ownerEmployeeId');
        if (owner.status !== 'active') throw new Rejected('invalid', 'ownerEmployeeId: the employee is not active.');
        scope = owner.departmentIds;
      }
    }
    const version = await patchRow(tx, ctx, 'customer', row, patch, scope);
    if (scope !== undefined && !isDeepStrictEqual(scope, row.scope)) await rescopeCustomerDependents(tx, ctx.tenantId, id, scope);
    return { version, target: { type: 'customer', id }, details: { fields: fields(patch) } };
  },

  'contact.update': async (tx, ctx, { id, patch }) => {
    const row = await visibleRow(tx, ctx, 'contact', id);
    conflictsOf(ctx, row, patch);
    const version = await patchRow(tx, ctx, 'contact', row, patch);
    return { version, target: { type: 'contact', id }, details: { fields: fields(patch) } };
  },
};
