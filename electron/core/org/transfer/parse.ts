import { inflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ImportIssue } from '../../../../shared/contract.js';

/**
 * The hostile part of reading an import file: deciding what the bytes are and turning them into
 * a grid of strings, within bounds. Runs in a worker thread with a heap limit and a deadline
 * (read.ts); everything here also bounds itself, so a file is refused for what it is (its own
 * code) before it can cost much: a zip whose parts inflate beyond the limit, more columns than
 * any organisation file has, an encrypted workbook, UTF-16 or binary content named .csv.
 */
export interface FileLimits {
  /** Columns up to the last non-empty cell of any row. */
  maxColumns: number;
  /** Data rows kept (more are counted, not kept). */
  maxRows: number;
  /** Bytes all parts of an .xlsx may inflate to, checked by inflating them before parsing. */
  maxInflatedBytes: number;
  maxZipEntries: number;
  /** Deadline and heap of the parsing worker. */
  timeMs: number;
  heapMb: number;
}

export type FileErrorCode = Extract<
  ImportIssue['code'],
  'corrupt_file' | 'zip_bomb' | 'binary_file' | 'encrypted_file' | 'utf16_file' | 'nul_byte' | 'too_many_columns' | 'too_complex'
>;

export interface Grid {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  badEncoding: boolean;
  /** Non-empty rows, 1-based as a spreadsheet shows them; at most maxRows + 1 (the header). */
  rows: { row: number; values: string[] }[];
  /** Non-empty rows seen in all (kept or not). */
  rowCount: number;
  formulas: { row: number; index: number; formula: string }[];
}

export type ParseResult = { ok: true; grid: Grid } | { ok: false; code: FileErrorCode; format: 'csv' | 'xlsx' };

class FileError extends Error {
  constructor(readonly code: FileErrorCode) {
    super(code);
  }
}

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const BINARY_SIGNATURES = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0xff, 0xd8, 0xff], // JPEG
  [0x1f, 0x8b], // gzip
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // MZ (Windows executable)
];

/** An OLE compound file is either a password-protected Office file (its "EncryptedPackage" stream) or an old .xls. */
function cfbKind(bytes: Uint8Array): FileErrorCode {
  const name = Buffer.from('EncryptedPackage', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name) ? 'encrypted_file' : 'binary_file';
}

function looksUtf16(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  // Without a BOM: ASCII text in UTF-16 has a zero in every other byte.
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const half = n / 2;
  return (odd > half * 0.6 && even < half * 0.1) || (even > half * 0.6 && odd < half * 0.1);
}

function looksBinary(bytes: Uint8Array): boolean {
  if (BINARY_SIGNATURES.some((s) => startsWith(bytes, s))) return true;
  const n = Math.min(bytes.length, 65_536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b !== 0 && (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b))) control++;
  }
  return n > 0 && control / n > 0.01;
}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000;

/**
 * Walks the zip's central directory and inflates every part with a cap on what it may produce,
 * so the sizes a zip declares are not trusted: a bomb is refused after inflating at most the limit.
 */
export function checkZip(bytes: Uint8Array, limits: Pick<FileLimits, 'maxInflatedBytes' | 'maxZipEntries'>): void {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new FileError('corrupt_file');
  const entries = u16(bytes, eocd + 10);
  const cdOffset = u32(bytes, eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) throw new FileError('corrupt_file'); // zip64: never needed under 40 MB
  if (entries > limits.maxZipEntries) throw new FileError('zip_bomb');
  let p = cdOffset;
  let budget = limits.maxInflatedBytes;
  const names = new Set<string>();
  for (let e = 0; e < entries; e++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new FileError('corrupt_file');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const compressed = u32(bytes, p + 20);
    const declared = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const local = u32(bytes, p + 42);
    names.add(Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8'));
    p += 46 + nameLen + u16(bytes, p + 30) + u16(bytes, p + 32);
    if (flags & 1) throw new FileError('encrypted_file');
    if (declared > budget) throw new FileError('zip_bomb');
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new FileError('corrupt_file');
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    if (start + compressed > bytes.length) throw new FileError('corrupt_file');
    let produced: number;
    if (method === 0) produced = compressed;
    else if (method === 8) {
      try {
        produced = inflateRawSync(bytes.subarray(start, start + compressed), { maxOutputLength: Math.max(1, budget + 1) }).length;
      } catch (err) {
        throw new FileError((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'zip_bomb' : 'corrupt_file');
      }
    } else throw new FileError('corrupt_file');
    budget -= produced;
    if (budget < 0) throw new FileError('zip_bomb');
  }
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw new FileError('corrupt_file');
}

function decode(bytes: Uint8Array): { text: string; encoding: string; bad: boolean } {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom', bad: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bad: false };
  } catch {
    // Excel on Chinese Windows saves CSV in GBK.
    const text = new TextDecoder('gbk').decode(bytes);
    return { text, encoding: 'gbk', bad: text.includes('\ufffd') };
  }
}

/** Index + 1 of the last non-empty value: trailing empty cells do not count as columns. */
function width(values: string[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i]!.trim() !== '') return i + 1;
  return 0;
}

function collector(limits: FileLimits) {
  const rows: Grid['rows'] = [];
  let rowCount = 0;
  return {
    rows,
    count: () => rowCount,
    add(row: number, values: string[]) {
      const w = width(values);
      if (w === 0) return;
      if (w > limits.maxColumns) throw new FileError('too_many_columns');
      rowCount++;
      if (rows.length <= limits.maxRows) rows.push({ row, values: values.slice(0, w) });
    },
  };
}

function parseCsv(bytes: Uint8Array, limits: FileLimits): Grid {
  const { text, encoding, bad } = decode(bytes);
  const grid = collector(limits);
  let row = 0;
  let failure: unknown = null;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result, parser) => {
      // Row numbers as a spreadsheet shows them: a quoted cell spanning lines is still one row.
      row++;
      try {
        grid.add(row, result.data.map(String));
      } catch (err) {
        failure = err;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
  return { format: 'csv', encoding, badEncoding: bad, rows: grid.rows, rowCount: grid.count(), formulas: [] };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (typeof v === 'object' && 'error' in v) return String(v.error);
  return String(v);
}

async function parseXlsx(bytes: Uint8Array, limits: FileLimits): Promise<Grid> {
  checkZip(bytes, limits);
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new FileError('corrupt_file');
  }
  const sheet = wb.worksheets[0];
  const grid = collector(limits);
  const formulas: Grid['formulas'] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    // Only the cells present: one cell in column XFD is not 16,384 cells to visit.
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > limits.maxColumns) {
        if (cellText(cell).trim() !== '' || cell.type === Excel.ValueType.Formula) throw new FileError('too_many_columns');
        return;
      }
      while (values.length < col - 1) values.push('');
      if (cell.type === Excel.ValueType.Formula) {
        // Never evaluated, never imported: a formula is not data.
        formulas.push({ row: rowNumber, index: col - 1, formula: `=${cell.formula ?? ''}` });
        values.push('');
      } else values.push(cellText(cell));
    });
    grid.add(rowNumber, values);
  });
  return { format: 'xlsx', encoding: null, badEncoding: false, rows: grid.rows, rowCount: grid.count(), formulas };
}

/** What the bytes are, judged from the bytes (the name only breaks a tie). */
function kindOf(bytes: Uint8Array, fileName: string): 'csv' | 'xlsx' | FileErrorCode {
  const namedXlsx = /\.xlsx$/i.test(fileName);
  if (startsWith(bytes, CFB)) return cfbKind(bytes);
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return 'xlsx';
  if (namedXlsx) return 'corrupt_file';
  if (looksUtf16(bytes)) return 'utf16_file';
  if (looksBinary(bytes)) return 'binary_file';
  if (bytes.includes(0)) return 'nul_byte';
  return 'csv';
}

export async function parseFile(bytes: Uint8Array, fileName: string, limits: FileLimits): Promise<ParseResult> {
  const kind = kindOf(bytes, fileName);
  const format = kind === 'xlsx' || (kind !== 'csv' && /\.xlsx$/i.test(fileName)) ? 'xlsx' : 'csv';
  if (kind !== 'csv' && kind !== 'xlsx') return { ok: false, code: kind, format };
  try {
    return { ok: true, grid: kind === 'xlsx' ? await parseXlsx(bytes, limits) : parseCsv(bytes, limits) };
  } catch (err) {
    if (err instanceof FileError) return { ok: false, code: err.code, format };
    throw err;
  }
}
