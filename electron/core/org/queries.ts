import { sql } from 'drizzle-orm';
import type { DepartmentNode, EmployeeDetail, EmployeeRow, OrgChartNode, RevealableField, RoleAssignmentRow, SearchHit } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import { maskMobile, maskValue, REVEALABLE_FIELDS } from '../../../shared/masking.js';
import type { Role } from '../../../shared/roles.js';
import { readRow } from '../sync/entities.js';
import { matchedField, normaliseQuery, TERM_SEPARATOR } from './search-terms.js';
import type { CacheDb } from '../db/open.js';

export function listDepartments(db: CacheDb): DepartmentNode[] {
  return db.all<DepartmentNode>(sql`
    SELECT d.id, d.parent_id AS parentId, d.name, d.sort, COALESCE(m.n, 0) AS memberCount, d.manager_id AS managerId, e.name AS managerName, d.version
    FROM department d
    LEFT JOIN (SELECT department_id, count(*) AS n FROM employee_department GROUP BY department_id) m ON m.department_id = d.id
    LEFT JOIN employee e ON e.id = d.manager_id
    ORDER BY d.sort, d.name`);
}

/** Escapes LIKE wildcards so a search for "50%" matches literally (use with ESCAPE '\\'). */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

export function listDepartmentEmployees(
  db: CacheDb,
  input: { departmentId: string; search?: string; offset: number; limit: number },
): { total: number; rows: EmployeeRow[] } {
  const search = input.search?.trim();
  const filter = search
    ? sql`AND (lower(e.name) LIKE ${likePattern(search)} ESCAPE '\\' OR replace(e.pinyin, ' ', '') LIKE ${likePattern(search.replace(/\s+/g, ''))} ESCAPE '\\'
          OR lower(e.employee_no) LIKE ${likePattern(search)} ESCAPE '\\' OR lower(coalesce(e.email, '')) LIKE ${likePattern(search)} ESCAPE '\\')`
    : sql``;
  const from = sql`FROM employee_department ed JOIN employee e ON e.id = ed.employee_id WHERE ed.department_id = ${input.departmentId} ${filter}`;
  const total = db.get<{ n: number }>(sql`SELECT count(*) AS n ${from}`)?.n ?? 0;
  const rows = db.all<{ id: string; name: string; employeeNo: string; title: string | null; mobile: string | null; email: string | null; status: EmployeeRow['status']; isPrimary: number }>(sql`
    SELECT e.id, e.name, e.employee_no AS employeeNo, e.title, e.mobile, e.email, e.status, ed.is_primary AS isPrimary
    ${from}
    ORDER BY e.employee_no
    LIMIT ${input.limit} OFFSET ${input.offset}`);
  return {
    total,
    rows: rows.map(({ mobile, isPrimary, ...r }) => ({ ...r, mobileMasked: maskMobile(mobile), isPrimaryDepartment: isPrimary === 1 })),
  };
}

/**
 * Tenant-wide employee search over the cached search terms (name, pinyin full and initials,
 * employee no., mobile, email). A field equal to the query ranks first, then fields that start
 * with it, then the rest.
 */
export function searchEmployees(db: CacheDb, input: { query: string; limit: number }): { rows: SearchHit[]; total: number } {
  const q = normaliseQuery(input.query);
  if (q.length === 0) return { rows: [], total: 0 };
  const sqlite = db.$client;
  // One pass with instr (terms are stored lower-cased), stopping at a cap: a two-letter query
  // can match most of a 100,000-person tenant, and nobody pages through that many.
  const candidates = sqlite.prepare('SELECT employee_id AS id, terms FROM employee_search WHERE instr(terms, ?) > 0 LIMIT ?').all(q, SEARCH_CAP) as { id: string; terms: string }[];
  // Rank: a field equal to the query first (the employee no., email or mobile someone typed in
  // full names one person: they must never sit below people whose number merely contains it),
  // then a field that starts with it, then the rest.
  const exact = TERM_SEPARATOR + q + TERM_SEPARATOR;
  const prefix = TERM_SEPARATOR + q;
  const rank = (terms: string) => (terms.includes(exact) ? 0 : terms.includes(prefix) ? 1 : 2);
  candidates.sort((a, b) => rank(a.terms) - rank(b.terms));
  const top = candidates.slice(0, input.limit);
  const byId = sqlite.prepare(
    'SELECT id, name, pinyin, employee_no AS employeeNo, title, mobile, email, status, primary_department_id AS primaryDepartmentId FROM employee WHERE id = ?',
  );
  const names = sqlite.prepare('SELECT d.name FROM employee_department ed JOIN department d ON d.id = ed.department_id WHERE ed.employee_id = ? ORDER BY ed.is_primary DESC, d.name');
  const rows: SearchHit[] = [];
  for (const c of top) {
    const r = byId.get(c.id) as ({ pinyin: string; mobile: string | null; primaryDepartmentId: string | null } & Omit<EmployeeRow, 'mobileMasked' | 'isPrimaryDepartment'>) | undefined;
    if (!r) continue;
    const { pinyin, mobile, primaryDepartmentId, ...rest } = r;
    rows.push({
      ...rest,
      mobileMasked: maskMobile(mobile),
      isPrimaryDepartment: true,
      primaryDepartmentId,
      departmentNames: (names.all(r.id) as { name: string }[]).map((d) => d.name),
      matched: matchedField({ ...rest, pinyin, mobile }, q) ?? 'name',
    });
  }
  return { rows, total: candidates.length };
}

/** Search stops counting here; the UI says "more than" when total reaches it. */
export const SEARCH_CAP = 1000;

export function getEmployee(db: CacheDb, id: string): { employee: EmployeeDetail } {
  const row = readRow(db, 'employee', id);
  if (!row) throw new CustosError('NOT_FOUND', 'This employee is not in the cache (deleted, or outside your scope).');
  const data = row.data as Record<string, unknown> & { departmentIds: string[]; managerId: string | null };
  const deptName = db.$client.prepare('SELECT name FROM department WHERE id = ?');
  const masked: RevealableField[] = [];
  const out: Record<string, unknown> = { ...data };
  for (const f of REVEALABLE_FIELDS) {
    const v = (data[f] as string | null) ?? null;
    out[f] = maskValue(f, v);
    if (v) masked.push(f);
  }
  const manager = data.managerId ? (db.$client.prepare('SELECT name FROM employee WHERE id = ?').get(data.managerId) as { name: string } | undefined) : undefined;
  return {
    employee: {
      ...(out as EmployeeDetail),
      version: row.version,
      departments: data.departmentIds.map((d) => ({ id: d, name: (deptName.get(d) as { name: string } | undefined)?.name ?? d })),
      managerName: manager?.name ?? null,
      masked,
    },
  };
}


/** Reporting lines for a department: its members, plus the managers they report to from outside it. */
export function orgChart(db: CacheDb, departmentId: string): { nodes: OrgChartNode[] } {
  const sqlite = db.$client;
  const members = sqlite
    .prepare('SELECT e.id, e.name, e.title, e.manager_id AS managerId FROM employee_department ed JOIN employee e ON e.id = ed.employee_id WHERE ed.department_id = ? ORDER BY e.name')
    .all(departmentId) as Omit<OrgChartNode, 'inDepartment'>[];
  const inside = new Set(members.map((m) => m.id));
  const outside = new Map<string, OrgChartNode>();
  const byId = sqlite.prepare('SELECT id, name, title, manager_id AS managerId FROM employee WHERE id = ?');
  for (const m of members) {
    if (m.managerId && !inside.has(m.managerId) && !outside.has(m.managerId)) {
      const manager = byId.get(m.managerId) as Omit<OrgChartNode, 'inDepartment'> | undefined;
      // Shown as a root of the chart: their own manager is beyond this department.
      if (manager) outside.set(manager.id, { ...manager, managerId: null, inDepartment: false });
    }
  }
  return { nodes: [...outside.values(), ...members.map((m) => ({ ...m, inDepartment: true }))] };
}

/** Role assignments, plus assignments and revocations still waiting in the outbox. */
export function listRoleAssignments(db: CacheDb): { assignments: RoleAssignmentRow[] } {
  const sqlite = db.$client;
  const rows = sqlite
    .prepare(
      `SELECT a.id, a.user_id AS userId, a.employee_id AS employeeId, e.name AS name, a.role, a.scope_department_ids AS scope
       FROM admin_role_assignment a LEFT JOIN employee e ON e.id = a.employee_id ORDER BY a.role, e.name, a.id`,
    )
    .all() as { id: string; userId: string; employeeId: string | null; name: string | null; role: Role; scope: string }[];
  const pending = sqlite.prepare("SELECT name, args FROM outbox WHERE status = 'pending' AND entity = 'adminRoleAssignment' ORDER BY seq").all() as { name: string; args: string }[];
  const pendingIds = new Set<string>();
  const deptName = sqlite.prepare('SELECT name FROM department WHERE id = ?');
  const empName = sqlite.prepare('SELECT name FROM employee WHERE id = ?');
  const names = (ids: string[]) => ids.map((d) => (deptName.get(d) as { name: string } | undefined)?.name ?? d);
  const out: RoleAssignmentRow[] = rows.map((r) => {
    const scopeDepartmentIds = JSON.parse(r.scope) as string[];
    return { id: r.id, userId: r.userId, employeeId: r.employeeId, name: r.name, role: r.role, scopeDepartmentIds, scopeNames: names(scopeDepartmentIds), pending: false };
  });
  for (const p of pending) {
    const args = JSON.parse(p.args) as { id: string; values?: { employeeId: string; role: Role; scopeDepartmentIds: string[] } };
    pendingIds.add(args.id);
    if (p.name === 'adminRole.assign' && args.values && !out.some((r) => r.id === args.id)) {
      const v = args.values;
      out.push({ id: args.id, userId: '', employeeId: v.employeeId, name: (empName.get(v.employeeId) as { name: string } | undefined)?.name ?? null, role: v.role, scopeDepartmentIds: v.scopeDepartmentIds, scopeNames: names(v.scopeDepartmentIds), pending: true });
    }
  }
  for (const r of out) if (pendingIds.has(r.id)) r.pending = true;
  return { assignments: out };
}
