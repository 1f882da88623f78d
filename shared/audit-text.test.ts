import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_WORDS, auditSentence } from './audit-text.js';
import { frenchTypographyProblems } from './typography.js';

describe('the audit log in French', () => {
  it('follows French typography in every label and sentence (shared/typography.ts)', () => {
    const details = { fields: ['name', 'title'], role: 'org_admin', reason: 'test', from: '2026-01-02', to: '2026-01-09', year: 2026, format: 'csv', field: 'mobile' };
    const wrong = AUDIT_ACTIONS.flatMap((action) => {
      const sentence = auditSentence({ action, targetType: 'employee', targetId: 'e1', details }, 'fr', { names: { e1: 'Anaïs Thomas' } });
      return [AUDIT_WORDS.fr[action].label, sentence].flatMap((text) => frenchTypographyProblems(text).map((p) => `${action}: ${p} in “${text}”`));
    });
    expect(wrong).toEqual([]);
  });
});
