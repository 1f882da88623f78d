import type { CloudDbHandle } from './db/open.js';
import type { CloudLogger } from './logger.js';
import { runDueOffboardings } from './offboarding/scheduler.js';
import { runDueDispositions } from './retention/schedule.js';

/**
 * The cloud's background jobs, run in the service itself whether or not a console is open:
 * scheduled offboardings and retention disposition. Their state lives in the database (a
 * scheduled offboarding row, the audit chain's last disposition), so a restart loses nothing
 * and a run interrupted by a crash is simply done again. Every instance ticks; each job runs once
 * across them (docs/deploy.md): an offboarding's status is re-read under the tenant's write
 * lock, a tenant's disposition holds an advisory lock. (pg-boss v11+ needs Node 22 and a
 * PostgreSQL server; the cloud runs on Node 20 and also on embedded PGlite.)
 */
export function startCloudJobs(
  handle: Pick<CloudDbHandle, 'db' | 'withLock'>,
  opts: { intervalMs?: number; log?: CloudLogger; now?: () => Date } = {},
): { stop(): Promise<void> } {
  const { db, withLock } = handle;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = opts.now?.() ?? new Date();
    running = running
      .then(() => runDueOffboardings(db, now, opts.log))
      .then(() => runDueDispositions(db, now, opts.log, withLock))
      .catch((err: Error) => opts.log?.error('cloud jobs', { error: err.message }));
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
