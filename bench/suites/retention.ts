/**
 * Issue 10 target 5, in the cloud: the dry run of every supported category over the tenant, and
 * anonymising about 100,000 records through the scheduled disposition path, with the event loop
 * of the process running it watched throughout. Runs on a throw-away copy of the bench database
 * (PostgreSQL's CREATE DATABASE … TEMPLATE), so the kept tenant is never disposed of.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openCloudDb, type CloudDb } from '../../cloud/db/open.js';
import { disposeTenant } from '../../cloud/retention/disposition.js';
import { dryRun, dueIds } from '../../cloud/retention/selection.js';
import { RETENTION_CATEGORIES } from '../../shared/catalogue.js';
import { CATEGORY_RULES, type RetentionPolicyValues } from '../../shared/retention.js';
import { DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import { round, timeAsync, type BenchResult } from '../report.js';
import type { BenchContext } from '../run.js';

const TARGET_RECORDS = 100_000;

async function admin(databaseUrl: string, text: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The policy (follow-ups, anonymise, since creation) whose period makes closest to TARGET_RECORDS due now. */
async function policyForAbout(db: CloudDb, now: Date): Promise<{ policy: RetentionPolicyValues; due: number }> {
  let best: { policy: RetentionPolicyValues; due: number } | null = null;
  for (let months = 1; months <= 120; months++) {
    const policy: RetentionPolicyValues = { category: 'follow_up', periodMonths: months, trigger: 'since_creation', action: 'anonymise', enabled: true };
    const { due } = await dryRun(db, DEMO_TENANT_ID, policy, now, 0);
    if (!best || Math.abs(due - TARGET_RECORDS) < Math.abs(best.due - TARGET_RECORDS)) best = { policy, due };
    if (due < TARGET_RECORDS) break;
  }
  return best!;
}

export async function retentionSuite(ctx: BenchContext): Promise<BenchResult[]> {
  if (!ctx.cloud.databaseUrl) {
    ctx.log('retention: skipped (needs PostgreSQL for a throw-away copy of the tenant)');
    return [];
  }
  await ctx.cloud.stop(); // a template database must have no other connections
  const copyName = `custos_bench_retention_${process.pid}`;
  const source = new URL(ctx.cloud.databaseUrl).pathname.slice(1);
  await admin(ctx.cloud.databaseUrl, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${source}' AND pid <> pg_backend_pid()`);
  const copied = await timeAsync(() => admin(ctx.cloud.databaseUrl!, `CREATE DATABASE ${copyName} TEMPLATE ${source}`));
  ctx.log(`retention: tenant copied in ${round(copied.ms / 1000)} s`);
  const url = new URL(ctx.cloud.databaseUrl);
  url.pathname = `/${copyName}`;
  const handle = await openCloudDb({ databaseUrl: url.toString() });
  const now = new Date();
  const results: BenchResult[] = [];
  try {
    const db = handle.db;
    // Dry run: every category, with each category's shortest allowed period (export packages are
    // never kept, so theirs answers at once that there is nothing to select).
    const policies: RetentionPolicyValues[] = RETENTION_CATEGORIES.map((category) => ({
      category,
      periodMonths: CATEGORY_RULES[category].floor.months,
      trigger: CATEGORY_RULES[category].triggers[0]!,
      action: CATEGORY_RULES[category].actions[0]!,
      enabled: true,
    }));
    let supported = 0;
    const dry = await timeAsync(async () => {
      let due = 0;
      for (const p of policies) {
        const r = await dryRun(db, DEMO_TENANT_ID, p, now);
        due += r.due;
        if (r.supported) supported++;
      }
      return due;
    });
    const tables = ['employee', 'contact', 'follow_up', 'approval', 'consent_record', 'audit_event'];
    const counted = await timeAsync(async () => {
      for (const t of tables) await db.execute(sql.raw(`select count(*) from ${t} where tenant_id = '${DEMO_TENANT_ID}'`));
    });
    results.push({
      suite: 'retention', name: `dry run of ${supported} categories (${dry.value.toLocaleString('en')} records due)`, value: Math.round(dry.ms), unit: 'ms',
      baseline: Math.round(counted.ms), baselineLabel: 'counting the same tables', ratio: round(dry.ms / counted.ms, 2), ratioMeaning: 'dry run / count',
      target: '≤ 10× the count and ≤ 5,000 ms at L', met: ctx.scale === 'L' ? dry.ms <= 5000 && dry.ms / counted.ms <= 10 : dry.ms / counted.ms <= 10,
    });

    // Disposition of about 100,000 follow-ups, the event loop watched.
    const { policy } = await policyForAbout(db, now);
    const selected = await timeAsync(() => dueIds(db, DEMO_TENANT_ID, policy, now));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const disposed = await timeAsync(() => disposeTenant(db, DEMO_TENANT_ID, { now, actorId: 'bench', trigger: 'manual', policies: [policy] }));
    loop.disable();
    const anonymised = disposed.value.follow_up?.anonymised ?? 0;
    const maxBlockMs = loop.max / 1e6;
    ctx.log(`retention: anonymised ${anonymised} in ${round(disposed.ms / 1000)} s, event loop max delay ${round(maxBlockMs)} ms`);
    results.push({
      suite: 'retention', name: `anonymising follow-ups (scheduled path)`, rows: anonymised, value: round(disposed.ms / 1000), unit: 's',
      baseline: round(selected.ms / 1000, 2), baselineLabel: 'selecting the same rows’ ids', ratio: round(disposed.ms / selected.ms, 1), ratioMeaning: 'disposition / selection',
      target: '≤ 30 s for 100,000', met: anonymised >= 90_000 ? (disposed.ms / anonymised) * TARGET_RECORDS <= 30_000 : null,
    });
    results.push({
      suite: 'retention', name: 'longest event-loop delay during that disposition', value: round(maxBlockMs), unit: 'ms',
      baseline: round(loop.mean / 1e6, 1), baselineLabel: 'mean delay in the same run', ratio: round(maxBlockMs / (loop.mean / 1e6), 1), ratioMeaning: 'max / mean',
      target: '≤ 30 ms', met: maxBlockMs <= 30,
    });
  } finally {
    await handle.close();
    await admin(ctx.cloud.databaseUrl, `DROP DATABASE IF EXISTS ${copyName} WITH (FORCE)`);
  }
  return results;
}
