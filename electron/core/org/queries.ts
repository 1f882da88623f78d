import { sql } from 'drizzle-orm';
import type { DepartmentNode, EmployeeRow } from '../../../shared/contract.js';
import type { CacheDb } from '../db/open.js';

/** Masks a mobile for lists: keeps the first 3 and last 4 digits (138****1234). */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return null;
  const digits = mobile.replace(/\s+/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, digits.length - 8)}****${digits.slice(-4)}`;
}

export function listDepartments(db: CacheDb): DepartmentNode[] {
  return db.all<DepartmentNode>(sql`
    SELECT d.id, d.parent_id AS parentId, d.name, d.sort, COALESCE(m.n, 0) AS memberCount
    FROM department d
    LEFT JOIN (SELECT department_id, count(*) AS n FROM employee_department GROUP BY department_id) m ON m.department_id = d.id
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
