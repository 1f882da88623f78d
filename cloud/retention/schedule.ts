import { and, desc, eq, max } from 'drizzle-orm';
import type { DispositionRun } from '../../shared/cloud-protocol.js';
import type { CloudDb, CloudDbHandle } from '../db/open.js';
import { auditEvent, retentionPolicy } from '../db/schema.js';
import type { CloudLogger } from '../logger.js';
import { disposeTenant } from './disposition.js';

/** Retention runs once a day per tenant with enabled policies; the audit chain records each run and is where the last one is read from. */
export const DISPOSITION_EVERY_MS = 24 * 3600_000;
export const RETENTION_ACTOR = 'system:retention';

async function lastRunDue(db: CloudDb, tenantId: string, now: Date): Promise<boolean> {
  const [last] = await db
    .select({ at: max(auditEvent.at) })
    .from(auditEvent)
    .where(and(eq(auditEvent.tenantId, tenantId), eq(auditEvent.action, 'retention.dispose')));
  return !(last?.at && now.getTime() - new Date(last.at).getTime() < DISPOSITION_EVERY_MS);
}

/**
 * Runs each due tenant's disposition. With `withLock` (the service's job timer), a tenant's run
 * holds the lock `custos:disposition:<tenant>` across every cloud instance and checks again under
 * it that no run is recorded since, so the day's run happens once however many instances tick;
 * an instance that finds the lock taken moves on. (A run killed midway drops the lock with its
 * connection; the next tick finishes the work and records the run.)
 */
export async function runDueDispositions(db: CloudDb, now: Date, log?: CloudLogger, withLock?: CloudDbHandle['withLock']): Promise<number> {
  const tenants = await db.selectDistinct({ tenantId: retentionPolicy.tenantId }).from(retentionPolicy).where(and(eq(retentionPolicy.enabled, true), eq(retentionPolicy.deleted, false)));
  let ran = 0;
  for (const { tenantId } of tenants) {
    if (!(await lastRunDue(db, tenantId, now))) continue;
    const run = async () => {
      if (withLock && !(await lastRunDue(db, tenantId, now))) return false;
      const started = Date.now();
      const counts = await disposeTenant(db, tenantId, { now, actorId: RETENTION_ACTOR, trigger: 'schedule' });
      log?.info('retention run', { tenantId, ms: Date.now() - started, categories: Object.keys(counts).length });
      return true;
    };
    const done = withLock ? await withLock(`custos:disposition:${tenantId}`, run, { wait: false }) : { ran: true as const, value: await run() };
    if (done.ran && done.value) ran++;
  }
  return ran;
}

/** The last runs of a tenant, newest first, from the audit chain. */
export async function dispositionRuns(db: CloudDb, tenantId: string, limit = 20): Promise<DispositionRun[]> {
  const rows = await db
    .select({ at: auditEvent.at, actorId: auditEvent.actorId, details: auditEvent.details })
    .from(auditEvent)
    .where(and(eq(auditEvent.tenantId, tenantId), eq(auditEvent.action, 'retention.dispose')))
    .orderBy(desc(auditEvent.seq))
    .limit(limit);
  return rows.map((r) => {
    const d = r.details as { counts?: DispositionRun['counts']; trigger?: DispositionRun['trigger']; startedAt?: string; finishedAt?: string };
    return { at: new Date(r.at).toISOString(), actorId: r.actorId, trigger: d.trigger ?? 'schedule', startedAt: d.startedAt ?? null, finishedAt: d.finishedAt ?? null, counts: d.counts ?? {} };
  });
}
