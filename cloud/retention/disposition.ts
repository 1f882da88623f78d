import { and, eq, inArray } from 'drizzle-orm';
import { ANONYMISED, FIELD_CATALOGUE, type AnonymisationRule, type RetentionCategory } from '../../shared/catalogue.js';
import type { EntityName } from '../../shared/domain.js';
import type { RetentionPolicyValues } from '../../shared/retention.js';
import { appendAudit } from '../audit/chain.js';
import type { CloudDb, CloudTx } from '../db/open.js';
import { retentionPolicy, tenant } from '../db/schema.js';
import { ENTITY_TABLES, type SyncedRow } from '../sync/entities.js';
import { patchRow, tombstoneRow } from '../sync/rows.js';
import { dueIds, ENTITY_OF } from './selection.js';

/**
 * Disposition: what enabled policies reach is anonymised or deleted, in chunks of one short
 * transaction each (the tenant lock is held only for a chunk, so pushes interleave and the
 * service never stalls), skipping whatever a legal hold protects. Every write takes a new
 * version like any command's, so consoles follow on their next pull: anonymised rows arrive
 * rewritten, deleted ones as tombstones. Deleted rows keep no personal values in the cloud
 * either: their personal fields are cleared before the tombstone. Nothing maps back.
 */
export { ANONYMISED };

export interface DispositionCounts {
  anonymised: number;
  deleted: number;
}

/** The value a personal field takes under its rule; never derived from anything but the old value's shape. */
export function anonymisedValue(rule: AnonymisationRule, value: unknown, notNull: boolean): unknown {
  switch (rule) {
    case 'clear':
      return notNull ? '' : null;
    case 'placeholder':
      return ANONYMISED;
    case 'year_only':
      return typeof value === 'string' && /^\d{4}/.test(value) ? `${value.slice(0, 4)}-01-01` : null;
    case 'clear_text':
      return value !== null && typeof value === 'object' ? {} : notNull ? '' : null;
  }
}

const NOT_NULL: Record<string, ReadonlySet<string>> = {
  employee: new Set(['name', 'pinyin']),
  contact: new Set(['name']),
  followUp: new Set(['content']),
  approval: new Set(['title', 'formData']),
  consentRecord: new Set(['purpose']),
};

export function anonymisedPatch(entity: EntityName, category: RetentionCategory, row: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const f of FIELD_CATALOGUE) {
    if (f.entity !== entity || f.retention !== category) continue;
    patch[f.field] = anonymisedValue(f.anonymise, row[f.field], NOT_NULL[entity]?.has(f.field) ?? false);
  }
  return patch;
}

async function disposeChunk(db: CloudDb, tenantId: string, policy: RetentionPolicyValues, now: Date, chunk: number): Promise<number> {
  return db.transaction(async (tx: CloudTx) => {
    await tx.select({ id: tenant.id }).from(tenant).where(eq(tenant.id, tenantId)).for('update');
    const ids = await dueIds(tx, tenantId, policy, now, chunk);
    if (ids.length === 0) return 0;
    const entity = ENTITY_OF[policy.category]!;
    const table = ENTITY_TABLES[entity];
    const rows = (await tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)))
      .for('update')) as SyncedRow[];
    const ctx = { tenantId, clientId: null };
    for (const row of rows) {
      const patch = anonymisedPatch(entity, policy.category, row);
      await patchRow(tx, ctx, entity, row, patch);
      await tx
        .update(table)
        .set({ anonymisedAt: now.toISOString() })
        .where(and(eq(table.tenantId, tenantId), eq(table.id, row.id)));
      if (policy.action === 'delete') await tombstoneRow(tx, tenantId, entity, row.id);
    }
    return rows.length;
  });
}

/**
 * Runs every enabled policy of a tenant (or the given ones) to completion in chunks; returns
 * the counts per category. Safe to run again: disposed rows are no longer due.
 */
export async function disposeTenant(
  db: CloudDb,
  tenantId: string,
  opts: { now: Date; actorId: string; trigger?: 'schedule' | 'manual'; chunk?: number; policies?: RetentionPolicyValues[] },
): Promise<Partial<Record<RetentionCategory, DispositionCounts>>> {
  const policies =
    opts.policies ??
    ((await db
      .select()
      .from(retentionPolicy)
      .where(and(eq(retentionPolicy.tenantId, tenantId), eq(retentionPolicy.enabled, true), eq(retentionPolicy.deleted, false)))) as unknown as RetentionPolicyValues[]);
  const counts: Partial<Record<RetentionCategory, DispositionCounts>> = {};
  const startedAt = new Date().toISOString();
  for (const policy of policies) {
    if (!ENTITY_OF[policy.category]) continue;
    const c: DispositionCounts = { anonymised: 0, deleted: 0 };
    for (;;) {
      const n = await disposeChunk(db, tenantId, policy, opts.now, opts.chunk ?? 500);
      if (n === 0) break;
      if (policy.action === 'delete') c.deleted += n;
      else c.anonymised += n;
      // Let requests in between chunks.
      await new Promise((r) => setImmediate(r));
    }
    counts[policy.category] = c;
  }
  await db.transaction(async (tx) => {
    await tx.select({ id: tenant.id }).from(tenant).where(eq(tenant.id, tenantId)).for('update');
    await appendAudit(tx, tenantId, { actorId: opts.actorId, action: 'retention.dispose', targetType: 'tenant', targetId: tenantId, details: { counts, trigger: opts.trigger ?? 'schedule', startedAt, finishedAt: new Date().toISOString() } }, opts.now);
  });
  return counts;
}

