import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { OrgImportArgsSchema } from '../../../../shared/commands.js';
import type { Employee } from '../../../../shared/domain.js';
import { exportOrg } from './export.js';
import { readTable } from './read.js';
import { planImport, type Existing } from './validate.js';

const existing: Existing = {
  departments: [
    { id: 'root', parentId: null, name: '总部' },
    { id: 'sales', parentId: 'root', name: '销售部' },
    { id: 'rd', parentId: 'root', name: 'R&D' },
  ],
  employees: [{ id: 'e1', employeeNo: 'E001', mobile: '+86 138 0000 0001', email: 'boss@example.com' }],
};
let n = 0;
const newId = () => `new${++n}`;
const csv = (text: string) => new TextEncoder().encode(text);

/** GBK bytes for a string, from a table built by decoding every two-byte GBK code (Node can decode GBK, not encode it). */
const GBK = (() => {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) {
    const ch = dec.decode(new Uint8Array([hi, lo]));
    if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
  }
  return (s: string) => new Uint8Array([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : table.get(c)!)));
})();

describe('reading organisation files', () => {
  it('reads UTF-8 with a BOM, GBK (Chinese Excel) and quoted newlines, with spreadsheet row numbers', async () => {
    const bom = await readTable(new Uint8Array([0xef, 0xbb, 0xbf, ...csv('工号,姓名,部门\nE100,张三,销售部\n')]), 'a.csv');
    expect(bom).toMatchObject({ encoding: 'utf-8-bom', headers: ['工号', '姓名', '部门'], rows: [{ row: 2, cells: { 姓名: '张三' } }] });
    const gbk = await readTable(GBK('工号,姓名,部门\nE100,李四,销售部\n'), 'b.csv');
    expect(gbk).toMatchObject({ encoding: 'gbk', rows: [{ row: 2, cells: { 姓名: '李四', 部门: '销售部' } }], issues: [] });
    const quoted = await readTable(csv('Employee No.,Name,Department,Title\nE1,"Ann\nLee",R&D,"Head, ""R&D"""\nE2,Bob,R&D,\n'), 'c.csv');
    expect(quoted.rows.map((r) => [r.row, r.cells.Name])).toEqual([[2, 'Ann\nLee'], [3, 'Bob']]);
    expect(quoted.rows[0]!.cells.Title).toBe('Head, "R&D"');
  });

  it('keeps formula-looking CSV text as text, refuses real XLSX formulas, reports empty files', async () => {
    const t = await readTable(csv('工号,姓名,部门,手机号\nE100,=1+1,销售部,+8613900000000\n'), 'f.csv');
    expect(t.rows[0]!.cells).toMatchObject({ 姓名: '=1+1', 手机号: '+8613900000000' });
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('s');
    sheet.addRow(['工号', '姓名', '部门']);
    sheet.addRow(['E100', { formula: 'HYPERLINK("http://evil","x")' }, '销售部']);
    const x = await readTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'f.xlsx');
    expect(x.issues).toEqual([{ row: 2, column: '姓名', code: 'formula', value: expect.stringContaining('HYPERLINK') }]);
    expect((await readTable(csv('工号,姓名,部门\n'), 'e.csv')).issues.map((i) => i.code)).toEqual(['empty_file']);
  });
});

describe('planning an import', () => {
  it('reports every bad cell by row and column, and duplicates within the file and against the organisation', async () => {
    const table = await readTable(
      csv(
        [
          '工号,姓名,部门,手机号,邮箱,入职日期,状态,直属上级工号,Shoe size',
          'E001,重复工号,销售部,,,,,,',
          'E200,,销售部,13900000002,bad-email,2024-13-01,gone,,',
          'E201,王五,不存在部门,138 0000 0001,BOSS@example.com,,,,',
          'E202,赵六,销售部/华东/一组,13900000003,z@example.com,2024/3/5,在职,E999,',
          'E203,钱七,销售部,13900000003,z@example.com,,,E202,',
          'E204,,,,,,,,',
        ].join('\n'),
      ),
      'bad.csv',
    );
    const plan = planImport(table, existing, { newId });
    const codes = plan.preview.errors.map((e) => `${e.row}:${e.column}:${e.code}`);
    expect(codes).toEqual([
      '1:Shoe size:unknown_column',
      '2:工号:duplicate_employee_no',
      '3:姓名:required',
      '3:邮箱:bad_email',
      '3:入职日期:bad_date',
      '3:状态:bad_status',
      '4:部门:unknown_department',
      '4:手机号:duplicate_mobile',
      '4:邮箱:duplicate_email',
      '5:直属上级工号:unknown_manager',
      '6:手机号:duplicate_mobile',
      '6:邮箱:duplicate_email',
      '7:姓名:required',
      '7:部门:required',
    ]);
  });

  it('creates missing department levels once, parents first, and resolves managers within the file', async () => {
    const table = await readTable(
      csv('Employee No.,Name,Department,Manager No.,Hire date,Status\nE300,Ann,总部 / 销售部 / East / Team 1,,2024/3/5,actif\nE301,Bob,销售部/East/Team 1; R&D,E300,,suspended\nE302,Cy,销售部/East,E001,,\n'),
      'ok.csv',
    );
    const plan = planImport(table, existing, { newId });
    expect(plan.preview.errors).toEqual([]);
    expect(plan.preview.newDepartments.map((d) => d.path)).toEqual(['销售部 / East', '销售部 / East / Team 1']);
    const [east, team] = plan.args.departments;
    expect(east).toMatchObject({ parentId: 'sales', name: 'East' });
    expect(team).toMatchObject({ parentId: east!.id, name: 'Team 1' });
    const [ann, bob, cy] = plan.args.employees;
    expect(ann!.values).toMatchObject({ departmentIds: [team!.id], hireDate: '2024-03-05', status: 'active' });
    expect(bob!.values).toMatchObject({ departmentIds: [team!.id, 'rd'], primaryDepartmentId: team!.id, managerId: ann!.id, status: 'suspended' });
    expect(cy!.values.managerId).toBe('e1');
    expect(() => OrgImportArgsSchema.parse({ id: 'x', ...plan.args })).not.toThrow();
  });
});

describe('exporting', () => {
  const employees: Employee[] = [
    { id: 'e1', name: '=cmd|calc', pinyin: '', employeeNo: 'E001', mobile: '+8613800000001', email: 'boss@example.com', title: '@ceo', rank: 'M5', departmentIds: ['sales', 'rd'], primaryDepartmentId: 'sales', managerId: null, hireDate: '2020-01-02', status: 'active', lastWorkingDay: null, departedAt: null, idNumber: '110101199003071234', gender: 'male', birthDate: '1990-03-07', address: 'x' },
    { id: 'e2', name: 'Zoé', pinyin: 'zoe', employeeNo: 'E002', mobile: null, email: null, title: null, rank: null, departmentIds: ['rd'], primaryDepartmentId: 'rd', managerId: 'e1', hireDate: null, status: 'departed', lastWorkingDay: null, departedAt: null, idNumber: null, gender: null, birthDate: null, address: null },
  ];

  it('neutralises formula injection in CSV and leaves sensitive fields out unless asked', async () => {
    const file = await exportOrg({ departments: existing.departments, employees }, { format: 'csv', language: 'en' });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(file.bytes);
    expect(text.startsWith('\ufeffEmployee No.,Name,Department')).toBe(true);
    expect(text).toContain(`'=cmd|calc`);
    expect(text).toContain(`'+8613800000001`);
    expect(text).toContain(`'@ceo`);
    expect(text).not.toContain('110101199003071234');
    expect(text).toContain('销售部; R&D');
  });

  it.each(['csv', 'xlsx'] as const)('round-trips through import (%s), formula-looking values included', async (format) => {
    const file = await exportOrg({ departments: existing.departments, employees }, { format, language: 'fr' });
    const table = await readTable(file.bytes, file.fileName);
    expect(table.issues).toEqual([]);
    const plan = planImport(table, { departments: existing.departments, employees: [] }, { newId });
    expect(plan.preview.errors).toEqual([]);
    const [a, b] = plan.args.employees;
    expect(a!.values).toMatchObject({ name: '=cmd|calc', mobile: '+8613800000001', title: '@ceo', departmentIds: ['sales', 'rd'], primaryDepartmentId: 'sales' });
    expect(b!.values).toMatchObject({ name: 'Zoé', status: 'departed', managerId: a!.id });
  });
});
