import { describe, expect, it } from 'vitest';
import { frenchTypographyProblems } from '../../../shared/typography.js';
import { NOT_HELD_WORDS, REPORT_WORDS } from '../requests/report-text.js';
import { NOTICE_HEADINGS, REPORT_TEXT } from '../incidents/report-text.js';

/** Every string in a (nested) table of words, with its path. */
function strings(value: unknown, path: string): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

describe('reports in French', () => {
  it('follow French typography (shared/typography.ts): a personal-information copy, its notes, an incident notice and report', () => {
    const tables = { REPORT_WORDS: REPORT_WORDS.fr, NOT_HELD_WORDS: NOT_HELD_WORDS.fr, NOTICE_HEADINGS: NOTICE_HEADINGS.fr, REPORT_TEXT: REPORT_TEXT.fr };
    const wrong = Object.entries(tables).flatMap(([name, table]) => strings(table, name).flatMap(([path, text]) => frenchTypographyProblems(text).map((p) => `${path}: ${p}`)));
    expect(wrong).toEqual([]);
  });
});
