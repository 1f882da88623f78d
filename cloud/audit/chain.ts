import { createHash } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { CloudExecutor, CloudTx } from '../db/open.js';
import { auditEvent, tenant } from '../db/schema.js';
import { canonicalJson } from '../../shared/canonical-json.js';


/**
 * The tenant's tamper-evident audit trail: each event's hash covers its content and the hash
 * before it. Appending must happen inside the transaction that does the audited work, after the
 * tenant row is locked (bumpVersion or lockTenant), so events chain in commit order.
 */
export interface AuditInput {
  actorId: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** No secrets, no personal values: ids, field names, counts. */
  details?: Record<string, unknown>;
}


export function eventHash(prevHash: string, e: { seq: number; at: Date; actorId: string; action: string; targetType: string | null; targetId: string | null; details: unknown }): string {
  const body = canonicalJson([e.seq, e.at.toISOString(), e.actorId, e.action, e.targetType, e.targetId, e.details]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export async function appendAudit(tx: CloudTx, tenantId: string, input: AuditInput, at: Date = new Date()): Promise<number> {
  const rows = await tx
    .update(tenant)
    .set({ auditSeq: sql`${tenant.auditSeq} + 1` })
    .where(eq(tenant.id, tenantId))
    .returning({ seq: tenant.auditSeq, prev: tenant.auditHash });
  const head = rows[0];
  if (!head) throw new Error('appendAudit: tenant not found');
  const event = {
    seq: Number(head.seq),
    // Millisecond precision, so the stored time reads back exactly and hashes the same.
    at: new Date(Math.floor(at.getTime())),
    actorId: input.actorId,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: input.details ?? {},
  };
  const hash = eventHash(head.prev, event);
  await tx.insert(auditEvent).values({ tenantId, ...event, prevHash: head.prev, hash });
  await tx.update(tenant).set({ auditHash: hash }).where(eq(tenant.id, tenantId));
  return event.seq;
}

export type ChainVerdict = { ok: true; events: number } | { ok: false; events: number; brokenAt: number; problem: 'hash_mismatch' | 'broken_link' | 'missing_event' | 'head_mismatch' };

/**
 * Walks the tenant's chain in sequence order and reports the first broken link: an edited event
 * (its hash no longer matches), a deleted one (a gap in seq, or the next event's prevHash points
 * elsewhere), reordered ones (prevHash mismatch), or a truncated tail (tenant head disagrees).
 */
export async function verifyAuditChain(db: CloudExecutor, tenantId: string, batch = 5000): Promise<ChainVerdict> {
  let prev = '';
  let expectedSeq = 1;
  let events = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.tenantId, tenantId), gt(auditEvent.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvent.seq))
      .limit(batch);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) return { ok: false, events, brokenAt: expectedSeq, problem: 'missing_event' };
      if (r.prevHash !== prev) return { ok: false, events, brokenAt: seq, problem: 'broken_link' };
      const hash = eventHash(prev, { seq, at: r.at, actorId: r.actorId, action: r.action, targetType: r.targetType, targetId: r.targetId, details: r.details });
      if (hash !== r.hash) return { ok: false, events, brokenAt: seq, problem: 'hash_mismatch' };
      prev = r.hash;
      expectedSeq++;
      events++;
    }
    if (rows.length < batch) break;
  }
  const t = await db.select({ seq: tenant.auditSeq, hash: tenant.auditHash }).from(tenant).where(eq(tenant.id, tenantId));
  const head = t[0];
  if (head && (Number(head.seq) !== events || head.hash !== prev)) return { ok: false, events, brokenAt: events + 1, problem: 'head_mismatch' };
  return { ok: true, events };
}
