import { and, eq, inArray, sql } from 'drizzle-orm';
import type { EntityName } from '../../shared/domain.js';
import type { CloudTx } from '../db/open.js';
import type { FieldVersions } from '../db/schema.js';
import { ENTITY_FIELDS, ENTITY_TABLES, SCOPE_STAMP, type SyncedRow } from './entities.js';
import { bumpVersion } from './versioning.js';

/**
 * Row writes for commands, inside the command's transaction (the tenant row is locked). Each
 * write takes new versions and stamps the changed fields with the version and the client, so
 * later pushes can tell their own edits from someone else's.
 */
export interface WriteContext {
  tenantId: string;
  clientId: string | null;
}

export async function lockRow(tx: CloudTx, tenantId: string, entity: EntityName, id: string): Promise<SyncedRow | undefined> {
  const table = ENTITY_TABLES[entity];
  const rows = (await tx
    .select()
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
    .for('update')) as SyncedRow[];
  return rows[0];
}

export async function liveRows(tx: CloudTx, tenantId: string, entity: EntityName, ids: readonly string[]): Promise<SyncedRow[]> {
  if (ids.length === 0) return [];
  const table = ENTITY_TABLES[entity];
  const rows = (await tx
    .select()
    .from(table)
    .where(and(eq(table.tenantId, tenantId), inArray(table.id, [...ids]), eq(table.deleted, false)))) as SyncedRow[];
  return rows;
}

/** Inserts new rows (one version each, reserved at once); returns the last version. */
export async function insertRows(tx: CloudTx, ctx: WriteContext, entity: EntityName, rows: { data: Record<string, unknown>; scope: string[] | null }[]): Promise<number> {
  if (rows.length === 0) return 0;
  let version = await bumpVersion(tx, ctx.tenantId, rows.length, { entity, ids: rows.map((r) => String(r.data.id)) });
  const table = ENTITY_TABLES[entity];
  const values = rows.map((r) => {
    const v = version++;
    const fieldVersions: FieldVersions = {};
    for (const f of ENTITY_FIELDS[entity]) if (f !== 'id') fieldVersions[f] = { v, c: ctx.clientId };
    return { ...r.data, tenantId: ctx.tenantId, version: v, deleted: false, fieldVersions, scope: r.scope };
  });
  for (let i = 0; i < values.length; i += 500) await tx.insert(table).values(values.slice(i, i + 500));
  return version - 1;
}

/** Sets fields of an existing row (and optionally its scope); returns the new version. */
export async function patchRow(
  tx: CloudTx,
  ctx: WriteContext,
  entity: EntityName,
  row: Pick<SyncedRow, 'id' | 'fieldVersions'>,
  patch: Record<string, unknown>,
  scope?: string[] | null,
): Promise<number> {
  const version = await bumpVersion(tx, ctx.tenantId, 1, { entity, ids: [row.id] });
  const fieldVersions = { ...row.fieldVersions };
  for (const f of Object.keys(patch)) fieldVersions[f] = { v: version, c: ctx.clientId };
  if (scope !== undefined) fieldVersions[SCOPE_STAMP] = { v: version, c: null };
  const table = ENTITY_TABLES[entity];
  await tx
    .update(table)
    .set({ ...patch, version, fieldVersions, ...(scope !== undefined ? { scope } : {}) })
    .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, row.id)));
  return version;
}

/** Gives rows new versions and a new scope (their data unchanged), so they travel to the admins who gain or lose them. */
export async function rescopeRows(tx: CloudTx, tenantId: string, entity: EntityName, ids: readonly string[], scope: string[] | null): Promise<void> {
  if (ids.length === 0) return;
  let version = await bumpVersion(tx, tenantId, ids.length, { entity, ids });
  const table = ENTITY_TABLES[entity];
  for (const id of ids) {
    await tx
      .update(table)
      .set({ scope, version, fieldVersions: sql`${table.fieldVersions} || ${JSON.stringify({ [SCOPE_STAMP]: { v: version, c: null } })}::jsonb` })
      .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
    version++;
  }
}

export async function tombstoneRow(tx: CloudTx, tenantId: string, entity: EntityName, id: string): Promise<number> {
  const version = await bumpVersion(tx, tenantId, 1, { entity, ids: [id] });
  const table = ENTITY_TABLES[entity];
  await tx
    .update(table)
    .set({ deleted: true, version })
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
  return version;
}
