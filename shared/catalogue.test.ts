import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGUE, RETENTION_CATEGORIES, SENSITIVE_FIELDS } from './catalogue.js';
import { ENTITY_SCHEMAS, type EntityName } from './domain.js';

/** Field names that hold personal data wherever they appear; each must be catalogued. */
const PERSONAL_LOOKING = /^(name|pinyin|mobile|email|wechat|address|idNumber|gender|birthDate|content|formData)$/;

describe('field catalogue', () => {
  it('names only fields that exist on their entity', () => {
    for (const f of FIELD_CATALOGUE) {
      const shape = (ENTITY_SCHEMAS[f.entity] as unknown as { shape: Record<string, unknown> }).shape;
      expect(Object.keys(shape), `${f.entity}.${f.field}`).toContain(f.field);
    }
  });

  it('covers every personal-looking field of the people-bearing entities', () => {
    const people: EntityName[] = ['employee', 'contact', 'followUp', 'approval'];
    const missing = people.flatMap((e) =>
      Object.keys((ENTITY_SCHEMAS[e] as unknown as { shape: Record<string, unknown> }).shape)
        .filter((k) => PERSONAL_LOOKING.test(k))
        .filter((k) => !FIELD_CATALOGUE.some((f) => f.entity === e && f.field === k))
        .map((k) => `${e}.${k}`),
    );
    expect(missing).toEqual([]);
  });

  it('declares each field once, with a known retention category', () => {
    const keys = FIELD_CATALOGUE.map((f) => `${f.entity}.${f.field}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of FIELD_CATALOGUE) expect(RETENTION_CATEGORIES).toContain(f.retention);
  });

  it('marks the ID number, birth date, gender and address of employees sensitive', () => {
    for (const k of ['employee.idNumber', 'employee.birthDate', 'employee.gender', 'employee.address']) expect(SENSITIVE_FIELDS.has(k)).toBe(true);
    expect(SENSITIVE_FIELDS.has('employee.name')).toBe(false);
  });
});
