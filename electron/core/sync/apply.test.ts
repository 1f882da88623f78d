import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Change, PullPageBody } from '../../../shared/cloud-protocol.js';
import { CustosError } from '../../../shared/errors.js';
import { openCache, type Cache } from '../db/open.js';
import { listDepartmentEmployees, listDepartments } from '../org/queries.js';
import { discover } from '../requests/discovery.js';
import { START, applyPage, applyStep, buildLookupIndex, readCursor, verifyPage, type ApplyPosition } from './apply.js';

type Page = PullPageBody;
let dir: string;
let cache: Cache;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'custos-apply-'));
  cache = openCache({ file: join(dir, 'c.sqlite'), key: randomBytes(32), migrationsDir: resolve(__dirname, '../../../migrations') });
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

const dept = (id: string, version: number, parentId: string | null = null): Change => ({ entity: 'department', id, version, deleted: false, data: { id, parentId, name: `Dept ${id}`, sort: 0, managerId: null } });
const emp = (id: string, version: number, departmentIds: string[]): Change => ({
  entity: 'employee',
  id,
  version,
  deleted: false,
  data: {
    id, name: `Person ${id}`, pinyin: 'zhang san', employeeNo: `E${id}`, mobile: '13812345678', email: `${id}@example.com`, title: null, rank: null,
    departmentIds, primaryDepartmentId: departmentIds[0] ?? null, managerId: null, hireDate: null, status: 'active', lastWorkingDay: null, departedAt: null,
    idNumber: null, gender: null, birthDate: null, address: null,
  },
});
const page = (from: number, changes: Change[], extra: Partial<Page> = {}): Page => {
  const to = changes.length ? changes[changes.length - 1]!.version : from;
  return { kind: 'page', tenantId: 't1', scope: '', from, to, head: to, remaining: 0, changes, ...extra };
};

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof CustosError ? err.code : String(err);
  }
}

describe('sync pages', () => {
  it('applies rows, memberships and the cursor together', () => {
    const p = page(0, [dept('d1', 1), dept('d2', 2, 'd1'), emp('e1', 3, ['d2', 'd1'])]);
    verifyPage(p, readCursor(cache.db));
    applyPage(cache.db, p, '2026-01-01T00:00:00.000Z');
    expect(readCursor(cache.db)).toEqual({ cursor: 3, tenantId: 't1', lastSyncedAt: '2026-01-01T00:00:00.000Z', scope: '' });
    expect(listDepartments(cache.db).map((d) => [d.id, d.memberCount])).toEqual([['d1', 1], ['d2', 1]]);
    const rows = listDepartmentEmployees(cache.db, { departmentId: 'd2', offset: 0, limit: 10 });
    expect(rows.total).toBe(1);
    expect(rows.rows[0]).toMatchObject({ id: 'e1', mobileMasked: '138****5678', isPrimaryDepartment: true });
    expect(listDepartmentEmployees(cache.db, { departmentId: 'd1', offset: 0, limit: 10 }).rows[0]?.isPrimaryDepartment).toBe(false);
    // Pinyin search without spaces, and a search that matches nobody.
    expect(listDepartmentEmployees(cache.db, { departmentId: 'd2', search: 'zhangsan', offset: 0, limit: 10 }).total).toBe(1);
    expect(listDepartmentEmployees(cache.db, { departmentId: 'd2', search: '100%', offset: 0, limit: 10 }).total).toBe(0);
  });

  it('applies tombstones and moves between departments', () => {
    applyPage(cache.db, page(0, [dept('d1', 1), dept('d2', 2), emp('e1', 3, ['d1'])]), 'x');
    applyPage(cache.db, page(3, [emp('e1', 4, ['d2']), { entity: 'department', id: 'd1', version: 5, deleted: true, data: null }]), 'y');
    expect(listDepartments(cache.db).map((d) => [d.id, d.memberCount])).toEqual([['d2', 1]]);
    applyPage(cache.db, page(5, [{ entity: 'employee', id: 'e1', version: 6, deleted: true, data: null }]), 'z');
    expect(listDepartments(cache.db).map((d) => d.memberCount)).toEqual([0]);
  });

  it('refuses a page that does not continue from the cursor', () => {
    expect(refusal(() => verifyPage(page(5, [dept('d1', 6)]), { cursor: 0, tenantId: null }))).toBe('SYNC_PAGE_REJECTED');
  });
  it('refuses out-of-order or duplicate versions', () => {
    expect(refusal(() => verifyPage(page(0, [dept('d1', 2), dept('d2', 1)], { to: 2, head: 2 }), { cursor: 0, tenantId: null }))).toBe('SYNC_PAGE_REJECTED');
    expect(refusal(() => verifyPage(page(0, [dept('d1', 1), dept('d2', 1)]), { cursor: 0, tenantId: null }))).toBe('SYNC_PAGE_REJECTED');
  });
  it('refuses another tenant, a change beyond the page end, and a row whose id differs from its data', () => {
    expect(refusal(() => verifyPage(page(0, [dept('d1', 1)], { tenantId: 'other' }), { cursor: 0, tenantId: 't1' }))).toBe('SYNC_PAGE_REJECTED');
    expect(refusal(() => verifyPage(page(0, [dept('d1', 1), dept('d2', 9)], { to: 1, head: 9 }), { cursor: 0, tenantId: null }))).toBe('SYNC_PAGE_REJECTED');
    const forged = dept('d1', 1);
    expect(refusal(() => verifyPage(page(0, [{ ...forged, id: 'd9' } as Change]), { cursor: 0, tenantId: null }))).toBe('SYNC_PAGE_REJECTED');
  });
  it('a page that fails half-way through applying leaves nothing behind', () => {
    const bad = page(0, [dept('d1', 1), { entity: 'department', id: 'd2', version: 2, deleted: false, data: { id: 'd2', parentId: null, name: null as unknown as string, sort: 0, managerId: null } }]);
    expect(() => applyPage(cache.db, bad, 'x')).toThrow();
    expect(listDepartments(cache.db)).toEqual([]);
    expect(readCursor(cache.db).cursor).toBe(0);
  });
});

describe('writing pages in steps (issue 21)', () => {
  const changes = (n: number, first: number): Change[] => Array.from({ length: n }, (_, i) => dept(`d${first + i}`, first + i));

  it('commits each step with the cursor at its last change, and a step cut short resumes exactly there', () => {
    // Two pages, the second ending past its last change (versions the scope does not show).
    const pages = [page(0, changes(70, 1)), page(70, changes(40, 71), { to: 115, head: 115 })];
    const cursors: number[] = [];
    let at: ApplyPosition | null = START;
    // A budget of 0 ms: every step stops at the first check (every 8 changes) or at a page's end.
    while (at) {
      at = applyStep(cache.db, pages, at, 'now', 0);
      cursors.push(readCursor(cache.db).cursor);
      expect(listDepartments(cache.db)).toHaveLength(Math.min(cursors.at(-1)!, 110));
    }
    expect(cursors).toEqual([8, 16, 24, 32, 40, 48, 56, 64, 70, 78, 86, 94, 102, 115]);

    // After a crash at a step's end, the cloud's next page from that cursor continues cleanly.
    const other = openCache({ file: join(dir, 'd.sqlite'), key: randomBytes(32), migrationsDir: resolve(__dirname, '../../../migrations') });
    try {
      expect(applyStep(other.db, pages, START, 'now', 0)).toEqual({ page: 0, change: 8 });
      const { cursor } = readCursor(other.db);
      const rest = page(cursor, [...pages[0]!.changes, ...pages[1]!.changes].filter((c) => c.version > cursor), { to: 115, head: 115 });
      verifyPage(rest, readCursor(other.db));
      applyPage(other.db, rest, 'now');
      expect(listDepartments(other.db)).toEqual(listDepartments(cache.db));
      expect(readCursor(other.db).cursor).toBe(115);
    } finally {
      other.close();
    }
  });

  it('a step that fails leaves the steps before it and nothing of its own', () => {
    const bad: Change = { entity: 'department', id: 'dx', version: 50, deleted: false, data: { id: 'dx', parentId: null, name: null as unknown as string, sort: 0, managerId: null } };
    const pages = [page(0, [...changes(10, 1), bad])];
    const at = applyStep(cache.db, pages, START, 'now', 0);
    expect(at).toEqual({ page: 0, change: 8 });
    expect(() => applyStep(cache.db, pages, at!, 'now', 0)).toThrow();
    expect(readCursor(cache.db).cursor).toBe(8);
    expect(listDepartments(cache.db)).toHaveLength(8);
  });
});

describe('lookup index', () => {
  it('builds the lookup index once after a sync from the start, and keeps it up row by row afterwards', () => {
    const plan = (sql: string, ...args: unknown[]) => (cache.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    const probe = "SELECT entity_id FROM subject_key WHERE key = 'm:13812345678'";
    const hasIndex = () => cache.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'subject_key_key_idx'").get() !== undefined;
    expect(hasIndex()).toBe(true);
    applyPage(cache.db, page(0, [dept('d1', 1), emp('e1', 2, ['d1'])]), '2026-01-01T00:00:00.000Z');
    // Mid-way through a first sync: keys are there, found by a scan.
    expect(hasIndex()).toBe(false);
    expect(discover(cache.db, { mobile: '138 1234 5678' }).subjects.map((x) => x.id)).toEqual(['e1']);
    buildLookupIndex(cache.db);
    expect(plan(probe)).toContain('USING INDEX subject_key_key_idx');
    // Later pages write keys through the index; a changed mobile replaces the old key.
    const moved = emp('e1', 3, ['d1']);
    (moved.data as Record<string, unknown>).mobile = '13900000000';
    applyPage(cache.db, page(2, [moved, emp('e2', 4, ['d1'])]), '2026-01-02T00:00:00.000Z');
    expect(hasIndex()).toBe(true);
    expect(discover(cache.db, { mobile: '13900000000' }).subjects.map((x) => x.id)).toEqual(['e1']);
    expect(discover(cache.db, { mobile: '13812345678' }).subjects.map((x) => x.id)).toEqual(['e2']);
    expect(cache.sqlite.prepare("SELECT count(*) AS n FROM subject_key WHERE entity_id = 'e1' AND key LIKE 'm:%'").get()).toEqual({ n: 1 });
  });
});
