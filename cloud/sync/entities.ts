import type { PgTableWithColumns } from 'drizzle-orm/pg-core';
import { ENTITY_NAMES, ENTITY_SCHEMAS, type EntityName } from '../../shared/domain.js';
import type { Change } from '../../shared/cloud-protocol.js';
import { maskRow } from '../../shared/masking.js';
import type { Role } from '../../shared/roles.js';
import * as schema from '../db/schema.js';

/**
 * The cloud's synced entity tables, by entity name. Each table's JS keys for its own fields are
 * the shared schema's field names, so a row becomes its wire form by picking those keys.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SyncedTable = PgTableWithColumns<any>;

export const ENTITY_TABLES: Record<EntityName, SyncedTable> = {
  department: schema.department,
  employee: schema.employee,
  adminRoleAssignment: schema.adminRoleAssignment,
  customer: schema.customer,
  contact: schema.contact,
  followUp: schema.followUp,
  approval: schema.approval,
  approvalTask: schema.approvalTask,
  consentRecord: schema.consentRecord,
  offboarding: schema.offboarding,
  retentionPolicy: schema.retentionPolicy,
  legalHold: schema.legalHold,
  holidayCalendar: schema.holidayCalendar,
  dataSubjectRequest: schema.dataSubjectRequest,
  securityIncident: schema.securityIncident,
};

/** A synced row as selected: the entity's fields plus the cloud's bookkeeping columns. */
export type SyncedRow = Record<string, unknown> & {
  tenantId: string;
  id: string;
  version: number;
  deleted: boolean;
  fieldVersions: schema.FieldVersions;
  scope: string[] | null;
};

export const ENTITY_FIELDS: Record<EntityName, string[]> = Object.fromEntries(
  ENTITY_NAMES.map((e) => [e, Object.keys((ENTITY_SCHEMAS[e] as unknown as { shape: Record<string, unknown> }).shape)]),
) as Record<EntityName, string[]>;

/** The entity's own fields of a row (its wire form). */
export function entityData(entity: EntityName, row: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of ENTITY_FIELDS[entity]) data[f] = row[f] ?? null;
  return data;
}

/**
 * The key of `fieldVersions` that holds the version of a row's last scope change (no entity has a
 * field of that name). A row the reader may not see now, whose scope has not changed since the
 * reader's cursor, was out of its scope then too: the console never held it, so it gets no
 * tombstone (which would tell it the ids of rows outside its scope, requests included).
 */
export const SCOPE_STAMP = 'scope';

/** Whether a reader at `cursor` may hold this row (it was in its scope at the cursor, or may have been). */
export function mayHold(row: SyncedRow, cursor: number): boolean {
  return cursor > 0 && (row.fieldVersions[SCOPE_STAMP]?.v ?? 0) > cursor;
}

/**
 * A row as a change for one reader: rows that are deleted, or that the reader may not see, go as
 * tombstones; fields the reader's role may not reveal go masked (shared/masking.ts).
 */
export function toChange(entity: EntityName, row: SyncedRow, visible: boolean, role: Role): Change {
  const version = Number(row.version);
  if (row.deleted || !visible) return { entity, id: row.id, version, deleted: true, data: null } as Change;
  return { entity, id: row.id, version, deleted: false, data: maskRow(role, entity, entityData(entity, row)) } as Change;
}
