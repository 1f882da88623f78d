import { and, eq, getTableName, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { ANONYMISED, AUDIT_LOG_CATEGORIES, FIELD_CATALOGUE, type AnonymisationRule, type RetentionCategory } from '../../shared/catalogue.js';
import type { EntityName } from '../../shared/domain.js';
import type { RetentionPolicyValues } from '../../shared/retention.js';
import { appendAudit, redactEvents } from '../audit/chain.js';
import type { CloudDb, CloudTx } from '../db/open.js';
import { retentionPolicy } from '../db/schema.js';
import { ENTITY_TABLES, type SyncedRow, type SyncedTable } from '../sync/entities.js';
import { bumpVersion, lockTenant } from '../sync/versioning.js';
import { dueIdPages, dueIds, ENTITY_OF } from './selection.js';

/**
 * Disposition: what enabled policies reach is anonymised or deleted, in chunks of one short
 * transaction each (the tenant lock is held only for a chunk, so pushes interleave and the
 * service never stalls), skipping whatever a legal hold protects. Every write takes a new
 * version like any command's, so consoles follow on their next pull: anonymised rows arrive
 * rewritten, deleted ones as tombstones. Deleted rows keep no personal values in the cloud
 * either: their personal fields are cleared before the tombstone. Nothing maps back. Logs are
 * audit events: their personal part is cleared and the chain still verifies (redactEvents).
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

/**
 * One row's new values: its anonymised fields, a new version, field versions stamped with that
 * version and no client (a console that edited these fields from an older version gets a
 * conflict), the disposition instant, and for a deletion the tombstone itself.
 */
function disposedValues(entity: EntityName, policy: RetentionPolicyValues, row: SyncedRow, version: number, at: string): Record<string, unknown> {
  const patch = anonymisedPatch(entity, policy.category, row);
  const fieldVersions = { ...row.fieldVersions };
  for (const f of Object.keys(patch)) fieldVersions[f] = { v: version, c: null };
  return { ...patch, id: row.id, version, fieldVersions, anonymisedAt: at, deleted: policy.action === 'delete' };
}

/**
 * Writes a chunk's rows with one UPDATE … FROM (VALUES …): a statement per row made the
 * disposition of 100,000 records take minutes (npm run bench, retention). Every row carries
 * the same keys; each value is cast to its column's type.
 */
async function updateRows(tx: CloudTx, table: SyncedTable, tenantId: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const keys = Object.keys(rows[0]!);
  const columns = keys.map((k) => {
    const col = table[k] as PgColumn | undefined;
    if (!col) throw new Error(`disposition: ${k} is not a column of ${getTableName(table)}`);
    return col;
  });
  const values = rows.map(
    (row) => sql`(${sql.join(keys.map((k, i) => sql`cast(${row[k] === null ? null : columns[i]!.mapToDriverValue(row[k])} as ${sql.raw(columns[i]!.getSQLType())})`), sql`, `)})`,
  );
  const names = columns.map((c) => sql.identifier(c.name));
  const set = sql.join(
    columns.filter((c) => c.name !== 'id').map((c) => sql`${sql.identifier(c.name)} = v.${sql.identifier(c.name)}`),
    sql`, `,
  );
  await tx.execute(
    sql`update ${table} as t set ${set} from (values ${sql.join(values, sql`, `)}) as v(${sql.join(names, sql`, `)}) where t.tenant_id = ${tenantId} and t.id = v.id`,
  );
}

/**
 * Records per chunk, each chunk one short transaction: the tenant lock is held briefly, so
 * pushes interleave (on a copy of L, 250 gave fewer event-loop stalls than 500, and was faster).
 */
const DEFAULT_CHUNK = 250;

/** Disposes of those of `candidates` still due and not held (checked again under the tenant lock). */
async function disposeChunk(db: CloudDb, tenantId: string, policy: RetentionPolicyValues, now: Date, candidates: readonly string[]): Promise<number> {
  return db.transaction(async (tx: CloudTx) => {
    await lockTenant(tx, tenantId);
    const ids = await dueIds(tx, tenantId, policy, now, { among: candidates });
    if (ids.length === 0) return 0;
    const entity = ENTITY_OF[policy.category]!;
    const table = ENTITY_TABLES[entity];
    const rows = (await tx
      .select()
      .from(table)
      .where(and(eq(table.tenantId, tenantId), inArray(table.id, ids)))
      .for('update')) as SyncedRow[];
    if (rows.length === 0) return 0;
    const first = await bumpVersion(tx, tenantId, rows.length);
    const at = now.toISOString();
    await updateRows(tx, table, tenantId, rows.map((row, i) => disposedValues(entity, policy, row, first + i, at)));
    return rows.length;
  });
}

/**
 * Clears the personal part of those of `candidates` (audit events, by sequence number) still due
 * and not held: operation logs anonymised, sign-in logs deleted, the chain kept (redactEvents).
 */
async function redactChunk(db: CloudDb, tenantId: string, policy: RetentionPolicyValues, now: Date, candidates: readonly string[]): Promise<number> {
  return db.transaction(async (tx: CloudTx) => {
    await lockTenant(tx, tenantId);
    const seqs = await dueIds(tx, tenantId, policy, now, { among: candidates });
    return redactEvents(tx, tenantId, seqs.map(Number), policy.action === 'delete' ? 'deleted' : 'anonymised');
  });
}

const chunkWriterOf = (category: RetentionCategory) =>
  ENTITY_OF[category] ? disposeChunk : AUDIT_LOG_CATEGORIES.includes(category) ? redactChunk : null;

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
    const writeChunk = chunkWriterOf(policy.category);
    if (!writeChunk) continue;
    const c: DispositionCounts = { anonymised: 0, deleted: 0 };
    // The selection read once for the run, page by page in id order (a selection per chunk
    // sorted the whole table again each time), then chunks of one short transaction each. A
    // record that falls due meanwhile is taken by the next run.
    const size = opts.chunk ?? DEFAULT_CHUNK;
    for await (const candidates of dueIdPages(db, tenantId, policy, opts.now)) {
      for (let i = 0; i < candidates.length; i += size) {
        const n = await writeChunk(db, tenantId, policy, opts.now, candidates.slice(i, i + size));
        if (policy.action === 'delete') c.deleted += n;
        else c.anonymised += n;
        // Let requests in between chunks.
        await new Promise((r) => setImmediate(r));
      }
    }
    counts[policy.category] = c;
  }
  await db.transaction(async (tx) => {
    await lockTenant(tx, tenantId);
    await appendAudit(tx, tenantId, { actorId: opts.actorId, action: 'retention.dispose', targetType: 'tenant', targetId: tenantId, details: { counts, trigger: opts.trigger ?? 'schedule', startedAt, finishedAt: new Date().toISOString() } }, opts.now);
  });
  return counts;
}

