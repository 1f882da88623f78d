import type { AuditExport, AuditFilter } from '../../../shared/audit.js';
import { auditActionLabel, auditSentence } from '../../../shared/audit-text.js';
import type { Language } from '../../../shared/contract.js';
import { csvBase64 } from '../files/csv.js';

/**
 * The audit log as a file for a regulator or an auditor's own tools: CSV (UTF-8 with BOM for
 * Excel, formula injection neutralised) or JSON with the filter and the export time. Each event
 * keeps its sequence number, so a reader can see gaps and check it against a verification.
 * Codes stay as the cloud wrote them (action, target, details) for tools; each event also
 * carries its action's name and a sentence in the console's language, for people.
 */
export function auditFile(
  data: AuditExport,
  filter: AuditFilter,
  format: 'csv' | 'json',
  tenantName: string,
  words: { language: Language; names: Readonly<Record<string, string>> } = { language: 'en', names: {} },
): { fileName: string; mime: string; contentBase64: string } {
  const base = `custos-audit-${data.exportedAt.slice(0, 10)}`;
  const told = (e: AuditExport['events'][number]) =>
    e.redaction ? { actionName: auditActionLabel(e.action, words.language), description: '' } : { actionName: auditActionLabel(e.action, words.language), description: auditSentence(e, words.language, { names: words.names }) };
  if (format === 'json') {
    const events = data.events.map((e) => ({ ...e, ...told(e) }));
    const body = JSON.stringify({ tenant: tenantName, exportedAt: data.exportedAt, language: words.language, filter, truncated: data.truncated, events }, null, 2);
    return { fileName: `${base}.json`, mime: 'application/json', contentBase64: Buffer.from(body).toString('base64') };
  }
  const rows = data.events.map((e) => {
    const { actionName, description } = told(e);
    return [String(e.seq), e.at, e.actorName ?? '', e.actorId, e.action, e.targetType ?? '', e.targetId ?? '', JSON.stringify(e.details), e.redaction ?? '', actionName, description];
  });
  return { fileName: `${base}.csv`, mime: 'text/csv', contentBase64: csvBase64(['seq', 'at', 'actor', 'actorId', 'action', 'targetType', 'targetId', 'details', 'redaction', 'actionName', 'description'], rows) };
}
