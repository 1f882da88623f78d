import { describe, expect, it } from 'vitest';
import { DepartmentSchema, EmployeeSchema } from '../../shared/domain.js';
import { DEMO_SCALES, foldName, generateDemo, prcIdCheckDigit } from './demo.js';
import { Rng } from './prng.js';

describe('demo generator', () => {
  const s = generateDemo({ scale: 'S' });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = generateDemo({ scale: 'S' });
    expect(again.departments.slice(0, 20)).toEqual(s.departments.slice(0, 20));
    expect(again.employees.slice(0, 50)).toEqual(s.employees.slice(0, 50));
    expect(again).toEqual(s);
    const other = generateDemo({ scale: 'S', seed: 'another' });
    expect(other.employees.slice(0, 20).map((e) => e.name)).not.toEqual(s.employees.slice(0, 20).map((e) => e.name));
    expect(new Rng('x').next()).toBe(new Rng('x').next());
  });

  it('has the S counts and a well-formed tree', () => {
    expect(s.departments).toHaveLength(DEMO_SCALES.S.departments);
    expect(s.employees).toHaveLength(DEMO_SCALES.S.employees);
    const byId = new Map(s.departments.map((d) => [d.id, d]));
    expect(s.departments.filter((d) => d.parentId === null)).toHaveLength(1);
    for (const d of s.departments) {
      DepartmentSchema.parse({ ...d, sort: d.sort ?? 0, managerId: d.managerId ?? null, parentId: d.parentId ?? null });
      let depth = 1;
      for (let p = d.parentId; p; p = byId.get(p)?.parentId ?? null) depth++;
      expect(depth).toBeLessThanOrEqual(DEMO_SCALES.S.maxDepth);
      // Every department has a manager who is one of its members.
      expect(d.managerId).toBeTruthy();
    }
    // Sibling names are unique.
    const siblings = new Set(s.departments.map((d) => `${d.parentId}/${d.name}`));
    expect(siblings.size).toBe(s.departments.length);
  });

  it('generates valid, unique, multilingual employees', () => {
    const deptIds = new Set(s.departments.map((d) => d.id));
    const empIds = new Set(s.employees.map((e) => e.id));
    const uniq = (xs: (string | null | undefined)[]) => new Set(xs.filter(Boolean)).size === xs.filter(Boolean).length;
    expect(uniq(s.employees.map((e) => e.email))).toBe(true);
    expect(uniq(s.employees.map((e) => e.mobile))).toBe(true);
    expect(uniq(s.employees.map((e) => e.employeeNo))).toBe(true);
    expect(s.employees[0]?.employeeNo).toBe('E000001');
    let zh = 0;
    let fr = 0;
    let en = 0;
    for (const e of s.employees) {
      EmployeeSchema.parse({ ...e, pinyin: e.pinyin ?? '' });
      const pinyin = e.pinyin ?? '';
      expect(pinyin).toMatch(/^[a-z]+( [a-z]+)*$/);
      expect(e.departmentIds.every((d) => deptIds.has(d))).toBe(true);
      expect(e.departmentIds[0]).toBe(e.primaryDepartmentId);
      if (e.managerId) {
        expect(empIds.has(e.managerId)).toBe(true);
        expect(e.managerId).not.toBe(e.id);
      }
      if (e.status === 'departed') expect(e.lastWorkingDay && e.departedAt).toBeTruthy();
      if (/^[\u4e00-\u9fff]+$/.test(e.name)) {
        zh++;
        // One pinyin syllable per character.
        expect(pinyin.split(' ')).toHaveLength(e.name.length);
        expect(e.idNumber).toMatch(/^\d{17}[\dX]$/);
        const id = e.idNumber as string;
        expect(id.slice(-1)).toBe(prcIdCheckDigit(id.slice(0, 17)));
        expect(id.slice(6, 14)).toBe(e.birthDate?.replace(/-/g, ''));
        expect(Number(id[16]) % 2 === 1 ? 'male' : 'female').toBe(e.gender);
        if (e.mobile) expect(e.mobile).toMatch(/^1[3-9]\d{9}$/);
      } else if (e.mobile?.startsWith('+33')) {
        fr++;
        expect(e.mobile).toMatch(/^\+336\d{8}$/);
      } else {
        en++;
      }
    }
    expect(zh).toBeGreaterThan(100);
    expect(fr).toBeGreaterThan(5);
    expect(en).toBeGreaterThan(20);
    expect(s.employees.some((e) => e.departmentIds.length === 2)).toBe(true);
    expect(s.employees.some((e) => e.status === 'suspended')).toBe(true);
    expect(s.employees.some((e) => e.status === 'departed')).toBe(true);
  });

  it('checks PRC ID digits and folds Latin names', () => {
    // GB 11643 worked example.
    expect(prcIdCheckDigit('11010519491231002')).toBe('X');
    expect(foldName('Hélène Lefèvre')).toBe('helene lefevre');
  });
});
