import { z } from 'zod';
import { EmployeeValuesSchema, type EmployeeValues } from '../../../../shared/commands.js';
import type { ImportIssue, ImportPreview } from '../../../../shared/contract.js';
import { clip, mapHeaders, type Table } from './read.js';
import { columnFor, statusFrom, type ColumnKey } from './columns.js';

/**
 * Turns a parsed file into an import plan: department paths resolved against the organisation
 * (missing trailing levels become new departments, parents first), employees validated cell by
 * cell. Every problem is reported by row and column; the caller refuses to import while any
 * remains, so an import is never partial.
 */
export interface Existing {
  departments: { id: string; parentId: string | null; name: string }[];
  employees: { id: string; employeeNo: string; mobile: string | null; email: string | null }[];
}

export interface ImportPlan {
  preview: Pick<ImportPreview, 'rows' | 'newDepartments' | 'employees' | 'errors'>;
  args: {
    departments: { id: string; parentId: string; name: string; sort: number; managerId: null }[];
    employees: { id: string; values: EmployeeValues }[];
  };
}

const EMAIL = z.string().email();
const mobileKey = (m: string) => {
  const d = m.replace(/\D/g, '');
  return d.startsWith('86') && d.length === 13 ? d.slice(2) : d;
};

function normDate(v: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const LIMITS: Partial<Record<ColumnKey, number>> = { employeeNo: 32, name: 100, mobile: 32, email: 254, title: 100, rank: 32, idNumber: 32, gender: 16, address: 300 };

export function planImport(table: Table, existing: Existing, opts: { newId: () => string }): ImportPlan {
  const errors: ImportIssue[] = [];
  const { columns: headerOf, unknown, duplicates } = mapHeaders(table.headers, columnFor);
  errors.push(...duplicates);
  for (const h of unknown) errors.push({ row: 1, column: h, code: 'unknown_column', value: clip(h) });
  for (const required of ['employeeNo', 'name', 'departments'] as const) {
    if (!headerOf.has(required) && table.rows.length > 0) errors.push({ row: 1, column: required, code: 'required', value: null });
  }
  const cell = (r: Table['rows'][number], key: ColumnKey) => {
    const h = headerOf.get(key);
    return h ? (r.cells[h] ?? '').trim() : '';
  };
  const col = (key: ColumnKey) => headerOf.get(key) ?? key;

  // Departments: children by parent and name (case-insensitive), the root found by parentId null.
  const root = existing.departments.find((d) => d.parentId === null);
  const childKey = (parent: string, name: string) => `${parent}\u0001${name.toLowerCase()}`;
  const byPath = new Map<string, string>();
  const nextSort = new Map<string, number>();
  for (const d of existing.departments) {
    if (d.parentId) byPath.set(childKey(d.parentId, d.name), d.id);
    nextSort.set(d.parentId ?? '', (nextSort.get(d.parentId ?? '') ?? 0) + 1);
  }
  const newDepartments: ImportPlan['args']['departments'] = [];
  const newPaths: string[] = [];
  const resolvePath = (path: string): string | null => {
    if (!root) return null;
    let segments = path.split(/\s*[/／]\s*/).map((s) => s.trim()).filter(Boolean);
    if (segments[0]?.toLowerCase() === root.name.toLowerCase()) segments = segments.slice(1);
    if (segments.length === 0) return root.id;
    if (!byPath.has(childKey(root.id, segments[0]!))) return null; // the top level must exist
    let parent = root.id;
    segments.forEach((name, i) => {
      let id = byPath.get(childKey(parent, name));
      if (!id) {
        id = opts.newId();
        const sort = nextSort.get(parent) ?? 0;
        nextSort.set(parent, sort + 1);
        newDepartments.push({ id, parentId: parent, name, sort, managerId: null });
        byPath.set(childKey(parent, name), id);
        newPaths.push(segments.slice(0, i + 1).join(' / '));
      }
      parent = id;
    });
    return parent;
  };

  const existingNo = new Map(existing.employees.map((e) => [e.employeeNo.toLowerCase(), e.id]));
  const existingMobile = new Set(existing.employees.filter((e) => e.mobile).map((e) => mobileKey(e.mobile!)));
  const existingEmail = new Set(existing.employees.filter((e) => e.email).map((e) => e.email!.toLowerCase()));
  const fileNo = new Map<string, number>();
  const fileMobile = new Map<string, number>();
  const fileEmail = new Map<string, number>();
  const planned: { row: number; id: string; managerNo: string; values: EmployeeValues; departmentNames: string[] }[] = [];

  for (const r of table.rows) {
    const rowErrors: ImportIssue[] = [];
    const err = (key: ColumnKey, code: ImportIssue['code'], value: string | null) => rowErrors.push({ row: r.row, column: col(key), code, value: clip(value) });
    for (const [key, max] of Object.entries(LIMITS) as [ColumnKey, number][]) if (cell(r, key).length > max) err(key, 'too_long', cell(r, key));
    const employeeNo = cell(r, 'employeeNo');
    const name = cell(r, 'name');
    const deptText = cell(r, 'departments');
    if (!employeeNo) err('employeeNo', 'required', null);
    if (!name) err('name', 'required', null);
    if (!deptText) err('departments', 'required', null);
    if (employeeNo) {
      const k = employeeNo.toLowerCase();
      if (existingNo.has(k) || fileNo.has(k)) err('employeeNo', 'duplicate_employee_no', employeeNo);
      else fileNo.set(k, r.row);
    }
    const mobileText = cell(r, 'mobile');
    let mobile: string | null = null;
    if (mobileText) {
      const cleaned = mobileText.replace(/[\s-]/g, '');
      if (!/^\+?\d{6,20}$/.test(cleaned)) err('mobile', 'bad_mobile', mobileText);
      else {
        const k = mobileKey(cleaned);
        if (existingMobile.has(k) || fileMobile.has(k)) err('mobile', 'duplicate_mobile', mobileText);
        else {
          fileMobile.set(k, r.row);
          mobile = cleaned;
        }
      }
    }
    const emailText = cell(r, 'email').toLowerCase();
    let email: string | null = null;
    if (emailText) {
      if (!EMAIL.safeParse(emailText).success) err('email', 'bad_email', emailText);
      else if (existingEmail.has(emailText) || fileEmail.has(emailText)) err('email', 'duplicate_email', emailText);
      else {
        fileEmail.set(emailText, r.row);
        email = emailText;
      }
    }
    const dates: Partial<Record<'hireDate' | 'birthDate', string | null>> = {};
    for (const key of ['hireDate', 'birthDate'] as const) {
      const v = cell(r, key);
      dates[key] = null;
      if (v) {
        const d = normDate(v);
        if (!d) err(key, 'bad_date', v);
        dates[key] = d;
      }
    }
    const statusText = cell(r, 'status');
    const status = statusText ? statusFrom(statusText) : 'active';
    if (!status) err('status', 'bad_status', statusText);
    const departmentNames = deptText ? deptText.split(/[;；]/).map((s) => s.trim()).filter(Boolean) : [];
    const departmentIds: string[] = [];
    for (const path of departmentNames) {
      const id = resolvePath(path);
      if (!id) err('departments', 'unknown_department', path);
      else if (!departmentIds.includes(id)) departmentIds.push(id);
    }
    errors.push(...rowErrors);
    if (rowErrors.length > 0) continue;
    const values = EmployeeValuesSchema.parse({
      name, pinyin: '', employeeNo, mobile, email,
      title: cell(r, 'title') || null, rank: cell(r, 'rank') || null,
      departmentIds, primaryDepartmentId: departmentIds[0] ?? null, managerId: null,
      hireDate: dates.hireDate ?? null, status: status ?? 'active',
      idNumber: cell(r, 'idNumber') || null, gender: cell(r, 'gender') || null, birthDate: dates.birthDate ?? null, address: cell(r, 'address') || null,
    });
    planned.push({ row: r.row, id: opts.newId(), managerNo: cell(r, 'managerNo'), values, departmentNames });
  }

  // Managers: an existing employee, or one imported in the same file.
  const importedNo = new Map(planned.map((p) => [p.values.employeeNo.toLowerCase(), p.id]));
  for (const p of planned) {
    if (!p.managerNo) continue;
    const id = existingNo.get(p.managerNo.toLowerCase()) ?? importedNo.get(p.managerNo.toLowerCase());
    if (!id || id === p.id) errors.push({ row: p.row, column: col('managerNo'), code: 'unknown_manager', value: clip(p.managerNo) });
    else p.values.managerId = id;
  }
  const position = (column: string) => table.headers.indexOf(column);
  errors.sort((a, b) => a.row - b.row || position(a.column) - position(b.column));
  // Only departments some valid row needs are created.
  const used = new Set(planned.flatMap((p) => p.values.departmentIds));
  const needed = new Set<string>();
  const parentOf = new Map(newDepartments.map((d) => [d.id, d.parentId]));
  for (const id of used) for (let cur: string | undefined = id; cur && parentOf.has(cur); cur = parentOf.get(cur)) needed.add(cur);
  const departments = newDepartments.filter((d) => needed.has(d.id));
  return {
    preview: {
      rows: table.rows.length,
      newDepartments: newDepartments.map((d, i) => ({ d, path: newPaths[i]! })).filter((x) => needed.has(x.d.id)).map((x) => ({ path: x.path })),
      employees: planned.map((p) => ({ row: p.row, employeeNo: p.values.employeeNo, name: p.values.name, departments: p.departmentNames, email: p.values.email })),
      errors,
    },
    args: { departments, employees: planned.map((p) => ({ id: p.id, values: p.values })) },
  };
}
