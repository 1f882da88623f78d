/**
 * Issue 21: the core in a process of its own, writing pulled pages in short steps. The same
 * first sync into an empty cache, three times: with the core in this process and each batch of
 * pages written in one transaction (the first "before": a host thread that runs the core), through
 * the core process with a transaction per batch (the second "before": the host only relays, but
 * the core waits behind each batch), and through the core process writing in steps of about
 * 40 ms (after). Meanwhile `sync.status` and `org.search` are asked
 * every 100 ms; each latency counts from the moment the call was due, so a stalled thread shows
 * in full. Beside them: the same calls on an idle console, the first-sync times, the cold start
 * of the core process on the cached tenant, and the RSS of host and core.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import type { Envelope } from '../../shared/contract.js';
import { silentLogger } from '../../electron/core/logging.js';
import { startForkedCore } from '../../electron/core/process/fork.js';
import { DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD } from '../../cloud/seed/demo.js';
import { round, type BenchResult } from '../report.js';
import type { BenchContext } from '../run.js';
import { createCore } from '../../electron/core/index.js';
import type { CoreProcessOptions } from '../../electron/core/process/protocol.js';

type Invoke = (name: string, input: unknown) => Promise<Envelope<unknown>>;
const OPS: [string, unknown][] = [
  ['sync.status', {}],
  ['org.search', { query: '王', limit: 20 }],
];

const pct = (xs: readonly number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;

/** Asks each operation every 100 ms until stopped; latency from when the call was due. */
function poll(invoke: Invoke) {
  const samples: Record<string, number[]> = Object.fromEntries(OPS.map(([n]) => [n, []]));
  let stopped = false;
  const start = performance.now();
  const loops = OPS.map(async ([name, input], i) => {
    for (let tick = 0; !stopped; tick++) {
      const due = start + tick * 100 + i * 50;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (tick > 0 && wait < -100) {
        // Ticks missed while the thread was stalled are the one stalled call, not many.
        tick += Math.floor(-wait / 100);
      }
      const r = await invoke(name, input);
      if (r.ok || r.error.code === 'UNAUTHENTICATED') samples[name]!.push(performance.now() - due);
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return samples;
    },
  };
}

async function firstSync(invoke: Invoke): Promise<number> {
  const signIn = await invoke('session.signIn', { email: DEMO_ADMIN_EMAIL, password: DEMO_ADMIN_PASSWORD });
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.error.code}`);
  const t = performance.now();
  for (;;) {
    const r = await invoke('sync.now', {});
    if (!r.ok) throw new Error(`sync.now: ${r.error.code}`);
    const s = r.value as { state: string; cursor: number };
    if (s.state === 'idle') return performance.now() - t;
  }
}

async function measure(invoke: Invoke): Promise<{ syncMs: number; during: Record<string, number[]>; idle: Record<string, number[]>; hostLoop: { p99: number; max: number } }> {
  // How long the host's own thread (windows, IPC, HTTP in a real host) was held up meanwhile.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const during = poll(invoke);
  const syncMs = await firstSync(invoke);
  loop.disable();
  const hostLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  const duringSamples = await during.stop();
  const idle = poll(invoke);
  await new Promise((r) => setTimeout(r, 5_000));
  return { syncMs, during: duringSamples, idle: await idle.stop(), hostLoop };
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024, 0) : 0;
};

export async function processSuite(ctx: BenchContext): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // Each batch of pulled pages in one transaction: how the core wrote before it wrote in steps.
  const oneTransaction = { applyStepMs: Infinity };
  ctx.log('process: first sync with the core in this process, a transaction per batch (before issue 21)…');
  const inProcess = createCore({ dataDir: join(ctx.workDir, 'process-thread'), cacheKey: ctx.cacheKey, cloudUrl: ctx.cloud.url, host: 'browser', migrationsDir: ctx.migrationsDir, version: 'bench', logger: silentLogger, autoSync: false, sync: oneTransaction });
  const inThread = await measure((n, i) => inProcess.invoke(n, i));
  await inProcess.close();
  const options = (dir: string, sync?: CoreProcessOptions['sync']): CoreProcessOptions => ({
    dataDir: join(ctx.workDir, dir),
    cloudUrl: ctx.cloud.url,
    host: 'browser',
    migrationsDir: ctx.migrationsDir,
    version: 'bench',
    autoSync: false,
    ...(sync ? { sync } : {}),
  });
  const host = { cacheKey: ctx.cacheKey, logger: silentLogger, echo: false };
  ctx.log(`process: in the host's thread: first sync ${round(inThread.syncMs / 1000)} s; core process, a transaction per batch…`);
  let core = await startForkedCore(options('process-batch', oneTransaction), host);
  const before = await measure((n, i) => core.invoke(n, i));
  await core.close();
  ctx.log(`process: a transaction per batch: first sync ${round(before.syncMs / 1000)} s; core process, written in steps (after)…`);
  core = await startForkedCore(options('process-after'), host);
  const after = await measure((n, i) => core.invoke(n, i));
  const coreRss = rssMb(core.pid!);
  const hostRss = rssMb(process.pid);
  await core.close();
  ctx.log(`process: after: first sync ${round(after.syncMs / 1000)} s; cold start on the cached tenant…`);
  const cold = performance.now();
  core = await startForkedCore(options('process-after'), host);
  const answered = await core.invoke('org.search', { query: '王', limit: 20 });
  const coldMs = performance.now() - cold;
  if (!answered.ok) throw new Error(`cold start: ${answered.error.code}`);
  const coldRss = rssMb(core.pid!);
  await core.close();

  for (const [name] of OPS) {
    for (const [label, p] of [['p99', 0.99], ['max', 1]] as const) {
      const target = label === 'p99' ? 100 : 250;
      const during = round(pct(after.during[name]!, p));
      results.push({
        suite: 'process',
        name: `${name} ${label} during first sync, core process writing in steps (${after.during[name]!.length} calls)`,
        value: during,
        unit: 'ms',
        baseline: round(pct(after.idle[name]!, p)),
        baselineLabel: 'same calls, idle console',
        ratio: round(during / Math.max(1, pct(after.idle[name]!, p)), 2),
        ratioMeaning: 'during ÷ idle, lower is better',
        target: `≤ ${target} ms`,
        met: ctx.scale === 'L' ? during <= target : null,
      });
      for (const [how, run] of [
        ['core process, a transaction per batch', before],
        ["core in the host's thread, a transaction per batch", inThread],
      ] as const) {
        const was = round(pct(run.during[name]!, p));
        results.push({
          suite: 'process',
          name: `${name} ${label} during first sync, ${how} (before, ${run.during[name]!.length} calls)`,
          value: was,
          unit: 'ms',
          baseline: during,
          baselineLabel: 'core process writing in steps',
          ratio: round(was / Math.max(1, during), 2),
          ratioMeaning: 'before ÷ after, higher means the change helped',
          target: 'context',
          met: null,
        });
      }
    }
  }
  for (const label of ['p99', 'max'] as const) {
    results.push({
      suite: 'process',
      name: `host thread event-loop delay ${label} during first sync, core process`,
      value: round(after.hostLoop[label]),
      unit: 'ms',
      baseline: round(inThread.hostLoop[label]),
      baselineLabel: "core in the host's thread",
      ratio: round(after.hostLoop[label] / Math.max(1, inThread.hostLoop[label]), 3),
      ratioMeaning: 'after ÷ before, lower is better',
      target: 'the host never waits on the core',
      met: null,
    });
  }
  for (const [how, run] of [
    ['core process, a transaction per batch', before],
    ["core in the host's thread, a transaction per batch", inThread],
  ] as const) {
    results.push({
      suite: 'process',
      name: `first sync, core process writing in steps, against ${how}`,
      value: round(after.syncMs / 1000),
      unit: 's',
      baseline: round(run.syncMs / 1000),
      baselineLabel: how,
      ratio: round(after.syncMs / run.syncMs, 2),
      ratioMeaning: 'after ÷ before, ≤ 1.10 wanted',
      target: '≤ 1.10 × before',
      met: after.syncMs <= run.syncMs * 1.1,
    });
  }
  results.push({
    suite: 'process',
    name: 'cold start of the core process on the cached tenant, to a first search answer',
    value: round(coldMs / 1000, 2),
    unit: 's',
    baseline: 3,
    baselineLabel: 'target',
    ratio: round(coldMs / 3000, 2),
    ratioMeaning: 'value ÷ target',
    target: '≤ 3 s',
    met: ctx.scale === 'L' ? coldMs <= 3000 : null,
  });
  results.push({
    suite: 'process',
    name: 'RSS of the core process after the first sync (host: this bench process)',
    value: coreRss,
    unit: 'MB',
    baseline: hostRss,
    baselineLabel: 'RSS of the host side (the bench process, which also ran the in-process sync)',
    ratio: round(coreRss / Math.max(1, hostRss), 2),
    ratioMeaning: 'core ÷ host',
    target: 'reported',
    met: null,
  });
  results.push({
    suite: 'process',
    name: 'RSS of the core process just after a cold start',
    value: coldRss,
    unit: 'MB',
    baseline: coreRss,
    baselineLabel: 'after the first sync',
    ratio: round(coldRss / Math.max(1, coreRss), 2),
    ratioMeaning: 'cold ÷ after sync',
    target: 'reported',
    met: null,
  });
  return results;
}
