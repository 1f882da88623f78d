import { and, eq, sql } from 'drizzle-orm';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { department, employee, tenant } from '../db/schema.js';

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

async function writeDepartment(
  db: CloudDb,
  tenantId: string,
  id: string,
  patch: Partial<Pick<typeof department.$inferInsert, 'name' | 'parentId' | 'sort' | 'managerId' | 'deleted'>>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const version = await bumpVersion(tx, tenantId, 1);
    const rows = await tx
      .update(department)
      .set({ ...patch, version })
      .where(and(eq(department.tenantId, tenantId), eq(department.id, id)))
      .returning({ id: department.id });
    if (rows.length === 0) throw new CustosError('NOT_FOUND', 'Department not found.');
    return version;
  });
}

/** Renames a department; returns the version the change was written at. */
export function renameDepartment(db: CloudDb, tenantId: string, id: string, name: string): Promise<number> {
  return writeDepartment(db, tenantId, id, { name });
}

/** Tombstones a department (it is sent to clients as deleted, data null). */
export function deleteDepartment(db: CloudDb, tenantId: string, id: string): Promise<number> {
  return writeDepartment(db, tenantId, id, { deleted: true });
}

/** Updates some employee fields; returns the version the change was written at. */
export function updateEmployee(
  db: CloudDb,
  tenantId: string,
  id: string,
  patch: Partial<Omit<typeof employee.$inferInsert, 'tenantId' | 'id' | 'version'>>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const version = await bumpVersion(tx, tenantId, 1);
    const rows = await tx
      .update(employee)
      .set({ ...patch, version })
      .where(and(eq(employee.tenantId, tenantId), eq(employee.id, id)))
      .returning({ id: employee.id });
    if (rows.length === 0) throw new CustosError('NOT_FOUND', 'Employee not found.');
    return version;
  });
}

/** Tombstones an employee. */
export function deleteEmployee(db: CloudDb, tenantId: string, id: string): Promise<number> {
  return updateEmployee(db, tenantId, id, { deleted: true });
}
