import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IMPORT_MAX_ROWS } from '../../../../shared/commands.js';
import type { ImportIssue } from '../../../../shared/contract.js';
import { FORMULA_START } from '../../files/csv.js';
import type { FileLimits, ParseResult } from './parse.js';

/** A spreadsheet as the admin sees it: header row 1, data rows numbered from 2. */
export interface Table {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  headers: string[];
  rows: { row: number; cells: Record<string, string> }[];
  issues: ImportIssue[];
}

export const clip = (v: string | null | undefined) => (v == null ? null : v.length > 60 ? `${v.slice(0, 57)}…` : v);

/** Our own exports prefix formula-looking cells with ' (files/csv.ts); reading them back drops it. */
export function unneutralise(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * Bounds for every import file (organisation, bulk offboarding). An organisation file has 14
 * columns and at most 20,000 rows; 256 columns is Excel 2003's width. A 20,000-row workbook
 * inflates to ~20 MB, so 200 MB leaves room and still stops a bomb; the worker's heap limit and
 * deadline stop whatever the checks before parsing did not foresee.
 */
export const FILE_LIMITS: FileLimits = { maxColumns: 256, maxRows: IMPORT_MAX_ROWS, maxInflatedBytes: 200 * 1024 * 1024, maxZipEntries: 1000, timeMs: 60_000, heapMb: 512 };

/** Beside the desktop bundle (dist/electron/table-worker.mjs) or, from source, the tsx entry in this folder. */
const WORKER = new URL('./table-worker.mjs', import.meta.url);

/** Parses in a worker thread with a heap limit and a deadline: a hostile file costs that worker, never the core. */
function parseInWorker(bytes: Uint8Array, fileName: string, limits: FileLimits): Promise<ParseResult> {
  const format = /\.xlsx$/i.test(fileName) ? 'xlsx' : 'csv';
  if (!existsSync(fileURLToPath(WORKER))) throw new Error(`import worker missing: ${WORKER.href}`);
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 } });
    let settled = false;
    const settle = (result: ParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ ok: false, code: 'too_complex', format }), limits.timeMs);
    worker.once('message', (result: ParseResult) => settle(result));
    // ERR_WORKER_OUT_OF_MEMORY, or the worker died otherwise: the file asked for more than it may have.
    worker.once('error', () => settle({ ok: false, code: 'too_complex', format }));
    worker.once('exit', () => settle({ ok: false, code: 'too_complex', format }));
    worker.postMessage({ bytes, fileName, limits });
  });
}

export async function readTable(bytes: Uint8Array, fileName: string, limits: FileLimits = FILE_LIMITS): Promise<Table> {
  const result = await parseInWorker(bytes, fileName, limits);
  if (!result.ok) return { format: result.format, encoding: null, headers: [], rows: [], issues: [{ row: 0, column: '', code: result.code, value: null }] };
  const { grid } = result;
  const issues: ImportIssue[] = grid.badEncoding ? [{ row: 0, column: '', code: 'bad_encoding', value: null }] : [];
  const [header, ...data] = grid.rows;
  if (!header) return { format: grid.format, encoding: grid.encoding, headers: [], rows: [], issues: [...issues, { row: 0, column: '', code: 'empty_file', value: null }] };
  const headers = header.values.map((h) => h.trim());
  for (const f of grid.formulas) issues.push({ row: f.row, column: headers[f.index] ?? '', code: 'formula', value: clip(f.formula) });
  const rows = data.slice(0, limits.maxRows).map((r) => {
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h) cells[h] = unneutralise((r.values[i] ?? '').trim());
    });
    return { row: r.row, cells };
  });
  if (rows.length === 0) issues.push({ row: 0, column: '', code: 'empty_file', value: null });
  if (grid.rowCount - 1 > limits.maxRows) issues.push({ row: 0, column: '', code: 'too_many_rows', value: String(grid.rowCount - 1) });
  return { format: grid.format, encoding: grid.encoding, headers, rows, issues };
}

/**
 * Which header holds which field. Two headers meaning the same field (the same name twice, or
 * 姓名 beside Name) are a file-level error naming both: taking either would import the wrong column.
 */
export function mapHeaders<K extends string>(headers: string[], keyOf: (header: string) => K | null): { columns: Map<K, string>; unknown: string[]; duplicates: ImportIssue[] } {
  const columns = new Map<K, string>();
  const unknown: string[] = [];
  const duplicates: ImportIssue[] = [];
  for (const h of headers) {
    if (!h) continue;
    const key = keyOf(h);
    if (!key) unknown.push(h);
    else if (columns.has(key)) duplicates.push({ row: 1, column: h, code: 'duplicate_column', value: clip(columns.get(key)!) });
    else columns.set(key, h);
  }
  return { columns, unknown, duplicates };
}
