import { csvText } from '../../files/csv.js';
import type { Language } from '../../../../shared/contract.js';
import type { Employee } from '../../../../shared/domain.js';
import { COLUMN_KEYS, COLUMNS, SENSITIVE_COLUMNS, STATUS_LABELS, type ColumnKey } from './columns.js';

/**
 * Exports the organisation as CSV (UTF-8 with BOM, so Excel opens Chinese text) or XLSX, in the
 * shape import reads back. Spreadsheet formula injection is neutralised: the CSV through the one
 * CSV writer (files/csv.ts), the XLSX by writing every cell as plain text.
 */
export interface ExportData {
  departments: { id: string; parentId: string | null; name: string }[];
  employees: Employee[];
}

export async function exportOrg(data: ExportData, opts: { format: 'csv' | 'xlsx'; language: Language; includeSensitive?: boolean }): Promise<{ bytes: Uint8Array; fileName: string; mime: string }> {
  const byId = new Map(data.departments.map((d) => [d.id, d]));
  const pathOf = (id: string) => {
    const names: string[] = [];
    for (let d = byId.get(id); d && d.parentId !== null; d = byId.get(d.parentId)) names.unshift(d.name);
    return names.join(' / ');
  };
  const noOf = new Map(data.employees.map((e) => [e.id, e.employeeNo]));
  const keys = COLUMN_KEYS.filter((k) => opts.includeSensitive || !SENSITIVE_COLUMNS.has(k));
  const value = (e: Employee, k: ColumnKey): string => {
    switch (k) {
      case 'departments': {
        const ids = e.primaryDepartmentId ? [e.primaryDepartmentId, ...e.departmentIds.filter((d) => d !== e.primaryDepartmentId)] : e.departmentIds;
        return ids.map(pathOf).join('; ');
      }
      case 'managerNo':
        return e.managerId ? (noOf.get(e.managerId) ?? '') : '';
      case 'status':
        return STATUS_LABELS[opts.language][e.status];
      default:
        return (e[k] as string | null) ?? '';
    }
  };
  const header = keys.map((k) => COLUMNS[k][opts.language]);
  const rows = data.employees.map((e) => keys.map((k) => value(e, k)));
  const stamp = new Date().toISOString().slice(0, 10);
  if (opts.format === 'csv') {
    return { bytes: new TextEncoder().encode(csvText(header, rows)), fileName: `organisation-${stamp}.csv`, mime: 'text/csv' };
  }
  // Loaded on first use: half a second of start-up otherwise (npm run bench: cold start).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Organisation', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  // Strings only: exceljs writes a string as text, never as a formula.
  for (const r of rows) sheet.addRow(r.map((v) => ({ richText: [{ text: v }] })));
  sheet.columns.forEach((c) => (c.width = 18));
  const buffer = await wb.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buffer as ArrayBuffer), fileName: `organisation-${stamp}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
}
