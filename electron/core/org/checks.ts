import type { CommandArgs, CommandName } from '../../../shared/commands.js';
import { CustosError, type ErrorBody } from '../../../shared/errors.js';
import { statusEditable } from '../../../shared/domain.js';
import type { CacheDb } from '../db/open.js';
import { mobileDigits, TERM_SEPARATOR } from './search-terms.js';

/**
 * Checks a command against the cache before it is queued, so the admin hears at once (even
 * offline) what the cloud would refuse: unknown or cyclic parents, departments still in use,
 * duplicate employee numbers, mobiles and emails. The cloud checks the same against its own
 * state (cloud/org/commands.ts, cloud/offboarding/); these checks only make the answer immediate.
 */
type Issues = NonNullable<ErrorBody['issues']>;

function fail(message: string, issues: Issues = []): never {
  throw new CustosError('INVALID_INPUT', message, issues.length > 0 ? issues : undefined);
}

const one = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).get(...params) as T | undefined;

export function departmentExists(db: CacheDb, id: string): boolean {
  return one(db, 'SELECT 1 AS x FROM department WHERE id = ?', id) !== undefined;
}

/** True when `candidate` is `id` or lies below it. */
export function isSelfOrDescendant(db: CacheDb, id: string, candidate: string): boolean {
  let cursor: string | null = candidate;
  for (let guard = 0; cursor !== null && guard < 10_000; guard++) {
    if (cursor === id) return true;
    cursor = one<{ parent_id: string | null }>(db, 'SELECT parent_id FROM department WHERE id = ?', cursor)?.parent_id ?? null;
  }
  return false;
}

function checkSiblingName(db: CacheDb, parentId: string, name: string, exceptId: string | null): void {
  const clash = one(db, 'SELECT 1 AS x FROM department WHERE parent_id = ? AND lower(name) = lower(?) AND id <> ?', parentId, name.trim(), exceptId ?? '');
  if (clash) fail('A department with this name already exists under the same parent.', [{ path: 'name', message: 'duplicate_sibling_name' }]);
}

function checkEmployeeUniqueness(db: CacheDb, exceptId: string, values: { employeeNo?: string; mobile?: string | null; email?: string | null }): void {
  const issues: Issues = [];
  if (values.employeeNo !== undefined && one(db, 'SELECT 1 AS x FROM employee WHERE lower(employee_no) = lower(?) AND id <> ?', values.employeeNo, exceptId)) {
    issues.push({ path: 'employeeNo', message: 'duplicate_employee_no' });
  }
  if (values.mobile) {
    const digits = mobileDigits(values.mobile);
    const local = digits.at(-1);
    // Compare on the local digits, so +86 138… and 138… collide.
    // The search terms hold every mobile's local digits between separators: an indexed-free but single-column scan.
    const candidates = local
      ? (db.$client
          .prepare('SELECT e.mobile FROM employee_search s JOIN employee e ON e.id = s.employee_id WHERE s.employee_id <> ? AND instr(s.terms, ?) > 0')
          .all(exceptId, TERM_SEPARATOR + local + TERM_SEPARATOR) as { mobile: string | null }[])
      : [];
    const clash = candidates.some((r) => r.mobile !== null && mobileDigits(r.mobile).at(-1) === local);
    if (clash) issues.push({ path: 'mobile', message: 'duplicate_mobile' });
  }
  if (values.email && one(db, 'SELECT 1 AS x FROM employee WHERE lower(email) = lower(?) AND id <> ?', values.email, exceptId)) {
    issues.push({ path: 'email', message: 'duplicate_email' });
  }
  if (issues.length > 0) fail(`Already used by another employee: ${issues.map((i) => i.path).join(', ')}.`, issues);
}

function checkEmployeeRefs(db: CacheDb, id: string, values: { departmentIds?: string[]; primaryDepartmentId?: string | null; managerId?: string | null }): void {
  const issues: Issues = [];
  for (const d of values.departmentIds ?? []) if (!departmentExists(db, d)) issues.push({ path: 'departmentIds', message: 'unknown_department' });
  if (values.managerId === id) issues.push({ path: 'managerId', message: 'self_manager' });
  else if (values.managerId && !one(db, 'SELECT 1 AS x FROM employee WHERE id = ?', values.managerId)) issues.push({ path: 'managerId', message: 'unknown_employee' });
  if (issues.length > 0) fail('Some references do not exist in the organisation.', issues);
}

export function checkCommand<N extends CommandName>(db: CacheDb, name: N, args: CommandArgs<N>): void {
  switch (name) {
    case 'department.create': {
      const { values } = args as CommandArgs<'department.create'>;
      if (!departmentExists(db, values.parentId)) fail('The parent department does not exist.', [{ path: 'parentId', message: 'unknown_department' }]);
      checkSiblingName(db, values.parentId, values.name, null);
      return;
    }
    case 'department.update': {
      const { id, patch } = args as CommandArgs<'department.update'>;
      const current = one<{ parent_id: string | null; name: string }>(db, 'SELECT parent_id, name FROM department WHERE id = ?', id);
      if (!current) return; // queueCommand answers NOT_FOUND
      if (patch.parentId !== undefined) {
        if (current.parent_id === null) fail('The top of the organisation cannot be moved.', [{ path: 'parentId', message: 'root_fixed' }]);
        if (patch.parentId === null || !departmentExists(db, patch.parentId)) fail('The new parent department does not exist.', [{ path: 'parentId', message: 'unknown_department' }]);
        if (isSelfOrDescendant(db, id, patch.parentId)) fail('A department cannot move under itself or one of its sub-departments.', [{ path: 'parentId', message: 'cycle' }]);
      }
      const parent = patch.parentId ?? current.parent_id;
      if ((patch.name !== undefined || patch.parentId !== undefined) && parent) checkSiblingName(db, parent, patch.name ?? current.name, id);
      if (patch.managerId && !one(db, 'SELECT 1 AS x FROM employee WHERE id = ?', patch.managerId)) fail('The manager is not an employee.', [{ path: 'managerId', message: 'unknown_employee' }]);
      return;
    }
    case 'department.delete': {
      const { id } = args as CommandArgs<'department.delete'>;
      const children = one<{ n: number }>(db, 'SELECT count(*) AS n FROM department WHERE parent_id = ?', id)?.n ?? 0;
      const members = one<{ n: number }>(db, 'SELECT count(*) AS n FROM employee_department WHERE department_id = ?', id)?.n ?? 0;
      const root = one<{ parent_id: string | null }>(db, 'SELECT parent_id FROM department WHERE id = ?', id);
      if (root && root.parent_id === null) fail('The top of the organisation cannot be deleted.', [{ path: 'id', message: 'root_fixed' }]);
      if (children > 0 || members > 0) {
        fail(`This department still has ${children} sub-department(s) and ${members} member(s); move or merge them first.`, [
          { path: 'id', message: children > 0 ? 'has_children' : 'has_members' },
        ]);
      }
      return;
    }
    case 'department.merge': {
      const { id, into } = args as CommandArgs<'department.merge'>;
      if (!departmentExists(db, id) || !departmentExists(db, into)) fail('Both departments must exist.', [{ path: 'into', message: 'unknown_department' }]);
      if (isSelfOrDescendant(db, id, into)) fail('A department cannot be merged into itself or one of its sub-departments.', [{ path: 'into', message: 'cycle' }]);
      return;
    }
    case 'employee.create': {
      const { id, values } = args as CommandArgs<'employee.create'>;
      checkEmployeeRefs(db, id, values);
      checkEmployeeUniqueness(db, id, values);
      return;
    }
    case 'employee.update': {
      const { id, patch } = args as CommandArgs<'employee.update'>;
      checkEmployeeRefs(db, id, patch);
      checkEmployeeUniqueness(db, id, patch);
      const status = patch.status !== undefined ? one<{ status: string }>(db, 'SELECT status FROM employee WHERE id = ?', id)?.status : undefined;
      if (status !== undefined && patch.status !== undefined && !statusEditable(status, patch.status)) {
        fail('An employee leaves only through offboarding and comes back only through rehire.', [{ path: 'status', message: 'offboarding_only' }]);
      }
      if (patch.departmentIds !== undefined || patch.primaryDepartmentId !== undefined) {
        const current = one<{ primary_department_id: string | null }>(db, 'SELECT primary_department_id FROM employee WHERE id = ?', id);
        const departments = patch.departmentIds ?? (db.$client.prepare('SELECT department_id FROM employee_department WHERE employee_id = ?').all(id) as { department_id: string }[]).map((r) => r.department_id);
        const primary = patch.primaryDepartmentId !== undefined ? patch.primaryDepartmentId : (current?.primary_department_id ?? null);
        if (departments.length === 0) fail('An employee belongs to at least one department.', [{ path: 'departmentIds', message: 'required' }]);
        if (primary !== null && !departments.includes(primary)) fail('The primary department must be one of the departments.', [{ path: 'primaryDepartmentId', message: 'not_member' }]);
      }
      return;
    }
    default:
      return;
  }
}
