/**
 * `npm run bench` (issue 10): performance figures on the demo generator's tenant at BENCH_SCALE
 * (default L: 5,000 departments, 100,000 employees, 300,000 customers, …), each beside a
 * baseline measured in the same run. Writes bench/results.json and bench/results.md.
 *
 *   BENCH_SCALE=S|M|L   the tenant (targets are judged at L only)
 *   BENCH_ONLY=ui,…     run some suites: roundtrip, lookups, package, ui, retention, process (the
 *                       first full sync and ingest always run: the others use their cache;
 *                       BENCH_ONLY=process alone skips them, it does its own first syncs),
 *                       load (many consoles pushing and pulling over HTTP; needs no first sync)
 *
 * The cloud runs in a process of its own on PostgreSQL when reachable (its database is kept
 * between runs, see tenant.ts), else on embedded PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DemoScale } from '../cloud/seed/demo.js';
import { startBenchCloud, type BenchCloud } from './tenant.js';
import { writeReport, type BenchResult } from './report.js';
import { roundTripSuite, syncSuite } from './suites/sync.js';
import { lookupsSuite } from './suites/lookups.js';
import { uiSuite } from './suites/ui.js';
import { retentionSuite } from './suites/retention.js';
import { packageSuite } from './suites/package.js';
import { processSuite } from './suites/process.js';
import { loadSuite } from './suites/load.js';

export interface BenchContext {
  scale: DemoScale;
  workDir: string;
  cacheKey: Buffer;
  migrationsDir: string;
  cloud: BenchCloud;
  log(message: string): void;
}

const ROOT = resolve(import.meta.dirname, '..');
const scale = (process.env.BENCH_SCALE ?? 'L').toUpperCase() as DemoScale;
if (!['S', 'M', 'L'].includes(scale)) throw new Error(`BENCH_SCALE must be S, M or L, not ${scale}`);
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const wanted = (suite: string) => only.size === 0 || only.has(suite);

const workDir = mkdtempSync(join(tmpdir(), 'custos-bench-'));
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
log(`scale ${scale}: starting the cloud (seeding on first use)…`);
const cloud = await startBenchCloud(scale, workDir);
log(`cloud on ${cloud.kind} at ${cloud.url} (${Math.round(cloud.seedSeconds)} s to start)`);
const ctx: BenchContext = { scale, workDir, cacheKey: randomBytes(32), migrationsDir: join(ROOT, 'migrations'), cloud, log };

const results: BenchResult[] = [];
try {
  // The core process suite syncs on its own (in this process, then through the core process).
  if (wanted('process')) results.push(...(await processSuite(ctx)));
  if (wanted('load')) results.push(...(await loadSuite(ctx)));
  // Suites that need no console cache: asked for alone, the first sync is skipped.
  const standalone = only.size > 0 && [...only].every((suite) => suite === 'process' || suite === 'load');
  const sync = standalone ? null : await syncSuite(ctx);
  if (sync) {
    results.push(...sync.results);
    let core = sync.core;
    if (wanted('roundtrip')) {
      const roundTrip = await roundTripSuite(ctx, core);
      results.push(...roundTrip.results);
      core = roundTrip.core;
    }
    if (wanted('lookups')) results.push(...(await lookupsSuite(ctx, core)));
    if (wanted('package')) results.push(...(await packageSuite(ctx, core)));
    await core.close();
  }
  if (wanted('ui')) results.push(...(await uiSuite(ctx)));
  // Last: it stops the cloud to copy its database.
  if (wanted('retention')) results.push(...(await retentionSuite(ctx)));
} finally {
  await cloud.stop();
  rmSync(workDir, { recursive: true, force: true });
}
const md = writeReport(join(ROOT, 'bench'), { at: new Date().toISOString(), scale, cloud: cloud.kind, cpus: (await import('node:os')).cpus().length }, results);
console.log('\n' + md);
