import { randomInt } from 'node:crypto';
import { and, eq, getTableName, sql, type SQL } from 'drizzle-orm';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { type employee, tenant, type FieldVersions } from '../db/schema.js';
import type { EntityName } from '../../shared/domain.js';
import { ENTITY_TABLES } from './entities.js';

/**
 * Versions a push command writes with before it knows them (`deferVersions`). The command's
 * rows are written with placeholders `first … first + n - 1`, drawn at random from
 * [2^52, 2^53): above every real version (so comparisons and Math.max inside the command
 * still order its own writes last) and never committed: the command's last statement takes the
 * tenant's next n versions and rewrites the placeholders (`versionFixups`), so the tenant row is
 * locked only from that statement to the commit. Two transactions drawing overlapping
 * placeholders only wait for each other on the version index, never share a committed version.
 */
export interface DeferredVersions {
  readonly first: number;
  /** How many placeholders were handed out. */
  count: number;
  /** The rows written with them, by entity. */
  readonly touched: Map<EntityName, Set<string>>;
}

const PLACEHOLDER_FLOOR = 2 ** 52;
const deferred = new WeakMap<CloudExecutor, DeferredVersions>();

/** From now on, `bumpVersion` on `tx` hands out placeholders recorded in the returned object. */
export function deferVersions(tx: CloudExecutor): DeferredVersions {
  const d: DeferredVersions = { first: PLACEHOLDER_FLOOR + randomInt(0, 2 ** 48 - 2 ** 20) * 16, count: 0, touched: new Map() };
  deferred.set(tx, d);
  return d;
}

/**
 * Reserves `n` new versions in a tenant and returns the first one; the reserved versions are
 * `first … first + n - 1`. Must run inside the writing transaction: the UPDATE locks the
 * tenant row until commit, so writers in one tenant commit in version order and a reader's
 * snapshot never sees version v without every version below it. On a transaction given to
 * `deferVersions` it answers placeholders instead (and records the rows `rows` names).
 */
export async function bumpVersion(tx: CloudExecutor, tenantId: string, n = 1, rows?: { entity: EntityName; ids: readonly string[] }): Promise<number> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('bumpVersion: n must be a positive integer');
  const d = deferred.get(tx);
  if (d) {
    if (d.count + n > 2 ** 20) throw new RangeError('bumpVersion: too many versions for one command');
    const first = d.first + d.count;
    d.count += n;
    if (rows) {
      const set = d.touched.get(rows.entity) ?? new Set<string>();
      for (const id of rows.ids) set.add(id);
      d.touched.set(rows.entity, set);
    }
    return first;
  }
  const result = await tx
    .update(tenant)
    .set({ version: sql`${tenant.version} + ${n}` })
    .where(eq(tenant.id, tenantId))
    .returning({ version: tenant.version });
  const row = result[0];
  if (!row) throw new CustosError('NOT_FOUND', 'Tenant not found.');
  return Number(row.version) - n + 1;
}

/**
 * The data-modifying CTEs that give a deferred command's rows their real versions: each
 * placeholder p becomes `base + 1 + (p − first)`, in `version` and in the field stamps, where
 * `base` is a column of the CTE named `from` (the tenant's version before the command's).
 */
export function versionFixups(tenantId: string, d: DeferredVersions, from: string): SQL[] {
  const lo = sql`${d.first}::bigint`;
  const hi = sql`${d.first + d.count}::bigint`;
  const src = sql.identifier(from);
  const real = (v: SQL) => sql`${src}.base + 1 + (${v} - ${lo})`;
  const ours = (v: SQL) => sql`(${v} >= ${lo} and ${v} < ${hi})`;
  return [...d.touched].map(([entity, ids], i) => {
    const table = sql.identifier(getTableName(ENTITY_TABLES[entity]));
    const v = sql`(e.value->>'v')::bigint`;
    const stamps = sql`coalesce((select jsonb_object_agg(e.key, case when jsonb_typeof(e.value->'v') = 'number' and ${ours(v)} then jsonb_set(e.value, '{v}', to_jsonb(${real(v)})) else e.value end) from jsonb_each(${table}.field_versions) e), '{}'::jsonb)`;
    return sql`${sql.identifier(`fix${i}`)} as (update ${table} set version = ${real(sql`${table}.version`)}, field_versions = ${stamps} from ${src} where ${table}.tenant_id = ${tenantId} and ${table}.id = any(${sql.param([...ids])}::text[]) and ${ours(sql`${table}.version`)})`;
  });
}

/** Tenant-wide writes (jobs, multi-row operations) take this lock; a push of one row's plain fields takes it shared. */
export const tenantLockKey = (tenantId: string) => `custos:tenant:${tenantId}`;

/**
 * Locks the tenant for a writer that reads or writes beyond single rows: the tenant's advisory
 * lock exclusively (so no push command holding it shared is half-way), then the tenant row. In
 * that order everywhere, so a command that holds rows and waits for the tenant row never waits
 * on a writer that holds the tenant row and waits for those rows.
 */
export async function lockTenant(tx: CloudExecutor, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${tenantLockKey(tenantId)}, 0))`);
  // NO KEY UPDATE, as an UPDATE of the row takes: FOR UPDATE would also wait for every open
  // transaction that inserted a row referencing the tenant (their foreign-key checks hold KEY SHARE).
  const rows = await tx.select({ id: tenant.id }).from(tenant).where(eq(tenant.id, tenantId)).for('no key update');
  if (!rows[0]) throw new CustosError('NOT_FOUND', 'Tenant not found.');
}

/**
 * Writes fields of one synced row outside the command path (server-side jobs, tests standing in
 * for another party's edit): new version, field versions stamped with no client, so any client
 * that based an edit of these fields on an older version gets a conflict.
 */
export async function writeServerFields(
  db: CloudDb,
  tenantId: string,
  entity: EntityName,
  id: string,
  patch: Record<string, unknown>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const table = ENTITY_TABLES[entity];
    const rows = (await tx
      .select({ fieldVersions: table.fieldVersions })
      .from(table)
      .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
      .for('update')) as { fieldVersions: FieldVersions }[];
    if (!rows[0]) throw new CustosError('NOT_FOUND', `No such ${entity}.`);
    const version = await bumpVersion(tx, tenantId, 1);
    const fieldVersions = { ...rows[0].fieldVersions };
    for (const f of Object.keys(patch)) if (f !== 'deleted') fieldVersions[f] = { v: version, c: null };
    await tx
      .update(table)
      .set({ ...patch, version, fieldVersions })
      .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
    return version;
  });
}

/** Renames a department; returns the version the change was written at. */
export function renameDepartment(db: CloudDb, tenantId: string, id: string, name: string): Promise<number> {
  return writeServerFields(db, tenantId, 'department', id, { name });
}

/** Tombstones a department (it is sent to clients as deleted, data null). */
export function deleteDepartment(db: CloudDb, tenantId: string, id: string): Promise<number> {
  return writeServerFields(db, tenantId, 'department', id, { deleted: true });
}

/** Updates some employee fields; returns the version the change was written at. */
export function updateEmployee(db: CloudDb, tenantId: string, id: string, patch: Partial<Omit<typeof employee.$inferInsert, 'tenantId' | 'id' | 'version'>>): Promise<number> {
  return writeServerFields(db, tenantId, 'employee', id, patch);
}

/** Tombstones an employee. */
export function deleteEmployee(db: CloudDb, tenantId: string, id: string): Promise<number> {
  return writeServerFields(db, tenantId, 'employee', id, { deleted: true });
}
