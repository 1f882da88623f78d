/**
 * `BENCH_ONLY=load` (issue 29): the cloud under many consoles of one tenant. N simulated consoles
 * (1, 5, 20, 50), each its own session over HTTP, push `employee.update` commands one per
 * request (distinct rows per console, then all on the same three rows) while pulling from
 * their cursor every fifth request, for a fixed time. Measures commands/s and push/pull
 * latency percentiles, then checks exactly-once in the database: one command-log row per id
 * sent, every one applied or rejected, applied versions unique and gap-free.
 */
import { ulid } from 'ulid';
import pg from 'pg';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, DEMO_TENANT_ID } from '../../cloud/seed/demo.js';
import type { BenchContext } from '../run.js';
import { round, type BenchResult } from '../report.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
const CONSOLES = (process.env.BENCH_LOAD_CONSOLES ?? '1,5,20,50').split(',').map(Number);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
};

interface RunFigures {
  consoles: number;
  mode: 'distinct' | 'same';
  commands: number;
  perSecond: number;
  push: [number, number, number];
  pull: [number, number, number];
  rejected: number;
  exactlyOnce: boolean;
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function oneRun(ctx: BenchContext, db: pg.Client, rows: string[], consoles: number, mode: 'distinct' | 'same', tokens: string[]): Promise<RunFigures> {
  const url = ctx.cloud.url;
  const head = Number((await db.query<{ v: string }>('select version as v from tenant where id = $1', [DEMO_TENANT_ID])).rows[0]!.v);
  const sent: string[] = [];
  const pushMs: number[] = [];
  const pullMs: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: consoles }, async (_, c) => {
      const clientId = ulid();
      const auth = { authorization: `Bearer ${tokens[c]!}` };
      let cursor = head;
      let scope = '';
      for (let i = 0; performance.now() < deadline; i++) {
        // Distinct: each console its own block of 40 rows; same: everyone on the first three.
        const row = mode === 'same' ? rows[i % 3]! : rows[3 + ((c * 40 + (i % 40)) % (rows.length - 3))]!;
        const id = ulid();
        sent.push(id);
        const t = performance.now();
        const res = await fetch(`${url}/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ clientId, commands: [{ id, name: 'employee.update', args: { id: row, patch: { title: `Load ${c}-${i}` } }, baseVersion: cursor }] }),
        });
        await res.arrayBuffer();
        pushMs.push(performance.now() - t);
        if (i % 5 === 4) {
          const p = performance.now();
          const page = await fetch(`${url}/sync/pull?cursor=${cursor}&limit=500&scope=${encodeURIComponent(scope)}`, { headers: auth });
          const body = (await page.json()) as { kind: string; to?: number; scope?: string };
          pullMs.push(performance.now() - p);
          if (body.kind === 'page') {
            cursor = body.to!;
            scope = body.scope!;
          }
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const log = (
    await db.query<{ n: number; ids: number; applied: number; versions: number; lo: string | null; hi: string | null }>(
      `select count(*)::int as n, count(distinct mutation_id)::int as ids,
              count(*) filter (where result->>'status' = 'applied')::int as applied,
              count(distinct (result->>'version')) filter (where result->>'status' = 'applied')::int as versions,
              min((result->>'version')::bigint) as lo, max((result->>'version')::bigint) as hi
         from command_log where tenant_id = $1 and mutation_id = any($2)`,
      [DEMO_TENANT_ID, sent],
    )
  ).rows[0]!;
  const gapFree = log.applied === 0 || Number(log.hi) - Number(log.lo) + 1 === log.applied;
  const exactlyOnce = log.n === sent.length && log.ids === sent.length && log.versions === log.applied && gapFree;
  return {
    consoles,
    mode,
    commands: sent.length,
    perSecond: sent.length / seconds,
    push: [pct(pushMs, 0.5), pct(pushMs, 0.95), pct(pushMs, 0.99)],
    pull: [pct(pullMs, 0.5), pct(pullMs, 0.95), pct(pullMs, 0.99)],
    rejected: log.n - log.applied,
    exactlyOnce,
  };
}

export async function loadSuite(ctx: BenchContext): Promise<BenchResult[]> {
  if (!ctx.cloud.databaseUrl) {
    ctx.log('load: skipped (needs PostgreSQL)');
    return [];
  }
  const db = new pg.Client({ connectionString: ctx.cloud.databaseUrl });
  await db.connect();
  const results: BenchResult[] = [];
  try {
    const rows = (await db.query<{ id: string }>('select id from employee where tenant_id = $1 and not deleted order by id limit 2003', [DEMO_TENANT_ID])).rows.map((r) => r.id);
    const tokens: string[] = [];
    for (let i = 0; i < Math.max(...CONSOLES); i++) tokens.push(await signIn(ctx.cloud.url));
    const figures: RunFigures[] = [];
    for (const mode of ['distinct', 'same'] as const) {
      for (const n of CONSOLES) {
        const f = await oneRun(ctx, db, rows, n, mode, tokens);
        figures.push(f);
        ctx.log(
          `load ${mode} ×${n}: ${f.commands} commands, ${round(f.perSecond)} cmd/s, push p50/p95/p99 ${f.push.map((x) => round(x)).join('/')} ms, pull ${f.pull.map((x) => round(x)).join('/')} ms, rejected ${f.rejected}, exactly-once ${f.exactlyOnce ? 'yes' : 'NO'}`,
        );
      }
    }
    const one = figures.find((f) => f.consoles === CONSOLES[0] && f.mode === 'distinct')!;
    for (const f of figures) {
      const name = `${f.mode} rows, ${f.consoles} console${f.consoles > 1 ? 's' : ''}`;
      results.push({
        suite: 'load',
        name: `${name}: commands/s (exactly-once ${f.exactlyOnce ? 'held' : 'BROKEN'})`,
        value: round(f.perSecond),
        unit: 'cmd/s',
        baseline: round(one.perSecond),
        baselineLabel: `${one.consoles} console, distinct rows`,
        ratio: round(f.perSecond / Math.max(one.perSecond, 0.001), 2),
        ratioMeaning: 'higher is better',
        target: '≥ 300 cmd/s with 20 consoles (issue 29)',
        met: f.consoles === 20 && f.mode === 'distinct' ? f.perSecond >= 300 && f.exactlyOnce : f.exactlyOnce ? null : false,
      });
      results.push({
        suite: 'load',
        name: `${name}: push p50/p95/p99 ${f.push.map((x) => round(x)).join('/')} ms, pull p50/p95/p99 ${f.pull.map((x) => round(x)).join('/')} ms`,
        value: round(f.push[2]),
        unit: 'ms push p99',
        baseline: round(one.push[2]),
        baselineLabel: `${one.consoles} console, distinct rows`,
        ratio: round(f.push[2] / Math.max(one.push[2], 0.001), 2),
        ratioMeaning: 'lower is better',
        target: 'push p99 ≤ 300 ms with 20 consoles (issue 29)',
        met: f.consoles === 20 && f.mode === 'distinct' ? f.push[2] <= 300 : null,
      });
    }
  } finally {
    await db.end();
  }
  return results;
}
