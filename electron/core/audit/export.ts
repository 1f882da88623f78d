import type { AuditExport, AuditFilter } from '../../../shared/audit.js';
import { csvBase64 } from '../files/csv.js';

/**
 * The audit log as a file for a regulator or an auditor's own tools: CSV (UTF-8 with BOM for
 * Excel, formula injection neutralised) or JSON with the filter and the export time. Each event
 * keeps its sequence number, so a reader can see gaps and check it against a verification.
 */
export function auditFile(data: AuditExport, filter: AuditFilter, format: 'csv' | 'json', tenantName: string): { fileName: string; mime: string; contentBase64: string } {
  const base = `custos-audit-${data.exportedAt.slice(0, 10)}`;
  if (format === 'json') {
    const body = JSON.stringify({ tenant: tenantName, exportedAt: data.exportedAt, filter, truncated: data.truncated, events: data.events }, null, 2);
    return { fileName: `${base}.json`, mime: 'application/json', contentBase64: Buffer.from(body).toString('base64') };
  }
  const rows = data.events.map((e) => [String(e.seq), e.at, e.actorName ?? '', e.actorId, e.action, e.targetType ?? '', e.targetId ?? '', JSON.stringify(e.details), e.redaction ?? '']);
  return { fileName: `${base}.csv`, mime: 'text/csv', contentBase64: csvBase64(['seq', 'at', 'actor', 'actorId', 'action', 'targetType', 'targetId', 'details', 'redaction'], rows) };
}
