import { and, eq, lt } from 'drizzle-orm';
import type { HandoverPlan, HandoverResult } from '../../shared/domain.js';
import { appendAudit } from '../audit/chain.js';
import { Rejected } from '../commands/context.js';
import type { CloudDb } from '../db/open.js';
import { offboarding } from '../db/schema.js';
import { lockTenant } from '../sync/versioning.js';
import type { CloudLogger } from '../logger.js';
import { TENANT_WIDE } from '../scope/visibility.js';
import { lockRow, patchRow } from '../sync/rows.js';
import { handoverCounts, performHandover, tenantDay } from './handover.js';

/**
 * Scheduled offboardings run here, in the cloud, once their last working day has ended in
 * the tenant's time zone, whether or not any console is open. The offboarding table is the
 * job queue: durable, one row per job, and a row's status changes in the same transaction as
 * its handover, so a crash mid-run leaves it scheduled and the next tick runs it again from
 * scratch. (pg-boss needs a PostgreSQL server; this works on embedded PGlite too.)
 */
export const SYSTEM_ACTOR = 'system:scheduler';

export async function runDueOffboardings(db: CloudDb, now: Date = new Date(), log?: CloudLogger): Promise<{ completed: number; failed: number }> {
  const today = tenantDay(now);
  const due = await db
    .select({ tenantId: offboarding.tenantId, id: offboarding.id })
    .from(offboarding)
    .where(and(eq(offboarding.status, 'scheduled'), eq(offboarding.deleted, false), lt(offboarding.lastWorkingDay, today)))
    .limit(500);
  const outcome = { completed: 0, failed: 0 };
  for (const job of due) {
    const status = await runOne(db, job.tenantId, job.id, now);
    if (status === 'completed') outcome.completed++;
    if (status === 'failed') outcome.failed++;
    log?.info('offboarding run', { offboardingId: job.id, status });
  }
  return outcome;
}

async function runOne(db: CloudDb, tenantId: string, id: string, now: Date): Promise<'completed' | 'failed' | 'skipped'> {
  return db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    const row = (await lockRow(tx, tenantId, 'offboarding', id)) as
      | (Awaited<ReturnType<typeof lockRow>> & { status: string; employeeId: string; lastWorkingDay: string; plan: HandoverPlan; seen: { customers: string[]; approvalTasks: string[] } })
      | undefined;
    // Cancelled, or run by another worker, since the list was read.
    if (!row || row.deleted || row.status !== 'scheduled') return 'skipped';
    const ctx = { tenantId, clientId: null, visibility: TENANT_WIDE, now };
    let result: HandoverResult;
    let status: 'completed' | 'failed';
    try {
      result = await tx.transaction((sp) => performHandover(sp, ctx, { id, employeeId: row.employeeId, lastWorkingDay: row.lastWorkingDay, plan: row.plan, seen: row.seen }));
      status = 'completed';
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      // E.g. the successor left meanwhile: nothing was handed over; the admin sees why and re-plans.
      result = { items: [], contacts: 0, followUps: 0, skipped: [], error: err.message.slice(0, 500) };
      status = 'failed';
    }
    await patchRow(tx, ctx, 'offboarding', row, { status, completedAt: now.toISOString(), result });
    await appendAudit(tx, tenantId, { actorId: SYSTEM_ACTOR, action: 'offboarding.run', targetType: 'offboarding', targetId: id, details: { employeeId: row.employeeId, status, ...handoverCounts(result) } }, now);
    return status;
  });
}
