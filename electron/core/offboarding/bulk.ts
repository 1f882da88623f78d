import type { BulkOffboardingLine, ImportIssue } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { mapHeaders, readTable } from '../org/transfer/read.js';

/**
 * A bulk offboarding file: one leaver per line with their last working day (empty: at once)
 * and the successor who takes over everything. Each line is checked against the cache and
 * reported by row and column; the console queues only what the admin then confirms.
 */
const fold = (h: string) => h.normalize('NFKC').toLowerCase().replace(/[\s._'’\-:：()（）]/g, '');
const HEADERS = {
  employeeNo: ['工号', '员工工号', '离职员工工号', 'employee no.', 'employeeno', 'employee number', 'matricule'],
  lastWorkingDay: ['最后工作日', '离职日期', 'last working day', 'lastworkingday', 'last day', 'dernier jour travaillé', 'dernier jour'],
  successorNo: ['接收人工号', '交接人工号', 'successor no.', 'successorno', 'successor', 'matricule du successeur', 'successeur'],
} as const;
type Column = keyof typeof HEADERS;
const LOOKUP = new Map<string, Column>(Object.entries(HEADERS).flatMap(([key, names]) => names.map((n) => [fold(n), key as Column] as const)));

export const BULK_MAX_LINES = 500;

/** A problem with the whole file: its code for the console to translate, then the columns it names. */
function fileError(issue: ImportIssue, message: string): CustosError {
  const named = [issue.column, issue.value].filter((c): c is string => !!c).map((c) => ({ path: 'column', message: c }));
  return new CustosError('INVALID_INPUT', message, [{ path: 'file', message: issue.code }, ...named]);
}

function normaliseDay(v: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? null : day;
}

export async function previewBulkOffboarding(db: CacheDb, fileName: string, bytes: Uint8Array, today: string): Promise<{ lines: BulkOffboardingLine[] }> {
  const table = await readTable(bytes, fileName);
  const fileIssue = table.issues.find((i) => i.row <= 1);
  if (fileIssue) throw fileError(fileIssue, 'The file cannot be read as a table.');
  const { columns, duplicates } = mapHeaders(table.headers, (h) => LOOKUP.get(fold(h)) ?? null);
  if (duplicates.length > 0) throw fileError(duplicates[0]!, 'Two columns mean the same thing.');
  const missing = (['employeeNo', 'successorNo'] as const).filter((c) => !columns.has(c));
  if (missing.length > 0) throw new CustosError('INVALID_INPUT', `Missing columns: ${missing.join(', ')}.`, missing.map((c) => ({ path: c, message: 'missing_column' })));
  if (table.rows.length > BULK_MAX_LINES) throw new CustosError('INVALID_INPUT', `At most ${BULK_MAX_LINES} leavers per file.`, [{ path: 'file', message: 'too_many_rows' }]);

  const byNo = db.$client.prepare('SELECT id, name, status FROM employee WHERE lower(employee_no) = lower(?)');
  const scheduled = db.$client.prepare(
    "SELECT 1 FROM offboarding WHERE employee_id = ? AND status = 'scheduled' UNION ALL SELECT 1 FROM outbox WHERE name = 'employee.offboard' AND json_extract(args, '$.employeeId') = ?",
  );
  const cell = (cells: Record<string, string>, c: Column) => (columns.has(c) ? (cells[columns.get(c)!] ?? '').trim() : '');
  const leaving = new Set(table.rows.map((r) => cell(r.cells, 'employeeNo').toLowerCase()).filter(Boolean));
  const seen = new Set<string>();

  const lines = table.rows.map(({ row, cells }): BulkOffboardingLine => {
    const errors: BulkOffboardingLine['errors'] = [];
    const employeeNo = cell(cells, 'employeeNo');
    const successorNo = cell(cells, 'successorNo');
    const dayText = cell(cells, 'lastWorkingDay');
    const leaver = employeeNo ? (byNo.get(employeeNo) as { id: string; name: string; status: string } | undefined) : undefined;
    const successor = successorNo ? (byNo.get(successorNo) as { id: string; name: string; status: string } | undefined) : undefined;
    const column = (c: Column) => columns.get(c) ?? c;
    if (!employeeNo) errors.push({ column: column('employeeNo'), code: 'required' });
    else if (seen.has(employeeNo.toLowerCase())) errors.push({ column: column('employeeNo'), code: 'duplicate' });
    else if (!leaver) errors.push({ column: column('employeeNo'), code: 'unknown_employee' });
    else if (leaver.status === 'departed') errors.push({ column: column('employeeNo'), code: 'already_departed' });
    else if (scheduled.get(leaver.id, leaver.id)) errors.push({ column: column('employeeNo'), code: 'already_scheduled' });
    seen.add(employeeNo.toLowerCase());
    let lastWorkingDay: string | null = null;
    if (dayText) {
      lastWorkingDay = normaliseDay(dayText);
      if (!lastWorkingDay) errors.push({ column: column('lastWorkingDay'), code: 'bad_date' });
      else if (lastWorkingDay < today) errors.push({ column: column('lastWorkingDay'), code: 'in_the_past' });
    }
    if (!successorNo) errors.push({ column: column('successorNo'), code: 'required' });
    else if (!successor) errors.push({ column: column('successorNo'), code: 'unknown_employee' });
    else if (successorNo.toLowerCase() === employeeNo.toLowerCase()) errors.push({ column: column('successorNo'), code: 'self' });
    else if (successor.status !== 'active') errors.push({ column: column('successorNo'), code: 'successor_inactive' });
    else if (leaving.has(successorNo.toLowerCase())) errors.push({ column: column('successorNo'), code: 'successor_leaving' });
    return {
      row, employeeNo, employeeId: leaver?.id ?? null, employeeName: leaver?.name ?? null, lastWorkingDay,
      successorNo, successorId: successor?.id ?? null, successorName: successor?.name ?? null, errors,
    };
  });
  return { lines };
}
