/**
 * French typography, one rule for every French text the console writes (interface, audit
 * sentences, reports): the typographic apostrophe (’), and a narrow no-break space (U+202F) before
 * « : ; ! ? » and inside guillemets, so the sign never starts a line alone. Tests apply it to each
 * French table (renderer/src/i18n/locales.test.ts, shared/audit-text.test.ts, the report texts).
 */
export const NARROW_NBSP = '\u202f';

/** What breaks the rule in a French text (empty when nothing does). */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  if (text.includes("'")) problems.push('straight apostrophe');
  for (const m of text.matchAll(/[ \u00a0\t]([:;!?»])/g)) problems.push(`a breaking or wide space before ${m[1]}`);
  for (const m of text.matchAll(/[^\s\u202f]([;!?»])/g)) problems.push(`no narrow no-break space before ${m[1]}`);
  // A colon in a URL or a time (https://, 10:30) takes no space; one ending a label does.
  for (const m of text.matchAll(/[^\s\u202f\d]:(?=\s|$)/g)) problems.push(`no narrow no-break space before : (${m[0]})`);
  if (/«(?!\u202f)/.test(text)) problems.push('no narrow no-break space after «');
  return problems;
}
