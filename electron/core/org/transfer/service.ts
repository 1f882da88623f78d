import { ulid } from 'ulid';
import { OrgImportArgsSchema, type CommandArgs } from '../../../../shared/commands.js';
import type { ImportPreview, Language, OutputOf } from '../../../../shared/contract.js';
import { CustosError } from '../../../../shared/errors.js';
import type { CacheDb } from '../../db/open.js';
import { readRow } from '../../sync/entities.js';
import { pinyinOf } from '../search-terms.js';
import { exportOrg } from './export.js';
import { readTable } from './read.js';
import { planImport } from './validate.js';

/**
 * Import and export as the console offers them: a preview (parse + validate against the cache,
 * nothing written) kept in memory until the admin confirms, then one all-or-nothing command.
 */
const PREVIEW_TTL_MS = 30 * 60_000;

export class OrgTransfer {
  private readonly previews = new Map<string, { args: CommandArgs<'org.import'>; ok: boolean; at: number }>();

  constructor(
    private readonly db: CacheDb,
    private readonly language: () => Language,
  ) {}

  private existing() {
    const sqlite = this.db.$client;
    return {
      departments: sqlite.prepare('SELECT id, parent_id AS parentId, name FROM department').all() as { id: string; parentId: string | null; name: string }[],
      employees: sqlite.prepare('SELECT id, employee_no AS employeeNo, mobile, email FROM employee').all() as { id: string; employeeNo: string; mobile: string | null; email: string | null }[],
    };
  }

  async preview(fileName: string, bytes: Uint8Array): Promise<ImportPreview> {
    const table = await readTable(bytes, fileName);
    const plan = planImport(table, this.existing(), { newId: ulid });
    const previewId = ulid();
    const now = Date.now();
    for (const [id, p] of this.previews) if (now - p.at > PREVIEW_TTL_MS) this.previews.delete(id);
    const args = { ...plan.args, id: previewId };
    for (const e of args.employees) if (!e.values.pinyin) e.values.pinyin = pinyinOf(e.values.name);
    const errors = [...table.issues, ...plan.preview.errors];
    this.previews.set(previewId, { args, ok: errors.length === 0, at: now });
    return { ...plan.preview, previewId, fileName, format: table.format, encoding: table.encoding, errors };
  }

  /** The previewed import as a command, or an error when it had errors or has expired. */
  commit(previewId: string): CommandArgs<'org.import'> {
    const p = this.previews.get(previewId);
    if (!p) throw new CustosError('NOT_FOUND', 'This import preview has expired; upload the file again.');
    if (!p.ok) throw new CustosError('INVALID_INPUT', 'Fix the errors in the file and upload it again; nothing was imported.');
    this.previews.delete(previewId);
    return OrgImportArgsSchema.parse(p.args);
  }

  async exportOrg(input: { format: 'csv' | 'xlsx'; departmentId?: string }): Promise<OutputOf<'org.export'>> {
    const sqlite = this.db.$client;
    const departments = sqlite.prepare('SELECT id, parent_id AS parentId, name FROM department').all() as { id: string; parentId: string | null; name: string }[];
    let ids: string[];
    if (input.departmentId) {
      const below = new Set<string>([input.departmentId]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const d of departments) {
          if (d.parentId && below.has(d.parentId) && !below.has(d.id)) {
            below.add(d.id);
            grew = true;
          }
        }
      }
      const marks = [...below].map(() => '?').join(',');
      ids = (sqlite.prepare(`SELECT DISTINCT employee_id AS id FROM employee_department WHERE department_id IN (${marks})`).all(...below) as { id: string }[]).map((r) => r.id);
    } else {
      ids = (sqlite.prepare('SELECT id FROM employee ORDER BY employee_no').all() as { id: string }[]).map((r) => r.id);
    }
    const employees = ids.map((id) => readRow(this.db, 'employee', id)?.data).filter((e): e is Record<string, unknown> => e !== undefined);
    const file = await exportOrg({ departments, employees: employees as never }, { format: input.format, language: this.language() });
    return { fileName: file.fileName, mime: file.mime, contentBase64: Buffer.from(file.bytes).toString('base64'), rows: employees.length };
  }
}
