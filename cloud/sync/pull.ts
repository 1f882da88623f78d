import { createHmac } from 'node:crypto';
import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import { getTableName } from 'drizzle-orm';
import type { Change, PullPage } from '../../shared/cloud-protocol.js';
import { ENTITY_NAMES } from '../../shared/domain.js';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb, CloudExecutor } from '../db/open.js';
import { tenant } from '../db/schema.js';
import { canSee, type Visibility } from '../scope/visibility.js';
import { COMPLIANCE_SCOPE } from '../../shared/requests.js';
import type { Role } from '../../shared/roles.js';
import { ENTITY_TABLES, mayHold, toChange, type SyncedRow } from './entities.js';

export interface PullRequest {
  tenantId: string;
  cursor: number;
  limit: number;
  /** The scope fingerprint the client's cursor was built under ('' on a first sync). */
  scope: string;
  visibility: Visibility;
  /** The reader's role: fields it may not reveal are sent masked. */
  role: Role;
}

/** Changes serialised per slice of a pull answer; the event loop is free between slices. */
const SERIALISE_SLICE = 5000;

/**
 * A pull answer's JSON text and its signature (HMAC-SHA256 with the session's syncKey over that
 * exact text, sent in PULL_MAC_HEADER), so the console can refuse an answer altered on the way
 * before parsing it. A large page is serialised a slice of changes at a time, yielding between
 * slices, so one console's first sync does not hold up everyone else's requests.
 */
export async function signedPullAnswer(answer: PullPage, syncKey: string): Promise<{ body: string; mac: string }> {
  let body: string;
  if (answer.kind === 'page' && answer.changes.length > SERIALISE_SLICE) {
    const { changes, ...head } = answer;
    const parts: string[] = [];
    for (let i = 0; i < changes.length; i += SERIALISE_SLICE) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      parts.push(JSON.stringify(changes.slice(i, i + SERIALISE_SLICE)).slice(1, -1));
    }
    body = `${JSON.stringify(head).slice(0, -1)},"changes":[${parts.join(',')}]}`;
  } else body = JSON.stringify(answer);
  return { body, mac: createHmac('sha256', Buffer.from(syncKey, 'base64url')).update(body).digest('base64url') };
}

function scopeFilter(table: (typeof ENTITY_TABLES)[keyof typeof ENTITY_TABLES], v: Visibility): SQL | undefined {
  if (v.all && v.compliance) return undefined;
  if (v.all) return sql`(${table.scope} is null or not (${table.scope} @> ${sql.param([COMPLIANCE_SCOPE])}::text[]))`;
  // The compliance scope names no department, so an org admin never matches it.
  const departments = [...v.departments];
  return sql`(${table.scope} is null or ${table.scope} && ${sql.param(departments)}::text[])`;
}

/**
 * The version of the `limit`-th change after `cursor` across every entity table, or null when
 * fewer remain. Reads versions only (index-only scans on (tenant_id, version)).
 */
async function pageBoundary(tx: CloudExecutor, tenantId: string, cursor: number, limit: number, filtered: Visibility | null): Promise<number | null> {
  const parts = ENTITY_NAMES.map((e) => {
    const t = ENTITY_TABLES[e];
    const where = filtered ? sql` and ${scopeFilter(t, filtered)}` : sql``;
    return sql`(select ${t.version} as v from ${sql.identifier(getTableName(t))} where ${t.tenantId} = ${tenantId} and ${t.version} > ${cursor}${where} order by ${t.version} limit ${limit})`;
  });
  const union = sql.join(parts, sql` union all `);
  const result = (await tx.execute(sql`select v from (${union}) u order by v offset ${limit - 1} limit 1`)) as unknown as { rows: { v: string | number }[] };
  const v = result.rows[0]?.v;
  return v === undefined ? null : Number(v);
}

/**
 * Reads one page of changes after `cursor`, in one REPEATABLE READ snapshot so `head` and the
 * rows agree. Versions are unique within a tenant, so `to` (the last version sent) is an exact
 * resume point; when nothing remains, `to` is `head`.
 *
 * Scope: on a first sync (cursor 0) only visible rows are read. Later, a row changed after the
 * cursor that the admin may not see (it left the scope) is sent as a tombstone, so the client
 * drops its copy. A cursor built under another scope fingerprint is answered with `reset`.
 */
export async function pullChanges(db: CloudDb, req: PullRequest): Promise<PullPage> {
  const { tenantId, cursor, limit, visibility } = req;
  if (cursor > 0 && req.scope !== visibility.fingerprint) {
    return { kind: 'reset', reason: 'the admin scope changed since the last sync' };
  }
  const page = await db.transaction(
    async (tx) => {
      const t = await tx.select({ version: tenant.version }).from(tenant).where(eq(tenant.id, tenantId));
      const head = t[0] ? Number(t[0].version) : null;
      if (head === null) throw new CustosError('NOT_FOUND', 'Tenant not found.');
      if (cursor > head) return null;
      const filtered = cursor === 0 && !(visibility.all && visibility.compliance) ? visibility : null;
      const boundary = (await pageBoundary(tx, tenantId, cursor, limit, filtered)) ?? head;
      const changes: Change[] = [];
      for (const e of ENTITY_NAMES) {
        const table = ENTITY_TABLES[e];
        const rows = (await tx
          .select()
          .from(table)
          .where(and(eq(table.tenantId, tenantId), gt(table.version, cursor), lte(table.version, boundary), filtered ? scopeFilter(table, filtered) : undefined))
          .orderBy(asc(table.version))) as SyncedRow[];
        for (const r of rows) {
          const visible = canSee(visibility, r.scope);
          // Out of scope and out of scope at the cursor too: nothing to drop, and its id is none of the reader's business.
          if (!visible && !mayHold(r, cursor)) continue;
          changes.push(toChange(e, r, visible, req.role));
        }
      }
      changes.sort((a, b) => a.version - b.version);
      const to = boundary;
      // An upper bound (exact when each row changed once since the cursor): counting exactly
      // would scan every remaining row on every page.
      const remaining = Math.max(0, head - to);
      return { kind: 'page', tenantId, scope: visibility.fingerprint, from: cursor, to, head, remaining, changes } as const;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  if (page === null) return { kind: 'reset', reason: 'cursor is ahead of the server; the tenant was restored or recreated' };
  return page;
}
