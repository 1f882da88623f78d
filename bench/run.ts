/**
 * `npm run bench`: performance figures, each beside a baseline measured in the same run, written
 * to bench/results.json and printed as a Markdown table. Grows with each feature (see issue 10).
 *
 * Now: cache ingest — applying sync pages through the real apply path (verification,
 * memberships, search terms and subject keys, cursor in one transaction per page) against a raw
 * better-sqlite3 bulk insert of the same employee and membership rows (one transaction, prepared
 * statements); org search; subject discovery for data-subject requests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Change, PullPage } from '../shared/cloud-protocol.js';
import { openCache } from '../electron/core/db/open.js';
import { applyPage, verifyPage, readCursor } from '../electron/core/sync/apply.js';
import { searchEmployees } from '../electron/core/org/queries.js';
import { discover } from '../electron/core/requests/discovery.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const PAGE = 1000;
const ROOT = resolve(import.meta.dirname, '..');

function employees(n: number): Change[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `e${i}`;
    return {
      entity: 'employee' as const, id, version: i + 1, deleted: false,
      data: {
        id, name: `员工${i}`, pinyin: `yuan gong ${i}`, employeeNo: `E${String(i).padStart(6, '0')}`, mobile: `138${String(i).padStart(8, '0')}`, email: `e${i}@example.com`,
        title: 'Engineer', rank: 'P5', departmentIds: [`d${i % 50}`], primaryDepartmentId: `d${i % 50}`, managerId: null, hireDate: '2020-01-01', status: 'active' as const,
        lastWorkingDay: null, departedAt: null, idNumber: null, gender: null, birthDate: null, address: null,
      },
    };
  });
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];
/** Customer contacts with Chinese names (pinyin made at ingest) and the identifiers discovery looks up. */
function contacts(n: number, from: number): Change[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `c${i}`;
    const name = `${SURNAMES[i % 8]}${GIVEN[Math.floor(i / 8) % 10]}${GIVEN[Math.floor(i / 80) % 10]}`;
    return {
      entity: 'contact' as const, id, version: from + i + 1, deleted: false,
      data: { id, customerId: `k${i % 5000}`, name, mobile: `+86 139${String(i).padStart(8, '0')}`, email: `c${i}@client.example`, wechat: null, title: null, address: null },
    };
  });
}

function timeIt(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'custos-bench-'));
const changes = employees(ROWS);
const key = randomBytes(32);
const migrationsDir = join(ROOT, 'migrations');

const baseline = openCache({ file: join(dir, 'raw.sqlite'), key, migrationsDir });
const insert = baseline.sqlite.prepare(
  'INSERT INTO employee (id, name, pinyin, employee_no, mobile, email, title, rank, primary_department_id, hire_date, status, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
);
const member = baseline.sqlite.prepare('INSERT INTO employee_department (employee_id, department_id, is_primary) VALUES (?, ?, 1)');
const rawMs = timeIt(() =>
  baseline.sqlite.transaction(() => {
    for (const c of changes) {
      const d = c.data as Extract<Change, { entity: 'employee' }>['data'] & object;
      insert.run(d.id, d.name, d.pinyin, d.employeeNo, d.mobile, d.email, d.title, d.rank, d.primaryDepartmentId, d.hireDate, d.status, c.version);
      member.run(d.id, d.primaryDepartmentId);
    }
  })(),
);
baseline.close();

const cache = openCache({ file: join(dir, 'sync.sqlite'), key, migrationsDir });
const syncMs = timeIt(() => {
  for (let i = 0; i < changes.length; i += PAGE) {
    const slice = changes.slice(i, i + PAGE);
    const page: Extract<PullPage, { kind: 'page' }> = { kind: 'page', tenantId: 't', scope: 'all', mac: '', from: i, to: slice[slice.length - 1]!.version, head: ROWS, remaining: ROWS - i - slice.length, changes: slice };
    verifyPage(page, readCursor(cache.db));
    applyPage(cache.db, page, new Date().toISOString());
  }
});

// Org search (issue 4: ≤ 100 ms on the L tenant): p95 over queries of each kind, beside a plain
// LIKE scan of one column of the same table as the baseline.
const queries = ['员工4242', 'yuangong4242', 'yg', 'E004242', '13800004242', 'e4242@example', 'nobody-matches-this'];
const searchTimes: number[] = [];
for (let round = 0; round < 5; round++) for (const q of queries) searchTimes.push(timeIt(() => searchEmployees(cache.db, { query: q, limit: 50 })));
const scan = cache.sqlite.prepare("SELECT id FROM employee WHERE name LIKE ? LIMIT 50");
const scanTimes: number[] = [];
for (let round = 0; round < 5; round++) for (const q of queries) scanTimes.push(timeIt(() => scan.all(`%${q}%`)));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const searchP95 = p95(searchTimes);
const scanP95 = p95(scanTimes);

// Subject discovery (issue 7: < 50 ms per lookup on the L tenant): contacts added through the
// same apply path, then lookups by each identifier form, beside a case-insensitive scan of the
// email columns (what a lookup costs without the subject_key index).
const people = contacts(ROWS, ROWS);
for (let i = 0; i < people.length; i += PAGE) {
  const slice = people.slice(i, i + PAGE);
  const page: Extract<PullPage, { kind: 'page' }> = { kind: 'page', tenantId: 't', scope: 'all', mac: '', from: ROWS + i, to: slice[slice.length - 1]!.version, head: ROWS * 2, remaining: ROWS - i - slice.length, changes: slice };
  verifyPage(page, readCursor(cache.db));
  applyPage(cache.db, page, new Date().toISOString());
}
const lookups = [
  { mobile: '+86 139 0000 4242' },
  { mobile: '13900004242' },
  { email: 'C4242@CLIENT.EXAMPLE' },
  { email: 'E4242@example.com' },
  { name: '员工4242' },
  { name: 'yuangong4242' },
  { name: '陈娜伟' },
  { idNumber: '11010519900307313X' },
];
const discoveryTimes: number[] = [];
for (let round = 0; round < 5; round++) for (const given of lookups) discoveryTimes.push(timeIt(() => discover(cache.db, given)));
const emailScan = cache.sqlite.prepare('SELECT id FROM contact WHERE lower(email) = ? UNION ALL SELECT id FROM employee WHERE lower(email) = ?');
const emailScanTimes: number[] = [];
for (let round = 0; round < 5; round++) for (const given of lookups) emailScanTimes.push(timeIt(() => emailScan.all((given.email ?? 'x').toLowerCase(), (given.email ?? 'x').toLowerCase())));
const discoveryP95 = p95(discoveryTimes);
const emailScanP95 = p95(emailScanTimes);
cache.close();
rmSync(dir, { recursive: true, force: true });

const results = [
  {
    name: 'cache ingest (sync apply path vs raw bulk insert)',
    rows: ROWS,
    value: Math.round((ROWS / syncMs) * 1000),
    baseline: Math.round((ROWS / rawMs) * 1000),
    unit: 'rows/s',
    ratio: Number((rawMs / syncMs).toFixed(3)),
    target: '≥ 0.5 of baseline',
    met: rawMs / syncMs >= 0.5,
  },
  {
    name: 'org search p95 (name, pinyin, initials, no., mobile, email vs one-column LIKE scan)',
    rows: ROWS,
    value: Number(searchP95.toFixed(1)),
    baseline: Number(scanP95.toFixed(1)),
    unit: 'ms',
    ratio: Number((scanP95 / searchP95).toFixed(3)),
    target: '≤ 100 ms at 100,000 employees',
    met: ROWS >= 100_000 ? searchP95 <= 100 : null,
  },
  {
    name: 'subject discovery p95 (mobile ±86, email, name, pinyin, ID no. vs email column scan)',
    rows: ROWS * 2,
    value: Number(discoveryP95.toFixed(1)),
    baseline: Number(emailScanP95.toFixed(1)),
    unit: 'ms',
    ratio: Number((emailScanP95 / discoveryP95).toFixed(3)),
    target: '< 50 ms per lookup on the L tenant',
    met: ROWS >= 100_000 ? discoveryP95 < 50 : null,
  },
];
writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
console.log('| benchmark | value | baseline | ratio | target | met |\n|---|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} (${r.rows} rows) | ${r.value} ${r.unit} | ${r.baseline} ${r.unit} | ${r.ratio} | ${r.target} | ${r.met === null ? 'n/a (run with BENCH_ROWS=100000)' : r.met ? 'yes' : 'no'} |`);
