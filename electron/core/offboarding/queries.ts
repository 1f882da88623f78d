import type { OffboardArgs } from '../../../shared/commands.js';
import type { OffboardingImpact, OffboardingRow } from '../../../shared/contract.js';
import type { HandoverPlan, HandoverResult } from '../../../shared/domain.js';
import { CustosError, type ErrorBody } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';

/**
 * What the console knows about offboardings, from the cache: the impact preview of a leaver,
 * the history (with what is still queued in the outbox), and the checks that give the admin an
 * answer at once, even offline. The cloud applies the handover against its own state.
 */
type Row = Record<string, unknown>;
const all = <T = Row>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).all(...params) as T[];
const one = <T = Row>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).get(...params) as T | undefined;

/** An offboarding still waiting: scheduled in the cloud, or queued in the outbox. */
function openOffboardingOf(db: CacheDb, employeeId: string): string | null {
  const scheduled = one<{ id: string }>(db, "SELECT id FROM offboarding WHERE employee_id = ? AND status = 'scheduled'", employeeId);
  if (scheduled) return scheduled.id;
  const queued = one<{ id: string }>(db, "SELECT entity_id AS id FROM outbox WHERE name = 'employee.offboard' AND json_extract(args, '$.employeeId') = ?", employeeId);
  return queued?.id ?? null;
}

export function offboardingImpact(db: CacheDb, employeeIds: string[]): { leavers: OffboardingImpact[] } {
  const leavers: OffboardingImpact[] = [];
  for (const id of employeeIds) {
    const e = one<{ id: string; name: string; employeeNo: string; status: OffboardingImpact['employee']['status'] }>(db, 'SELECT id, name, employee_no AS employeeNo, status FROM employee WHERE id = ?', id);
    if (!e) throw new CustosError('NOT_FOUND', `No employee ${id} in the cache.`);
    const departmentIds = all<{ d: string }>(db, 'SELECT department_id AS d FROM employee_department WHERE employee_id = ? ORDER BY department_id', id).map((r) => r.d);
    const customers = all<OffboardingImpact['customers'][number]>(
      db,
      `SELECT c.id, c.name, c.status, (SELECT count(*) FROM contact k WHERE k.customer_id = c.id) AS contacts
       FROM customer c WHERE c.owner_employee_id = ? ORDER BY c.name, c.id`,
      id,
    );
    leavers.push({
      employee: { ...e, departmentIds },
      customers,
      contacts: customers.reduce((sum, c) => sum + c.contacts, 0),
      followUps: one<{ n: number }>(db, 'SELECT count(*) AS n FROM follow_up f JOIN customer c ON c.id = f.customer_id WHERE c.owner_employee_id = ?', id)!.n,
      inFlightApprovals: all(db, "SELECT id, title, template_type AS templateType FROM approval WHERE applicant_id = ? AND status = 'in_progress' ORDER BY created_at", id),
      pendingTasks: all(
        db,
        `SELECT t.id, t.approval_id AS approvalId, a.title, t.step, e.name AS applicantName
         FROM approval_task t JOIN approval a ON a.id = t.approval_id LEFT JOIN employee e ON e.id = a.applicant_id
         WHERE t.approver_id = ? AND t.status = 'pending' ORDER BY a.created_at, t.step`,
        id,
      ),
      roles: all(db, 'SELECT id, role FROM admin_role_assignment WHERE employee_id = ?', id),
      managedDepartments: all(db, 'SELECT id, name FROM department WHERE manager_id = ? ORDER BY name', id),
      directReports: all(db, "SELECT id, name FROM employee WHERE manager_id = ? AND status <> 'departed' ORDER BY name", id),
      openOffboardingId: openOffboardingOf(db, id),
    } as OffboardingImpact);
  }
  return { leavers };
}

function countsOf(result: HandoverResult | null): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of result?.items ?? []) counts[item.entity] = (counts[item.entity] ?? 0) + 1;
  if (result) counts.skipped = result.skipped.length;
  return counts;
}

export function listOffboardings(db: CacheDb): { rows: OffboardingRow[] } {
  const rows = all<{ id: string; employeeId: string; employeeName: string | null; employeeNo: string | null; lastWorkingDay: string; immediate: number; status: OffboardingRow['status']; plan: string; createdAt: string; completedAt: string | null; result: string | null }>(
    db,
    `SELECT o.id, o.employee_id AS employeeId, e.name AS employeeName, e.employee_no AS employeeNo, o.last_working_day AS lastWorkingDay, o.immediate,
            o.status, o.plan, o.created_at AS createdAt, o.completed_at AS completedAt, o.result
     FROM offboarding o LEFT JOIN employee e ON e.id = o.employee_id ORDER BY o.created_at DESC, o.id DESC`,
  ).map((r): OffboardingRow => {
    const result = r.result ? (JSON.parse(r.result) as HandoverResult) : null;
    return { ...r, immediate: r.immediate === 1, plan: JSON.parse(r.plan) as HandoverPlan, result, counts: countsOf(result) };
  });
  const queued = all<{ args: string; createdAt: string }>(db, "SELECT args, created_at AS createdAt FROM outbox WHERE name = 'employee.offboard' AND status = 'pending' ORDER BY seq DESC");
  const known = new Set(rows.map((r) => r.id));
  const pending: OffboardingRow[] = [];
  for (const q of queued) {
    const args = JSON.parse(q.args) as OffboardArgs;
    if (known.has(args.id)) continue;
    const e = one<{ name: string; employeeNo: string }>(db, 'SELECT name, employee_no AS employeeNo FROM employee WHERE id = ?', args.employeeId);
    pending.push({
      id: args.id, employeeId: args.employeeId, employeeName: e?.name ?? null, employeeNo: e?.employeeNo ?? null, lastWorkingDay: args.lastWorkingDay,
      immediate: args.lastWorkingDay === null, status: 'queued', plan: args.plan, createdAt: q.createdAt, completedAt: null, result: null, counts: {},
    });
  }
  return { rows: [...pending, ...rows] };
}

type Issues = NonNullable<ErrorBody['issues']>;

/** What the cloud would refuse, answered at once from the cache. */
export function checkOffboard(db: CacheDb, args: OffboardArgs, today: string): void {
  const issues: Issues = [];
  const leaver = one<{ status: string }>(db, 'SELECT status FROM employee WHERE id = ?', args.employeeId);
  if (!leaver) throw new CustosError('NOT_FOUND', 'No such employee.');
  if (leaver.status === 'departed') issues.push({ path: 'employeeId', message: 'already_departed' });
  if (openOffboardingOf(db, args.employeeId)) issues.push({ path: 'employeeId', message: 'already_scheduled' });
  if (args.lastWorkingDay !== null && args.lastWorkingDay < today) issues.push({ path: 'lastWorkingDay', message: 'in_the_past' });
  const { plan } = args;
  const named: [string, string | null][] = [
    ['plan.customersTo', plan.customersTo],
    ['plan.approvalTasksTo', plan.approvalTasksTo],
    ['plan.departmentsTo', plan.departmentsTo],
    ['plan.reportsTo', plan.reportsTo],
    ...plan.overrides.map((o, i): [string, string | null] => [`plan.overrides.${i}.to`, o.to]),
  ];
  for (const [path, successor] of named) {
    if (successor === null) continue;
    const s = one<{ status: string }>(db, 'SELECT status FROM employee WHERE id = ?', successor);
    if (!s) issues.push({ path, message: 'unknown_employee' });
    else if (s.status !== 'active') issues.push({ path, message: 'successor_inactive' });
  }
  const tasks = all<{ id: string }>(db, "SELECT id FROM approval_task WHERE approver_id = ? AND status = 'pending'", args.employeeId);
  const taskOverride = new Map(plan.overrides.filter((o) => o.entity === 'approvalTask').map((o) => [o.id, o.to]));
  if (tasks.some((t) => (taskOverride.has(t.id) ? taskOverride.get(t.id) : plan.approvalTasksTo) === null)) issues.push({ path: 'plan.approvalTasksTo', message: 'required' });
  if (issues.length > 0) throw new CustosError('INVALID_INPUT', `This offboarding cannot be queued: ${issues.map((i) => `${i.path} ${i.message}`).join(', ')}.`, issues);
}

export function checkCancel(db: CacheDb, id: string): void {
  const row = one<{ status: string }>(db, 'SELECT status FROM offboarding WHERE id = ?', id);
  if (!row) throw new CustosError('NOT_FOUND', 'No such offboarding (a queued one can be discarded in Sync issues).');
  if (row.status !== 'scheduled' && row.status !== 'failed') throw new CustosError('INVALID_INPUT', `This offboarding is ${row.status}.`, [{ path: 'id', message: 'not_cancellable' }]);
}

export function checkRehire(db: CacheDb, id: string): void {
  const row = one<{ status: string; employeeId: string }>(db, 'SELECT status, employee_id AS employeeId FROM offboarding WHERE id = ?', id);
  if (!row) throw new CustosError('NOT_FOUND', 'No such offboarding.');
  if (row.status !== 'completed') throw new CustosError('INVALID_INPUT', `This offboarding is ${row.status}.`, [{ path: 'id', message: 'not_rehirable' }]);
  const e = one<{ status: string }>(db, 'SELECT status FROM employee WHERE id = ?', row.employeeId);
  if (e?.status !== 'departed') throw new CustosError('INVALID_INPUT', 'The employee is not departed.', [{ path: 'id', message: 'not_departed' }]);
}
