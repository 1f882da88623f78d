import { and, eq, sql } from 'drizzle-orm';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { type employee, tenant, type FieldVersions } from '../db/schema.js';
import type { EntityName } from '../../shared/domain.js';
import { ENTITY_TABLES } from './entities.js';

/**
 * Reserves `n` new versions in a tenant and returns the first one; the reserved versions are
 * `first … first + n - 1`. Must run inside the writing transaction: the UPDATE locks the
 * tenant row until commit, so writers in one tenant commit in version order and a reader's
 * snapshot never sees version v without every version below it.
 */
export async function bumpVersion(tx: CloudExecutor, tenantId: string, n = 1): Promise<number> {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('bumpVersion: n must be a positive integer');
  const rows = await tx
    .update(tenant)
    .set({ version: sql`${tenant.version} + ${n}` })
    .where(eq(tenant.id, tenantId))
    .returning({ version: tenant.version });
  const row = rows[0];
  if (!row) throw new CustosError('NOT_FOUND', 'Tenant not found.');
  return Number(row.version) - n + 1;
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
