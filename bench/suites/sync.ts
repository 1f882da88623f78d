/**
 * Issue 10 targets 1 and 2: the first full sync of the tenant into an empty cache (end to end,
 * through the console core); the cache's ingest rate beside a raw better-sqlite3 bulk insert of
 * the same rows; one command pushed by client A and pulled by client B.
 */
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Change, PullPage } from '../../shared/cloud-protocol.js';
import type { EntityName } from '../../shared/domain.js';
import { createCore, type Core } from '../../electron/core/index.js';
import { CloudClient } from '../../electron/core/cloud/client.js';
import { openCache } from '../../electron/core/db/open.js';
import { silentLogger } from '../../electron/core/logging.js';
import { applyPages, buildLookupIndex, readCursor, verifyPage } from '../../electron/core/sync/apply.js';
import { DEFAULT_APPLY_BATCH_ROWS, DEFAULT_PAGE_SIZE, nextPageLimit } from '../../electron/core/sync/engine.js';
import { column, STORES, toColumnValue } from '../../electron/core/sync/entities.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { p95, round, timeAsync, timeSync, type BenchResult } from '../report.js';
import type { BenchContext } from '../run.js';


type LivePage = Extract<PullPage, { kind: 'page' }>;

export function openBenchCore(ctx: BenchContext, name: string): Core {
  return createCore({ dataDir: join(ctx.workDir, name), cacheKey: ctx.cacheKey, cloudUrl: ctx.cloud.url, host: 'browser', migrationsDir: ctx.migrationsDir, version: 'bench', logger: silentLogger, autoSync: false });
}

/** A contract call's value, or an error naming the operation. */
export async function call<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const r = await core.invoke(name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/**
 * Every page of the tenant, as the cloud sends them to a new console (the engine's page sizes:
 * the first small, then a whole batch per page while a batch or more remains), signatures checked.
 */
async function downloadAll(url: string): Promise<LivePage[]> {
  const client = new CloudClient(url, 120_000);
  const tokens = await client.signIn(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD);
  const pages: LivePage[] = [];
  let cursor = 0;
  let scope = '';
  let limit = DEFAULT_PAGE_SIZE;
  for (;;) {
    const page = await client.pull(tokens.accessToken, tokens.syncKey, cursor, limit, scope);
    if (page.kind !== 'page') throw new Error('unexpected reset on a fresh pull');
    pages.push(page);
    cursor = page.to;
    scope = page.scope;
    limit = nextPageLimit(page.remaining, { pageSize: DEFAULT_PAGE_SIZE, applyBatchRows: DEFAULT_APPLY_BATCH_ROWS, catchUp: DEFAULT_APPLY_BATCH_ROWS });
    if (page.to >= page.head || page.changes.length === 0) return pages;
  }
}

/** The baseline: the same rows written with one prepared INSERT per table, in one transaction. */
function rawInsert(ctx: BenchContext, pages: readonly LivePage[]): number {
  const cache = openCache({ file: join(ctx.workDir, 'raw', 'cache.sqlite'), key: ctx.cacheKey, migrationsDir: ctx.migrationsDir });
  const sqlite = cache.sqlite;
  const inserts = new Map<EntityName, { run: (...args: unknown[]) => unknown; fields: string[] }>();
  const insertFor = (entity: EntityName) => {
    let s = inserts.get(entity);
    if (!s) {
      const st = STORES[entity];
      const cols = [...st.fields, 'version'];
      const stmt = sqlite.prepare(`INSERT INTO ${st.table} (${cols.map(column).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      s = { run: (...args) => stmt.run(...args), fields: st.fields };
      inserts.set(entity, s);
    }
    return s;
  };
  const member = sqlite.prepare('INSERT OR IGNORE INTO employee_department (employee_id, department_id, is_primary) VALUES (?, ?, ?)');
  const { ms } = timeSync(() =>
    sqlite.transaction(() => {
      for (const page of pages)
        for (const c of page.changes as Change[]) {
          if (c.deleted || !c.data) continue;
          const data = c.data as Record<string, unknown>;
          const s = insertFor(c.entity);
          const st = STORES[c.entity];
          s.run(...s.fields.map((f) => toColumnValue(st, f, data[f])), c.version);
          if (c.entity === 'employee') for (const d of data.departmentIds as string[]) member.run(data.id, d, d === data.primaryDepartmentId ? 1 : 0);
        }
    })(),
  );
  cache.close();
  return ms;
}

/**
 * The console's own apply path (verification, memberships, search terms, subject keys and their
 * lookup index), pages grouped into transactions as the sync engine groups them when they arrive
 * back to back.
 */
function applyAll(ctx: BenchContext, pages: readonly LivePage[]): number {
  const cache = openCache({ file: join(ctx.workDir, 'ingest', 'cache.sqlite'), key: ctx.cacheKey, migrationsDir: ctx.migrationsDir });
  const now = new Date().toISOString();
  const { ms } = timeSync(() => {
    let batch: LivePage[] = [];
    let rows = 0;
    let cursor = readCursor(cache.db);
    for (const page of pages) {
      verifyPage(page, cursor);
      cursor = { ...cursor, cursor: page.to, tenantId: page.tenantId };
      batch.push(page);
      rows += page.changes.length;
      if (rows >= DEFAULT_APPLY_BATCH_ROWS || page === pages[pages.length - 1]) {
        applyPages(cache.db, batch, now);
        batch = [];
        rows = 0;
      }
    }
    buildLookupIndex(cache.db);
  });
  cache.close();
  return ms;
}

export async function syncSuite(ctx: BenchContext): Promise<{ results: BenchResult[]; core: Core }> {
  const results: BenchResult[] = [];
  const rowsOf = (pages: readonly LivePage[]) => pages.reduce((n, p) => n + p.changes.length, 0);

  // 1. First full sync through the core, then the same pages downloaded alone as its baseline.
  const core = openBenchCore(ctx, 'a');
  await call(core, 'session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  const full = await timeAsync(() => call<{ state: string; cursor: number }>(core, 'sync.now', {}));
  if (full.value.state !== 'idle') throw new Error(`the full sync ended ${full.value.state}`);
  const download = await timeAsync(() => downloadAll(ctx.cloud.url));
  const rows = rowsOf(download.value);
  results.push({
    suite: 'sync', name: `first full sync into an empty cache (${ctx.cloud.kind})`, rows,
    value: round(full.ms / 1000), unit: 's', baseline: round(download.ms / 1000), baselineLabel: 'downloading the same pages without applying them',
    ratio: round(full.ms / download.ms, 2), ratioMeaning: 'sync time / download time',
    target: '≤ 90 s at L', met: ctx.scale === 'L' ? full.ms <= 90_000 : null,
  });
  ctx.log(`full sync ${round(full.ms / 1000)} s, download alone ${round(download.ms / 1000)} s, ${rows} rows`);

  mkdirSync(join(ctx.workDir, 'raw'), { recursive: true });
  mkdirSync(join(ctx.workDir, 'ingest'), { recursive: true });
  const rawMs = rawInsert(ctx, download.value);
  const applyMs = applyAll(ctx, download.value);
  results.push({
    suite: 'sync', name: 'cache ingest rate (apply path)', rows,
    value: Math.round((rows / applyMs) * 1000), unit: 'rows/s', baseline: Math.round((rows / rawMs) * 1000), baselineLabel: 'raw bulk insert of the same rows, one transaction',
    ratio: round(rawMs / applyMs, 3), ratioMeaning: 'ingest rate / raw rate',
    target: '≥ 0.5', met: rawMs / applyMs >= 0.5,
  });
  ctx.log(`ingest ${Math.round((rows / applyMs) * 1000)} rows/s, raw ${Math.round((rows / rawMs) * 1000)} rows/s`);
  // Gigabytes of pages become garbage here: collect them now, not in the middle of a later
  // measurement (a full collection of that heap stalls the process longer than a request timeout).
  download.value.length = 0;
  (globalThis as { gc?: () => void }).gc?.();

  return { results, core };
}

/** A command from A to B. B starts as a copy of A's synced cache (A closed for the copy) and signs in on its own. */
export async function roundTripSuite(ctx: BenchContext, a: Core): Promise<{ results: BenchResult[]; core: Core }> {
  const results: BenchResult[] = [];
  await a.close();
  cpSync(join(ctx.workDir, 'a'), join(ctx.workDir, 'b'), { recursive: true });
  const core = openBenchCore(ctx, 'a');
  const b = openBenchCore(ctx, 'b');
  await call(b, 'session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  await call(b, 'sync.now', {});
  const { departments } = await call<{ departments: { id: string; parentId: string | null }[] }>(core, 'org.departments', {});
  const target = departments.find((d) => d.parentId !== null)!;
  const nameIn = (c: Core) => (c.cache.sqlite.prepare('SELECT name FROM department WHERE id = ?').get(target.id) as { name: string }).name;
  const roundTrips: number[] = [];
  const pullOnly: number[] = [];
  for (let i = 0; i < 30; i++) {
    const name = `Bench ${i} ${Date.now()}`;
    const t = performance.now();
    await call(core, 'department.update', { id: target.id, patch: { name } });
    await call(core, 'sync.now', {});
    const pulled = await timeAsync(() => call(b, 'sync.now', {}));
    roundTrips.push(performance.now() - t);
    pullOnly.push(pulled.ms);
    if (nameIn(b) !== name) throw new Error('client B did not receive the change');
  }
  await b.close();
  results.push({
    suite: 'sync', name: 'command pushed by A, applied, pulled by B: p95', value: round(p95(roundTrips)), unit: 'ms',
    baseline: round(p95(pullOnly)), baselineLabel: "B's pull alone",
    ratio: round(p95(roundTrips) / p95(pullOnly), 2), ratioMeaning: 'round trip / pull alone',
    target: '≤ 300 ms', met: p95(roundTrips) <= 300,
  });
  return { results, core };
}
