import Papa from 'papaparse';

/**
 * The one CSV writer of every file the console hands out (organisation export, handover report,
 * audit log, a request's history, the CSVs of a personal-information copy): UTF-8 with a BOM so
 * Excel opens Chinese text, CRLF lines, and spreadsheet formula injection neutralised: a cell
 * starting with = + - @ (or tab / CR) gets a leading ', which import reads back (read.ts).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralise = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

export type CsvCell = string | number | null | undefined;

export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const cell = (v: CsvCell) => neutralise(v == null ? '' : String(v));
  return `\ufeff${Papa.unparse({ fields: header.map(cell), data: rows.map((r) => r.map(cell)) }, { newline: '\r\n' })}`;
}

export function csvBase64(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return Buffer.from(csvText(header, rows), 'utf8').toString('base64');
}
