import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { AUDIT_EXPORT_LIMIT, type AuditEventView, type AuditExport, type AuditFacets, type AuditFilter, type AuditPage, type AuditVerdict } from '../../shared/audit.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { adminUser, auditEvent } from '../db/schema.js';
import { appendAudit, verifyAuditChain } from './chain.js';

/** The viewer's reads of the tenant's audit chain: filtered pages, facets, verification, exports. */
function conditions(tenantId: string, f: AuditFilter): SQL[] {
  const where: SQL[] = [eq(auditEvent.tenantId, tenantId)];
  if (f.from) where.push(gte(auditEvent.at, new Date(f.from)));
  if (f.to) where.push(lte(auditEvent.at, new Date(f.to)));
  if (f.actorId) where.push(eq(auditEvent.actorId, f.actorId));
  if (f.action) where.push(f.action.endsWith('.') ? sql`starts_with(${auditEvent.action}, ${f.action})` : eq(auditEvent.action, f.action));
  if (f.targetType) where.push(eq(auditEvent.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditEvent.targetId, f.targetId));
  return where;
}

async function select(db: CloudExecutor, where: SQL[], limit: number): Promise<AuditEventView[]> {
  const rows = await db
    .select({ event: auditEvent, actorName: adminUser.name })
    .from(auditEvent)
    .leftJoin(adminUser, and(eq(adminUser.id, auditEvent.actorId), eq(adminUser.tenantId, auditEvent.tenantId)))
    .where(and(...where))
    .orderBy(desc(auditEvent.seq))
    .limit(limit);
  return rows.map(({ event: e, actorName }) => ({
    seq: Number(e.seq),
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: actorName ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    details: e.details,
    redaction: e.redaction,
  }));
}

export async function auditPage(db: CloudExecutor, tenantId: string, q: AuditFilter & { beforeSeq?: number | undefined; limit: number }): Promise<AuditPage> {
  const where = conditions(tenantId, q);
  const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvent).where(and(...where));
  if (q.beforeSeq) where.push(lt(auditEvent.seq, q.beforeSeq));
  const rows = await select(db, where, q.limit + 1);
  const events = rows.slice(0, q.limit);
  return { events, nextBeforeSeq: rows.length > q.limit ? events[events.length - 1]!.seq : null, total: counted?.n ?? 0 };
}

export async function auditFacets(db: CloudExecutor, tenantId: string): Promise<AuditFacets> {
  const actions = await db.selectDistinct({ v: auditEvent.action }).from(auditEvent).where(eq(auditEvent.tenantId, tenantId)).orderBy(auditEvent.action);
  const types = await db.selectDistinct({ v: auditEvent.targetType }).from(auditEvent).where(eq(auditEvent.tenantId, tenantId)).orderBy(auditEvent.targetType);
  const actors = await db
    .selectDistinct({ id: auditEvent.actorId, name: adminUser.name })
    .from(auditEvent)
    .leftJoin(adminUser, and(eq(adminUser.id, auditEvent.actorId), eq(adminUser.tenantId, auditEvent.tenantId)))
    .where(eq(auditEvent.tenantId, tenantId))
    .orderBy(auditEvent.actorId);
  return {
    actions: actions.map((a) => a.v),
    targetTypes: types.map((t) => t.v).filter((v): v is string => v !== null),
    actors: actors.map((a) => ({ id: a.id, name: a.name ?? null })),
  };
}

export async function verifyChain(db: CloudExecutor, tenantId: string, now: Date): Promise<AuditVerdict> {
  const v = await verifyAuditChain(db, tenantId, { now });
  return v.ok
    ? { ok: true, events: v.events, redacted: v.redacted, brokenAt: null, problem: null, checkedAt: now.toISOString() }
    : { ok: false, events: v.events, redacted: v.redacted, brokenAt: v.brokenAt, problem: v.problem, checkedAt: now.toISOString() };
}

/**
 * An export of the log is itself on record: the event is appended (with the filter's field
 * names, the format and the count, never the values) in the transaction that reads the events.
 */
export async function exportAudit(db: CloudDb, tenantId: string, actorId: string, filter: AuditFilter, format: string, now: Date): Promise<AuditExport> {
  return db.transaction(async (tx) => {
    const rows = await select(tx, conditions(tenantId, filter), AUDIT_EXPORT_LIMIT + 1);
    const events = rows.slice(0, AUDIT_EXPORT_LIMIT);
    await appendAudit(tx, tenantId, { actorId, action: 'audit.export', details: { format, count: events.length, filteredBy: Object.keys(filter).sort() } }, now);
    return { events, truncated: rows.length > AUDIT_EXPORT_LIMIT, exportedAt: now.toISOString() };
  });
}
