/**
 * Issue 10 target 3 on the synced cache: subject discovery (mobile, email, name, pinyin) and org
 * search, through the contract as the console calls them, for people sampled from the tenant.
 */
import type { Core } from '../../electron/core/index.js';
import { p95, round, timeAsync, timeSync, type BenchResult } from '../report.js';
import type { BenchContext } from '../run.js';
import { call } from './sync.js';

export async function lookupsSuite(ctx: BenchContext, core: Core): Promise<BenchResult[]> {
  const sqlite = core.cache.sqlite;
  const employeeCount = (sqlite.prepare('SELECT count(*) AS n FROM employee').get() as { n: number }).n;
  const contactCount = (sqlite.prepare('SELECT count(*) AS n FROM contact').get() as { n: number }).n;
  // People from the middle of the tenant, not the first rows written.
  const employees = sqlite.prepare("SELECT name, pinyin, mobile, email, employee_no FROM employee WHERE status = 'active' ORDER BY id LIMIT 20 OFFSET ?").all(Math.floor(employeeCount / 2)) as { name: string; pinyin: string | null; mobile: string | null; email: string | null; employee_no: string }[];
  const contacts = sqlite.prepare('SELECT name, mobile, email FROM contact ORDER BY id LIMIT 20 OFFSET ?').all(Math.floor(contactCount / 2)) as { name: string; mobile: string | null; email: string | null }[];

  const discovery: Record<string, unknown>[] = [
    ...contacts.flatMap((c) => [{ mobile: c.mobile }, { email: c.email?.toUpperCase() }, { name: c.name }]),
    ...employees.flatMap((e) => [{ mobile: e.mobile }, { email: e.email }, { name: e.name }, ...(e.pinyin ? [{ name: e.pinyin.replace(/\s+/g, '') }] : [])]),
  ].map((g) => Object.fromEntries(Object.entries(g).filter(([, v]) => v)));
  const discoveryTimes: number[] = [];
  for (const given of discovery) discoveryTimes.push((await timeAsync(() => call(core, 'requests.discover', given))).ms);
  // Baseline: what one email lookup costs without the subject_key index.
  const scan = sqlite.prepare('SELECT id FROM contact WHERE lower(email) = ? UNION ALL SELECT id FROM employee WHERE lower(email) = ?');
  const scanTimes = contacts.slice(0, 10).map((c) => timeSync(() => scan.all(c.email?.toLowerCase() ?? '', c.email?.toLowerCase() ?? '')).ms);

  const queries = employees.flatMap((e) => [e.name, e.employee_no, e.pinyin?.replace(/\s+/g, '') ?? e.name, e.name.slice(0, 1)]);
  const searchTimes: number[] = [];
  for (const query of queries) searchTimes.push((await timeAsync(() => call(core, 'org.search', { query, limit: 50 }))).ms);
  const like = sqlite.prepare('SELECT id FROM employee WHERE name LIKE ? LIMIT 50');
  const likeTimes = queries.map((q) => timeSync(() => like.all(`%${q}%`)).ms);

  return [
    {
      suite: 'lookups', name: `subject discovery p95 (${discovery.length} lookups: mobile, email, name, pinyin)`, rows: employeeCount + contactCount,
      value: round(p95(discoveryTimes)), unit: 'ms', baseline: round(p95(scanTimes)), baselineLabel: 'one email found by scanning the email columns',
      ratio: round(p95(scanTimes) / p95(discoveryTimes), 2), ratioMeaning: 'scan / lookup',
      target: '≤ 50 ms', met: ctx.scale === 'L' ? p95(discoveryTimes) <= 50 : null,
    },
    {
      suite: 'lookups', name: `org search p95 (${queries.length} queries: name, number, pinyin, one character)`, rows: employeeCount,
      value: round(p95(searchTimes)), unit: 'ms', baseline: round(p95(likeTimes)), baselineLabel: 'LIKE scan of the name column',
      ratio: round(p95(likeTimes) / p95(searchTimes), 2), ratioMeaning: 'scan / search',
      target: '≤ 100 ms', met: ctx.scale === 'L' ? p95(searchTimes) <= 100 : null,
    },
  ];
}
