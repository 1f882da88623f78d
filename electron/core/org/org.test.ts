import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../../shared/cloud-protocol.js';
import type { CommandArgs, CommandName } from '../../../shared/commands.js';
import { CustosError } from '../../../shared/errors.js';
import { openCache, type Cache } from '../db/open.js';
import { applyPage } from '../sync/apply.js';
import { readRow } from '../sync/entities.js';
import { listIssues, queueCommand, recordResults } from '../sync/outbox.js';
import { checkCommand } from './checks.js';
import { getEmployee, listDepartments, orgChart, searchEmployees } from './queries.js';
import { pinyinOf } from './search-terms.js';

let dir: string;
let cache: Cache;
const NOW = '2026-11-22T10:00:00.000Z';
let version = 0;
const dept = (id: string, parentId: string | null, name: string): Change => ({ entity: 'department', id, version: ++version, deleted: false, data: { id, parentId, name, sort: 0, managerId: null } });
const emp = (id: string, name: string, departmentIds: string[], extra: Record<string, unknown> = {}): Change => ({
  entity: 'employee', id, version: ++version, deleted: false,
  data: {
    id, name, pinyin: pinyinOf(name), employeeNo: `E${id}`, mobile: null, email: null, title: null, rank: null, departmentIds, primaryDepartmentId: departmentIds[0] ?? null,
    managerId: null, hireDate: null, status: 'active', lastWorkingDay: null, departedAt: null, idNumber: null, gender: null, birthDate: null, address: null, ...extra,
  } as never,
});
const apply = (changes: Change[]) => {
  const from = changes[0]!.version - 1;
  applyPage(cache.db, { kind: 'page', tenantId: 't', scope: '', from, to: changes.at(-1)!.version, head: changes.at(-1)!.version, remaining: 0, changes }, NOW);
};
const queue = <N extends CommandName>(name: N, args: CommandArgs<N>) => {
  checkCommand(cache.db, name, args);
  return queueCommand(cache.db, name, args as { id: string }, NOW);
};
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof CustosError ? `${err.code}:${err.issues?.[0]?.message ?? ''}` : String(err);
  }
  return 'ok';
};

beforeEach(() => {
  version = 0;
  dir = mkdtempSync(join(tmpdir(), 'custos-org-'));
  cache = openCache({ file: join(dir, 'c.sqlite'), key: randomBytes(32), migrationsDir: resolve(__dirname, '../../../migrations') });
  apply([
    dept('root', null, 'HQ'),
    dept('sales', 'root', 'Sales'),
    dept('east', 'sales', 'East'),
    emp('1', '张三', ['sales'], { mobile: '+86 138 0013 8000', email: 'zhang.san@example.com', idNumber: '110101199003071234', managerId: null }),
    emp('2', 'Hélène Lefèvre', ['east', 'sales'], { managerId: '1', email: 'helene@example.com' }),
  ]);
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('organisation in the cache', () => {
  it('finds people by name, pinyin, initials, employee no., mobile in any form and email', () => {
    const ids = (q: string) => searchEmployees(cache.db, { query: q, limit: 10 }).rows.map((r) => `${r.id}:${r.matched}`);
    expect(ids('张三')).toEqual(['1:name']);
    expect(ids('zhangsan')).toEqual(['1:pinyin']);
    expect(ids('zhang san')).toEqual(['1:pinyin']);
    expect(ids('zs')).toEqual(['1:initials']);
    expect(ids('13800138000')).toEqual(['1:mobile']);
    expect(ids('+86 138-0013-8000')).toEqual(['1:mobile']);
    expect(ids('helene')).toContain('2:pinyin');
    expect(ids('HELENE@EXAMPLE')).toEqual(['2:email']);
    expect(ids('E2')).toEqual(['2:employeeNo']);
    expect(ids('50%')).toEqual([]);
    const hit = searchEmployees(cache.db, { query: 'lefevre', limit: 5 }).rows[0]!;
    expect(hit.departmentNames).toEqual(['East', 'Sales']);
  });

  it('ranks a field equal to the query above fields that merely start with or contain it', () => {
    // Stored first, so without the rank they would come first: numbers and an email that begin
    // with the employee no. typed in full, and a mobile that contains the mobile typed in full.
    apply([
      emp('0012A', 'Ye Binwei', ['sales'], { email: 'e00012@example.com' }),
      emp('00120', 'Li Lei', ['sales'], { mobile: '+86 139 0013 9000' }),
      emp('0012', 'Anaïs Thomas', ['sales'], { email: 'anais@example.com', mobile: '13900139' }),
    ]);
    const first = (q: string) => searchEmployees(cache.db, { query: q, limit: 10 }).rows[0];
    expect(first('E0012')).toMatchObject({ id: '0012', matched: 'employeeNo' });
    expect(searchEmployees(cache.db, { query: 'E0012', limit: 10 }).rows.map((r) => r.id)).toEqual(['0012', '0012A', '00120']);
    expect(first('ANAIS@EXAMPLE.COM')).toMatchObject({ id: '0012', matched: 'email' });
    expect(first('13900139')).toMatchObject({ id: '0012', matched: 'mobile' });
  });

  it('masks sensitive fields until revealed', () => {
    const e = getEmployee(cache.db, '1').employee;
    expect(e.idNumber).toBe('110***********1234');
    expect(e.mobile).not.toContain('0013');
    expect(e.masked).toEqual(expect.arrayContaining(['idNumber', 'mobile']));
    expect(e.departments).toEqual([{ id: 'sales', name: 'Sales' }]);
  });

  it('refuses cycles, moving or deleting the root, deleting a department in use, and duplicates — before queueing', () => {
    expect(codeOf(() => queue('department.update', { id: 'sales', patch: { parentId: 'east' } }))).toBe('INVALID_INPUT:cycle');
    expect(codeOf(() => queue('department.update', { id: 'root', patch: { parentId: 'sales' } }))).toBe('INVALID_INPUT:root_fixed');
    expect(codeOf(() => queue('department.delete', { id: 'sales' }))).toBe('INVALID_INPUT:has_children');
    expect(codeOf(() => queue('department.delete', { id: 'east' }))).toBe('INVALID_INPUT:has_members');
    expect(codeOf(() => queue('department.create', { id: 'x', values: { parentId: 'root', name: 'sales', sort: 0, managerId: null } }))).toBe('INVALID_INPUT:duplicate_sibling_name');
    expect(codeOf(() => queue('employee.update', { id: '2', patch: { mobile: '13800138000' } }))).toBe('INVALID_INPUT:duplicate_mobile');
    expect(codeOf(() => queue('employee.update', { id: '2', patch: { email: 'Zhang.San@example.com' } }))).toBe('INVALID_INPUT:duplicate_email');
    expect(codeOf(() => queue('employee.update', { id: '2', patch: { employeeNo: 'e1' } }))).toBe('INVALID_INPUT:duplicate_employee_no');
    expect(codeOf(() => queue('employee.update', { id: '2', patch: { primaryDepartmentId: 'root' } }))).toBe('INVALID_INPUT:not_member');
    expect(codeOf(() => queue('department.merge', { id: 'sales', into: 'east' }))).toBe('INVALID_INPUT:cycle');
    expect(listIssues(cache.db)).toEqual([]);
  });

  it('creates, moves and deletes optimistically, and rolls each back when the cloud refuses', () => {
    const created = queue('department.create', { id: 'new', values: { parentId: 'root', name: 'New', sort: 1, managerId: null } });
    expect(listDepartments(cache.db).find((d) => d.id === 'new')).toMatchObject({ parentId: 'root', version: 0 });
    const moved = queue('employee.update', { id: '2', patch: { departmentIds: ['new'], primaryDepartmentId: 'new' } });
    expect(readRow(cache.db, 'employee', '2')?.data.departmentIds).toEqual(['new']);
    expect(listDepartments(cache.db).find((d) => d.id === 'east')?.memberCount).toBe(0);
    const deleted = queue('department.delete', { id: 'east' });
    expect(readRow(cache.db, 'department', 'east')).toBeNull();

    const rejected = (id: string) => ({ id, status: 'rejected' as const, reason: 'invalid' as const, message: 'no' });
    recordResults(cache.db, [rejected(deleted), rejected(moved), rejected(created)]);
    expect(readRow(cache.db, 'department', 'east')).toMatchObject({ version: 3 });
    expect(readRow(cache.db, 'employee', '2')?.data).toMatchObject({ departmentIds: ['east', 'sales'], primaryDepartmentId: 'east' });
    expect(readRow(cache.db, 'department', 'new')).toBeNull();
    expect(listIssues(cache.db).map((i) => i.name)).toEqual(['department.create', 'employee.update', 'department.delete']);
  });

  it('draws reporting lines for a department, with the outside manager as its root', () => {
    expect(orgChart(cache.db, 'east').nodes).toEqual([
      { id: '1', name: '张三', title: null, managerId: null, inDepartment: false },
      { id: '2', name: 'Hélène Lefèvre', title: null, managerId: '1', inDepartment: true },
    ]);
  });
});
