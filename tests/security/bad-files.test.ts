import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32, createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_ERROR_CODES, type OutputOf } from '../../shared/contract.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { startCloud, type RunningCloud } from '../../cloud/server.js';
import type { Core } from '../../electron/core/index.js';
import { FILE_LIMITS, readTable } from '../../electron/core/org/transfer/read.js';
import { call, openClient, tempDir } from '../faults/harness.js';

/**
 * Hostile and broken import files (issue 22 "Import file checks", issue 28 item 3), through the
 * real core as the console sends them: each is a file-level error with its own code, translated,
 * never INTERNAL, for the organisation import and for bulk offboarding, and none costs the core
 * more than a bounded worker.
 */

/** A zip written by hand, so a test can make it lie (declared sizes) or hold what no tool would write. */
function zip(entries: { name: string; data: Buffer; size: number; crc: number; method?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method ?? 8, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method ?? 8, 10);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** `mb` MiB of zeros deflated (a few hundred KB), streamed so the test never holds them. */
async function zeros(mb: number): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < mb; i++) {
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  return { data: Buffer.concat(out), crc, size: mb * 1024 * 1024 };
}

async function xlsx(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('s'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An OLE compound file as Office writes a password-protected workbook: its directory names the EncryptedPackage stream. */
function encryptedWorkbook(): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const dir = Buffer.alloc(512);
  for (const [i, name] of ['Root Entry', 'EncryptionInfo', 'EncryptedPackage'].entries()) Buffer.from(`${name}\0`, 'utf16le').copy(dir, i * 128);
  return Buffer.concat([header, dir, randomBytes(4096)]);
}

const ADMIN = { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD };
let cloud: RunningCloud;
let core: Core;
beforeAll(async () => {
  cloud = await startCloud({ port: 0, seed: { scale: 'S', departments: 5, employees: 20, customers: 5, approvals: 5 } });
  core = openClient(tempDir('bad-files'), cloud.url, randomBytes(32));
  await call(core, 'session.signIn', ADMIN);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await cloud?.close();
});

describe('the bad-file corpus', () => {
  const corpus: { name: string; file: () => Promise<Buffer> | Buffer; fileName: string; code: (typeof IMPORT_ERROR_CODES)[number] }[] = [
    { name: 'random bytes named .xlsx', fileName: 'r.xlsx', file: () => randomBytes(20_000), code: 'corrupt_file' },
    { name: 'random bytes behind a zip signature', fileName: 'z.xlsx', file: () => Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(20_000)]), code: 'corrupt_file' },
    { name: 'a zip that is not a workbook', fileName: 'n.xlsx', file: () => zip([{ name: 'a.txt', data: Buffer.from('hi'), size: 2, crc: crc32('hi'), method: 0 }]), code: 'corrupt_file' },
    {
      name: 'a zip bomb declaring its size (210 MiB of zeros in ~200 KB)',
      fileName: 'bomb.xlsx',
      file: async () => zip([{ name: 'xl/worksheets/sheet1.xml', ...(await zeros(210)) }]),
      code: 'zip_bomb',
    },
    {
      name: 'a zip bomb lying about its size',
      fileName: 'liar.xlsx',
      file: async () => {
        const z = await zeros(210);
        return zip([{ name: 'xl/worksheets/sheet1.xml', data: z.data, crc: z.crc, size: 1000 }]);
      },
      code: 'zip_bomb',
    },
    { name: 'a PNG named .csv', fileName: 'p.csv', file: () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(5000)]), code: 'binary_file' },
    { name: 'random bytes named .csv', fileName: 'r.csv', file: () => randomBytes(20_000), code: 'binary_file' },
    { name: 'a password-protected workbook', fileName: 'secret.xlsx', file: encryptedWorkbook, code: 'encrypted_file' },
    { name: 'UTF-16 text with a BOM (Excel’s “Unicode text”)', fileName: 'u.csv', file: () => Buffer.from('\ufeff工号,姓名,部门\nE1,张三,销售部\n', 'utf16le'), code: 'utf16_file' },
    { name: 'UTF-16 text without a BOM', fileName: 'u.csv', file: () => Buffer.from('Employee No.,Name,Department\nE1,Ann,R&D\n', 'utf16le'), code: 'utf16_file' },
    { name: 'a NUL byte in a CSV', fileName: 'nul.csv', file: () => Buffer.from('Employee No.,Name,Department\nE1,A\0nn,R&D\n'), code: 'nul_byte' },
    { name: '100,000 columns', fileName: 'wide.csv', file: () => Buffer.from(`Employee No.,Name,Department,${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`), code: 'too_many_columns' },
    {
      name: 'one value in column XFD (16,384) on every row',
      fileName: 'xfd.xlsx',
      file: () =>
        xlsx((s) => {
          for (let r = 1; r <= 300; r++) {
            s.getCell(r, 1).value = r === 1 ? 'Employee No.' : `E${r}`;
            s.getCell(r, 16_384).value = 'x';
          }
        }),
      code: 'too_many_columns',
    },
    { name: 'two headers for one field (Name, Name)', fileName: 'dup.csv', file: () => Buffer.from('Employee No.,Name,Name,Department\nE1,Ann,Bob,R&D\n'), code: 'duplicate_column' },
    { name: 'two headers for one field in two languages (姓名, Name)', fileName: 'dup2.csv', file: () => Buffer.from('工号,姓名,Name,部门\nE1,Ann,Bob,R&D\n'), code: 'duplicate_column' },
  ];

  for (const c of corpus) {
    it(`${c.name}: ${c.code} from the organisation import`, async () => {
      const bytes = await c.file();
      const started = Date.now();
      const r = await core.invoke('org.importPreview', { fileName: c.fileName, bytes });
      expect(r.ok).toBe(true);
      const preview = (r as { value: OutputOf<'org.importPreview'> }).value;
      expect(preview.errors.map((e) => e.code)).toContain(c.code);
      expect(preview.employees).toEqual([]);
      expect(Date.now() - started).toBeLessThan(30_000);
    });
  }

  it('the same files answer bulk offboarding with the same codes, never INTERNAL', async () => {
    for (const c of corpus.filter((x) => x.code !== 'duplicate_column')) {
      const bytes = await c.file();
      const r = await core.invoke('offboarding.bulkPreview', { fileName: c.fileName, bytes });
      expect(r, c.name).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      const issues = (r as { error: { issues: { path: string; message: string }[] } }).error.issues;
      expect(issues[0], c.name).toEqual({ path: 'file', message: c.code });
    }
  });

  it('a duplicate column is named with the column it repeats', async () => {
    const r = await call<OutputOf<'org.importPreview'>>(core, 'org.importPreview', { fileName: 'd.csv', bytes: Buffer.from('工号,姓名,Name,部门\nE1,Ann,Bob,R&D\n') });
    expect(r.errors).toContainEqual({ row: 1, column: 'Name', code: 'duplicate_column', value: '姓名' });
    const bulk = await core.invoke('offboarding.bulkPreview', { fileName: 'd.csv', bytes: Buffer.from('工号,Employee No.,接收人工号\nE1,E1,E2\n') });
    expect(bulk).toMatchObject({ ok: false, error: { issues: [{ path: 'file', message: 'duplicate_column' }, { path: 'column', message: 'Employee No.' }, { path: 'column', message: '工号' }] } });
  });

  it('a parse that outlives its deadline or heap is stopped, and the core answers', async () => {
    const big = Buffer.from(['工号,姓名,部门', ...Array.from({ length: 20_000 }, (_, i) => `E${i},name ${i},R&D`)].join('\n'));
    expect((await readTable(big, 'slow.csv', { ...FILE_LIMITS, timeMs: 1 })).issues).toEqual([{ row: 0, column: '', code: 'too_complex', value: null }]);
    const sheet = await xlsx((s) => {
      for (let r = 1; r <= 20_000; r++) s.addRow([`E${r}`, `name ${r}`, 'R&D', 'a longer title to take some memory']);
    });
    expect((await readTable(sheet, 'heavy.xlsx', { ...FILE_LIMITS, heapMb: 16 })).issues).toEqual([{ row: 0, column: '', code: 'too_complex', value: null }]);
    expect((await core.invoke('sync.status', {})).ok).toBe(true);
  });

  it('every file-level code is said in zh-CN, en and fr', () => {
    for (const lng of ['zh-CN', 'en', 'fr']) {
      const locale = JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/locales/${lng}.json`, import.meta.url), 'utf8')) as { manage: { importErrors: Record<string, string> } };
      const said = locale.manage.importErrors;
      expect(IMPORT_ERROR_CODES.filter((code) => !said[code])).toEqual([]);
    }
  });
});
