import type Database from 'better-sqlite3';
import { ENTITY_SCHEMAS, ENTITY_NAMES, type EntityName } from '../../../shared/domain.js';
import type { CacheDb } from '../db/open.js';
import { searchTerms } from '../org/search-terms.js';
import { subjectKeys } from '../requests/subject-keys.js';

/**
 * How each synced entity maps onto its cache table, derived from the shared zod schema so the
 * two cannot drift: camelCase fields become snake_case columns, arrays and records are stored as
 * JSON text, booleans as 0/1. Employees' departmentIds live in employee_department instead.
 */
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface EntityStore {
  table: string;
  fields: string[];
  json: Set<string>;
  bool: Set<string>;
}

const TABLES: Record<EntityName, string> = {
  department: 'department',
  employee: 'employee',
  adminRoleAssignment: 'admin_role_assignment',
  customer: 'customer',
  contact: 'contact',
  followUp: 'follow_up',
  approval: 'approval',
  approvalTask: 'approval_task',
  consentRecord: 'consent_record',
  offboarding: 'offboarding',
  retentionPolicy: 'retention_policy',
  legalHold: 'legal_hold',
  holidayCalendar: 'holiday_calendar',
  dataSubjectRequest: 'data_subject_request',
  securityIncident: 'security_incident',
};

function storeFor(entity: EntityName): EntityStore {
  const shape = (ENTITY_SCHEMAS[entity] as unknown as { shape: Record<string, { def?: { type?: string; innerType?: { def?: { type?: string } } } }> }).shape;
  const kind = (k: string) => {
    const def = shape[k]!.def;
    return def?.type === 'nullable' ? def.innerType?.def?.type : def?.type;
  };
  const fields = Object.keys(shape).filter((k) => !(entity === 'employee' && k === 'departmentIds'));
  return {
    table: TABLES[entity],
    fields,
    json: new Set(fields.filter((k) => kind(k) === 'array' || kind(k) === 'record' || kind(k) === 'object')),
    bool: new Set(fields.filter((k) => kind(k) === 'boolean')),
  };
}

export const STORES: Record<EntityName, EntityStore> = Object.fromEntries(ENTITY_NAMES.map((e) => [e, storeFor(e)])) as Record<EntityName, EntityStore>;

export const column = snake;

type Encode = (value: unknown) => unknown;
const asJson: Encode = (v) => (v === undefined || v === null ? null : JSON.stringify(v));
const asFlag: Encode = (v) => (v === undefined || v === null ? null : v ? 1 : 0);
const asIs: Encode = (v) => (v === undefined ? null : v);
/** How a field's value is stored in SQLite: arrays and records as JSON text, booleans as 0/1. */
const encoderFor = (store: EntityStore, field: string): Encode => (store.json.has(field) ? asJson : store.bool.has(field) ? asFlag : asIs);

/** A field's value as SQLite stores it. */
export function toColumnValue(store: EntityStore, field: string, value: unknown): unknown {
  return encoderFor(store, field)(value);
}

export function fromColumnValue(store: EntityStore, field: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (store.json.has(field)) return JSON.parse(value as string);
  if (store.bool.has(field)) return value === 1;
  return value;
}

type Statements = {
  /** Positional: the entity's fields in STORES order, then the version (see rowParams). */
  upsert: Database.Statement;
  remove: Database.Statement;
  select: Database.Statement;
};
const CACHE = new WeakMap<Database.Database, Map<EntityName, Statements>>();

/**
 * Prepared statements per connection and entity. Sync applies many thousands of rows per page;
 * building each statement per row (as the query builder does) made ingest ~40x slower than a
 * raw insert (bench/run.ts).
 */
export function statements(db: CacheDb, entity: EntityName): Statements {
  const sqlite = db.$client;
  let perDb = CACHE.get(sqlite);
  if (!perDb) CACHE.set(sqlite, (perDb = new Map()));
  let s = perDb.get(entity);
  if (!s) {
    const st = STORES[entity];
    const cols = [...st.fields, 'version'];
    s = {
      upsert: sqlite.prepare(
        `INSERT INTO ${st.table} (${cols.map(snake).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
         ON CONFLICT(id) DO UPDATE SET ${cols.filter((c) => c !== 'id').map((c) => `${snake(c)} = excluded.${snake(c)}`).join(', ')}`,
      ),
      remove: sqlite.prepare(`DELETE FROM ${st.table} WHERE id = ?`),
      select: sqlite.prepare(`SELECT * FROM ${st.table} WHERE id = ?`),
    };
    perDb.set(entity, s);
  }
  return s;
}

const ENCODERS = Object.fromEntries(
  ENTITY_NAMES.map((e) => [e, STORES[e].fields.map((f) => [f, encoderFor(STORES[e], f)] as const)]),
) as Record<EntityName, (readonly [string, Encode])[]>;

/**
 * A row's values in the upsert's column order, each as SQLite stores it. Positional values and
 * one encoder per field, chosen once: the sync engine writes millions of rows on a first sync
 * (npm run bench: cache ingest rate).
 */
function rowParams(entity: EntityName, data: Record<string, unknown>, version: number): unknown[] {
  const encoders = ENCODERS[entity];
  const params = new Array<unknown>(encoders.length + 1);
  for (let i = 0; i < encoders.length; i++) params[i] = encoders[i]![1](data[encoders[i]![0]]);
  params[encoders.length] = version;
  return params;
}

/** Writes a full row as received from the cloud (or created in this console). */
export function upsertRow(db: CacheDb, entity: EntityName, data: Record<string, unknown>, version: number): void {
  statements(db, entity).upsert.run(rowParams(entity, data, version));
  if (entity === 'employee') {
    writeMemberships(db, data.id as string, (data.departmentIds as string[] | undefined) ?? [], (data.primaryDepartmentId as string | null) ?? null);
    writeSearchTerms(db, data);
  }
  if (entity === 'employee' || entity === 'contact') writeSubjectKeys(db, entity, data);
}

/** Reads a cached row back in the shared schema's shape (plus its version), or null. */
export function readRow(db: CacheDb, entity: EntityName, id: string): { data: Record<string, unknown>; version: number } | null {
  const st = STORES[entity];
  const row = statements(db, entity).select.get(id) as Record<string, unknown> | undefined;
  if (!row) return null;
  const data: Record<string, unknown> = {};
  for (const f of st.fields) data[f] = fromColumnValue(st, f, row[snake(f)]);
  if (entity === 'employee') data.departmentIds = readMemberships(db, id);
  return { data, version: row.version as number };
}

/** Sets some fields of a cached row (optimistic changes and their rollback). */
export function writeFields(db: CacheDb, entity: EntityName, id: string, values: Record<string, unknown>): void {
  const st = STORES[entity];
  const fields = Object.keys(values).filter((f) => st.fields.includes(f) && f !== 'id');
  if (fields.length > 0) {
    const params: Record<string, unknown> = { __id: id };
    for (const f of fields) params[f] = toColumnValue(st, f, values[f]);
    prep(db, `UPDATE ${st.table} SET ${fields.map((f) => `${snake(f)} = @${f}`).join(', ')} WHERE id = @__id`).run(params);
  }
  if (entity === 'employee') {
    const row = readRow(db, 'employee', id);
    if (!row) return;
    if ('departmentIds' in values || 'primaryDepartmentId' in values) {
      const departmentIds = (values.departmentIds as string[] | undefined) ?? (row.data.departmentIds as string[]);
      writeMemberships(db, id, departmentIds, row.data.primaryDepartmentId as string | null);
    }
    writeSearchTerms(db, row.data);
  }
  if (entity === 'employee' || entity === 'contact') {
    const row = readRow(db, entity, id);
    if (row) writeSubjectKeys(db, entity, row.data);
  }
}

export function removeRow(db: CacheDb, entity: EntityName, id: string): void {
  statements(db, entity).remove.run(id);
  if (entity === 'employee') {
    prep(db, 'DELETE FROM employee_department WHERE employee_id = ?').run(id);
    prep(db, 'DELETE FROM employee_search WHERE employee_id = ?').run(id);
  }
  if (entity === 'employee' || entity === 'contact') prep(db, 'DELETE FROM subject_key WHERE entity = ? AND entity_id = ?').run(entity, id);
}

const PREPARED = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** A prepared statement, made once per connection and SQL text (sync applies rows by the thousand). */
function prep(db: CacheDb, sqlText: string): Database.Statement {
  let perDb = PREPARED.get(db.$client);
  if (!perDb) PREPARED.set(db.$client, (perDb = new Map()));
  let st = perDb.get(sqlText);
  if (!st) perDb.set(sqlText, (st = db.$client.prepare(sqlText)));
  return st;
}

function writeMemberships(db: CacheDb, employeeId: string, departmentIds: readonly string[], primary: string | null): void {
  prep(db, 'DELETE FROM employee_department WHERE employee_id = ?').run(employeeId);
  const add = prep(db, 'INSERT OR IGNORE INTO employee_department (employee_id, department_id, is_primary) VALUES (?, ?, ?)');
  for (const d of departmentIds) add.run(employeeId, d, d === primary ? 1 : 0);
}

function readMemberships(db: CacheDb, employeeId: string): string[] {
  const rows = prep(db, 'SELECT department_id FROM employee_department WHERE employee_id = ? ORDER BY is_primary DESC, rowid').all(employeeId) as { department_id: string }[];
  return rows.map((r) => r.department_id);
}

function writeSearchTerms(db: CacheDb, data: Record<string, unknown>): void {
  prep(db, 'INSERT OR REPLACE INTO employee_search (employee_id, terms) VALUES (?, ?)').run(data.id, searchTerms(data));
}

/** Replaces the identifiers a data-subject lookup finds this employee or contact by. */
export function writeSubjectKeys(db: CacheDb, entity: 'employee' | 'contact', data: Record<string, unknown>): void {
  prep(db, 'DELETE FROM subject_key WHERE entity = ? AND entity_id = ?').run(entity, data.id);
  const add = prep(db, 'INSERT INTO subject_key (key, entity, entity_id) VALUES (?, ?, ?)');
  for (const key of subjectKeys(data)) add.run(key, entity, data.id);
}

/** Every synced table, for clearing the cache on reset or a tenant change. */
export const SYNCED_TABLES = [...Object.values(TABLES), 'employee_department', 'employee_search', 'subject_key'];
