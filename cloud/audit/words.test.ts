import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_WORDS, auditActionLabel, auditSentence } from '../../shared/audit-text.js';
import { LANGUAGES } from '../../shared/contract.js';

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

describe('the audit log in words', () => {
  it('names every action in every language, and tells it as a sentence with no code left in', () => {
    const details = { reference: 'DSR-2026-0001', employeeId: 'e1', subjectId: 'e1', into: 'd2', parentId: 'd2', fields: ['title'], role: 'org_admin', year: 2027, recounted: ['DSR-2026-0001'], counts: { follow_up: 3 }, dueOn: '2026-12-01', from: '2026-11-01', to: '2026-11-20', on: '2026-11-20', extendedDueOn: '2027-01-01', lastWorkingDay: '2026-12-31', format: 'csv', count: 4, rows: 4 };
    for (const lang of LANGUAGES)
      for (const action of AUDIT_ACTIONS) {
        const label = auditActionLabel(action, lang);
        expect(label, `${lang} ${action}`).not.toBe(action);
        expect(label.trim().length).toBeGreaterThan(0);
        const sentence = auditSentence({ action, targetType: 'employee', targetId: 'e1', details }, lang, { names: { e1: 'Li Lei', d2: 'Sales' } });
        expect(sentence, `${lang} ${action}`).not.toMatch(/undefined|null|NaN|\[object|\{\{/);
        expect(sentence).not.toContain(action);
      }
  });

  it('fills names from the console and keeps ids it has no name for', () => {
    const e = { action: 'employee.offboard', targetType: 'offboarding', targetId: 'o1', details: { employeeId: 'e9', immediate: true, customer: 14, contacts: 2, followUps: 5, approvalTask: 1 } };
    expect(auditSentence(e, 'en', { names: { e9: 'Li Lei' } })).toBe('Offboarded Li Lei (immediately): 14 customers, 2 contacts, 5 follow-ups, 1 approval tasks handed over');
    expect(auditSentence(e, 'en')).toContain('e9');
    expect(auditSentence({ ...e, action: 'some.futureAction' }, 'fr')).toBe('some.futureAction');
  });

  it('every action the cloud writes to the log has words (a new one without them fails here)', () => {
    const written = new Set<string>();
    for (const f of files('cloud')) for (const m of readFileSync(f, 'utf8').matchAll(/action: '([a-zA-Z]+\.[a-zA-Z]+)'/g)) written.add(m[1]!);
    expect(written.size).toBeGreaterThan(5);
    expect([...written].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    for (const a of ['holidayCalendar.import', 'holidayCalendar.remove', 'request.pause', 'request.resume', 'request.recount']) expect(AUDIT_ACTIONS).toContain(a);
  });

  it('French uses one apostrophe (’) and a non-breaking space before : ; ! ?', () => {
    const e = { targetType: null, targetId: 'x', details: { fields: ['a'], counts: {}, lockedSeconds: 30, failures: 3 } };
    for (const action of AUDIT_ACTIONS) {
      const text = `${AUDIT_WORDS.fr[action].label} ${auditSentence({ ...e, action }, 'fr')}`;
      expect(text, action).not.toContain("'");
      expect(text, action).not.toMatch(/[^\u00a0\u202f][:;!?](\s|$)/);
    }
  });
});
