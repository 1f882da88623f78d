import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { IMPORT_MAX_ROWS } from '../../../../shared/commands.js';
import type { ImportIssue } from '../../../../shared/contract.js';

/** A spreadsheet as the admin sees it: header row 1, data rows numbered from 2. */
export interface Table {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  rows: { row: number; cells: Record<string, string> }[];
  issues: ImportIssue[];
}

const FORMULA_START = /^[=+\-@\t\r]/;
export const clip = (v: string | null | undefined) => (v == null ? null : v.length > 60 ? `${v.slice(0, 57)}…` : v);

/** Our own exports prefix formula-looking cells with ' (see export.ts); reading them back drops it. */
export function unneutralise(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function decode(bytes: Uint8Array): { text: string; encoding: string; bad: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom', bad: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bad: false };
  } catch {
    // Excel on Chinese Windows saves CSV in GBK.
    const text = new TextDecoder('gbk').decode(bytes);
    return { text, encoding: 'gbk', bad: text.includes('\ufffd') };
  }
}

function fromGrid(format: Table['format'], encoding: string | null, grid: { row: number; values: string[] }[], issues: ImportIssue[]): Table {
  const header = grid.find((r) => r.values.some((v) => v.trim() !== ''));
  if (!header) return { format, encoding, headers: [], rows: [], issues: [...issues, { row: 0, column: '', code: 'empty_file', value: null }] };
  const headers = header.values.map((h) => h.trim());
  const rows = grid
    .filter((r) => r.row > header.row && r.values.some((v) => v.trim() !== ''))
    .map((r) => {
      const cells: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h) cells[h] = unneutralise((r.values[i] ?? '').trim());
      });
      return { row: r.row, cells };
    });
  if (rows.length === 0) issues.push({ row: 0, column: '', code: 'empty_file', value: null });
  if (rows.length > IMPORT_MAX_ROWS) issues.push({ row: 0, column: '', code: 'too_many_rows', value: String(rows.length) });
  return { format, encoding, headers, rows: rows.slice(0, IMPORT_MAX_ROWS), issues };
}

function readCsv(bytes: Uint8Array): Table {
  const { text, encoding, bad } = decode(bytes);
  const issues: ImportIssue[] = bad ? [{ row: 0, column: '', code: 'bad_encoding', value: null }] : [];
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  // Row numbers as a spreadsheet shows them: a quoted cell spanning lines is still one row.
  const grid = parsed.data.map((values, i) => ({ row: i + 1, values: values.map(String) }));
  return fromGrid('csv', encoding, grid, issues);
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  return String(v);
}

async function readXlsx(bytes: Uint8Array): Promise<Table> {
  // Loaded on first use: half a second of start-up otherwise (npm run bench: cold start).
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const issues: ImportIssue[] = [];
  const grid: { row: number; values: string[] }[] = [];
  let headers: string[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      if (cell.type === Excel.ValueType.Formula) {
        // Never evaluated, never imported: a formula is not data.
        issues.push({ row: rowNumber, column: headers[c - 1] ?? '', code: 'formula', value: clip(`=${cell.formula ?? ''}`) });
        values.push('');
      } else values.push(cellText(cell));
    }
    if (grid.length === 0) headers = values;
    grid.push({ row: rowNumber, values });
  });
  return fromGrid('xlsx', null, grid, issues);
}

export async function readTable(bytes: Uint8Array, fileName: string): Promise<Table> {
  const isXlsx = /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b);
  return isXlsx ? readXlsx(bytes) : readCsv(bytes);
}
