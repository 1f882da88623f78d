import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindAffectedInputSchema } from '../../../shared/incident-views.js';
import { openCache, type Cache } from '../db/open.js';
import { upsertRow } from '../sync/entities.js';
import { findAffected, parseIdentifiers } from './affected.js';

/**
 * Finding the people an incident concerns in a real (encrypted, migrated) cache: each criterion
 * alone, and combined (they narrow each other); counts by field and sensitivity; who cannot be
 * reached; identifiers matching nobody.
 */
let dir: string;
let cache: Cache;
const find = (input: Record<string, unknown>) => findAffected(cache.db, FindAffectedInputSchema.parse(input));
const ids = (r: ReturnType<typeof find>) => r.all.map((p) => `${p.subjectType}:${p.subjectId}`).sort();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'custos-affected-'));
  cache = openCache({ file: join(dir, 'c.sqlite'), key: randomBytes(32), migrationsDir: resolve(__dirname, '../../../migrations') });
  const db = cache.db;
  for (const [id, parentId] of [['root', null], ['sales', 'root'], ['east', 'sales'], ['it', 'root']] as const) upsertRow(db, 'department', { id, parentId, name: id, sort: 0, managerId: null }, 1);
  const person = (id: string, name: string, dept: string, over: Record<string, unknown> = {}) =>
    upsertRow(db, 'employee', {
      id, name, pinyin: '', employeeNo: id, mobile: null, email: null, title: null, rank: null, departmentIds: [dept], primaryDepartmentId: dept, managerId: null,
      hireDate: '2020-01-01', status: 'active', lastWorkingDay: null, departedAt: null, idNumber: null, gender: null, birthDate: null, address: null, ...over,
    }, 1);
  person('e1', '张伟', 'east', { mobile: '+86 138 0000 0001', idNumber: '110101199001011234' });
  person('e2', 'Lucie Bernard', 'sales', { email: 'lucie@exemple.fr', mobile: '+33 6 12 34 56 78' });
  // Left before 2025: not employed during the window.
  person('e3', '王芳', 'it', { mobile: '13800000003', status: 'departed', departedAt: '2024-06-30T00:00:00Z' });
  // No contact details at all.
  person('e4', '李娜', 'east', { idNumber: '110101199202021234' });
  upsertRow(db, 'customer', { id: 'cu1', name: 'Acme', ownerEmployeeId: 'e2', industry: null, status: 'active', createdAt: '2023-01-01T00:00:00Z', lastActivityAt: null }, 1);
  upsertRow(db, 'contact', { id: 'c1', customerId: 'cu1', name: 'John Smith', mobile: null, email: 'john@acme.example', wechat: null, title: null, address: null }, 1);
});
afterAll(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('finding the people an incident concerns', () => {
  it('by a field over a time window: those holding it while employed in the window', () => {
    const r = find({ fields: ['employee.mobile'], from: '2025-01-01T00:00:00Z', to: '2025-12-31T23:59:59Z' });
    expect(ids(r)).toEqual(['employee:e1', 'employee:e2']);
    expect(find({ fields: ['employee.mobile'], from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }).total).toBe(3);
    expect(r.byField).toEqual([{ field: 'employee.mobile', category: 'contact', sensitive: false, people: 2 }]);
  });

  it('counts the sensitive and the unreachable, and guesses each person’s language', () => {
    const r = find({ fields: ['employee.idNumber'] });
    expect(ids(r)).toEqual(['employee:e1', 'employee:e4']);
    expect(r.sensitivePeople).toBe(2);
    expect(r.noContact).toBe(1);
    expect(r.people.find((p) => p.subjectId === 'e4')!.channels).toEqual([]);
    expect(find({ fields: ['employee.email'] }).all).toEqual([{ subjectType: 'employee', subjectId: 'e2', language: 'fr' }]);
  });

  it('by a department subtree, by a customer owner, and both narrowing a field', () => {
    expect(ids(find({ departmentId: 'sales' }))).toEqual(['employee:e1', 'employee:e2', 'employee:e4']);
    expect(ids(find({ ownerEmployeeId: 'e2' }))).toEqual(['contact:c1']);
    expect(ids(find({ departmentId: 'sales', fields: ['employee.idNumber'] }))).toEqual(['employee:e1', 'employee:e4']);
    expect(find({ departmentId: 'it', fields: ['employee.idNumber'] }).total).toBe(0);
  });

  it('by pasted identifiers through the discovery index, counting those matching nobody', () => {
    expect(parseIdentifiers('13800000001\nlucie@exemple.fr, 110101199202021234；nobody@x.example')).toEqual([
      { kind: 'mobile', value: '13800000001' },
      { kind: 'email', value: 'lucie@exemple.fr' },
      { kind: 'id_number', value: '110101199202021234' },
      { kind: 'email', value: 'nobody@x.example' },
    ]);
    const r = find({ identifiers: '+86 13800000001\nLUCIE@exemple.fr, 110101199202021234；nobody@x.example\nJohn Smith' });
    expect(ids(r)).toEqual(['contact:c1', 'employee:e1', 'employee:e2', 'employee:e4']);
    expect(r.unmatchedIdentifiers).toBe(1);
  });

  it('finds nobody when no criterion is given', () => {
    expect(find({}).total).toBe(0);
  });
});
