import { ulid } from 'ulid';
import { commands, type CommandName, type CommandResult, type FieldConflict, type PushedCommand } from '../../../shared/commands.js';
import type { EntityName } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import type { SyncIssue } from '../../../shared/contract.js';
import type { CacheDb } from '../db/open.js';
import { readRow, removeRow, upsertRow, writeFields } from './entities.js';

/**
 * The outbox: commands made in this console, applied to the cache at once (optimistically) and
 * kept until the cloud answers. The command and its optimistic change are written in one
 * transaction; so are a batch of answers and their effects (drop applied, roll back rejected).
 */
interface OutboxRow {
  seq: number;
  id: string;
  name: CommandName;
  args: string;
  entity: EntityName;
  entity_id: string;
  base_version: number;
  before: string;
  status: 'pending' | 'rejected';
  attempts: number;
  reason: string | null;
  message: string | null;
  conflicts: string | null;
  created_at: string;
}

type PatchArgs = { id: string; patch: Record<string, unknown> };
type CreateArgs = { id: string; values: Record<string, unknown> };
/** What a delete keeps to undo itself: the row as the server last sent it. */
type DeletedRow = { data: Record<string, unknown>; version: number };

function pendingFor(db: CacheDb, entity: string, entityId: string): OutboxRow[] {
  return db.$client.prepare("SELECT * FROM outbox WHERE status = 'pending' AND entity = ? AND entity_id = ? ORDER BY seq").all(entity, entityId) as OutboxRow[];
}

const kindOf = (name: CommandName) => commands[name].kind;

/**
 * Queues a command and applies its effect to the cache (optimistically) in one transaction:
 * - patch: records the server's values of the fields it changes (for rollback), then writes them;
 * - create: inserts the new row (version 0 until the cloud's copy arrives);
 * - delete: keeps the row (for rollback), then removes it;
 * - op: no local effect; the cloud's result arrives with the next pull.
 * Returns the mutation id.
 */
export function queueCommand(db: CacheDb, name: CommandName, args: { id: string } & Record<string, unknown>, now: string, baseVersion?: number): string {
  const def = commands[name];
  const id = ulid();
  db.$client.transaction(() => {
    let before: unknown = {};
    let base = baseVersion ?? 0;
    const row = readRow(db, def.entity, args.id);
    switch (def.kind) {
      case 'patch': {
        const patch = (args as PatchArgs).patch;
        if (!row) throw new CustosError('NOT_FOUND', `This ${def.entity} is not in the cache (deleted, or outside your scope).`);
        // The server's value of a field is the row's value, unless an earlier pending command
        // already changed it: then that command's recorded "before" is the server's value.
        const earlier = pendingFor(db, def.entity, args.id).filter((c) => kindOf(c.name) === 'patch');
        const values: Record<string, unknown> = {};
        for (const field of Object.keys(patch)) {
          const prior = earlier.find((c) => field in (JSON.parse(c.before) as Record<string, unknown>));
          values[field] = prior ? (JSON.parse(prior.before) as Record<string, unknown>)[field] : row.data[field];
        }
        before = values;
        base = baseVersion ?? row.version;
        writeFields(db, def.entity, args.id, patch);
        break;
      }
      case 'create':
        if (row) throw new CustosError('INVALID_INPUT', `A ${def.entity} with this id already exists.`);
        upsertRow(db, def.entity, { ...(args as CreateArgs).values, id: args.id }, 0);
        before = null;
        break;
      case 'delete':
        if (!row) throw new CustosError('NOT_FOUND', `This ${def.entity} is not in the cache (deleted, or outside your scope).`);
        before = { data: row.data, version: row.version } satisfies DeletedRow;
        base = baseVersion ?? row.version;
        removeRow(db, def.entity, args.id);
        break;
      case 'op':
        base = baseVersion ?? row?.version ?? 0;
        break;
    }
    db.$client
      .prepare(
        `INSERT INTO outbox (id, name, args, entity, entity_id, base_version, before, status, attempts, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
      )
      .run(id, name, JSON.stringify(args), def.entity, args.id, base, JSON.stringify(before), now);
  })();
  return id;
}

/**
 * After fresh server rows landed (in the caller's transaction), re-applies pending commands on
 * top of them, refreshing each command's record of the server's values first.
 */
export function rebasePending(db: CacheDb, touched: Set<string>): void {
  if (touched.size === 0) return;
  const pending = db.$client.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq").all() as OutboxRow[];
  const seen = new Map<string, Record<string, unknown>>();
  for (const cmd of pending) {
    const key = `${cmd.entity}:${cmd.entity_id}`;
    if (!touched.has(key)) continue;
    const row = readRow(db, cmd.entity, cmd.entity_id);
    if (!row) continue; // deleted or out of scope: the cloud will answer not_found or forbidden
    const kind = kindOf(cmd.name);
    if (kind === 'delete') {
      // The row came back (changed in the cloud meanwhile): keep the newer copy for rollback, remove it again.
      db.$client.prepare('UPDATE outbox SET before = ? WHERE seq = ?').run(JSON.stringify({ data: row.data, version: row.version } satisfies DeletedRow), cmd.seq);
      removeRow(db, cmd.entity, cmd.entity_id);
      continue;
    }
    if (kind !== 'patch') continue;
    const patch = (JSON.parse(cmd.args) as PatchArgs).patch;
    // Server values: from the fresh row, except fields an earlier pending command already overlaid.
    const overlaid = seen.get(key) ?? {};
    const before: Record<string, unknown> = {};
    for (const f of Object.keys(patch)) before[f] = f in overlaid ? overlaid[f] : row.data[f];
    for (const f of Object.keys(patch)) if (!(f in overlaid)) overlaid[f] = row.data[f];
    seen.set(key, overlaid);
    writeFields(db, cmd.entity, cmd.entity_id, patch);
    db.$client.prepare('UPDATE outbox SET before = ? WHERE seq = ?').run(JSON.stringify(before), cmd.seq);
  }
}

/** After the synced rows were cleared (reset), puts rows this console created and has not sent yet back. */
export function reapplyPendingCreates(db: CacheDb): void {
  const pending = db.$client.prepare("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq").all() as OutboxRow[];
  for (const cmd of pending) {
    if (kindOf(cmd.name) !== 'create') continue;
    const args = JSON.parse(cmd.args) as CreateArgs;
    upsertRow(db, cmd.entity, { ...args.values, id: args.id }, 0);
  }
}

/** Undoes a rejected command's optimistic effect. */
function rollBack(db: CacheDb, cmd: OutboxRow): void {
  const kind = kindOf(cmd.name);
  const row = readRow(db, cmd.entity, cmd.entity_id);
  if (kind === 'patch' && row) {
    writeFields(db, cmd.entity, cmd.entity_id, JSON.parse(cmd.before) as Record<string, unknown>);
    rebasePending(db, new Set([`${cmd.entity}:${cmd.entity_id}`]));
  }
  // A created row the cloud never accepted (version 0: no server copy arrived).
  if (kind === 'create' && row && row.version === 0) removeRow(db, cmd.entity, cmd.entity_id);
  if (kind === 'delete' && !row) {
    const kept = JSON.parse(cmd.before) as DeletedRow;
    upsertRow(db, cmd.entity, kept.data, kept.version);
    rebasePending(db, new Set([`${cmd.entity}:${cmd.entity_id}`]));
  }
}

export function pendingCommands(db: CacheDb, limit: number): PushedCommand[] {
  const rows = db.$client.prepare("SELECT id, name, args, base_version FROM outbox WHERE status = 'pending' ORDER BY seq LIMIT ?").all(limit) as Pick<OutboxRow, 'id' | 'name' | 'args' | 'base_version'>[];
  return rows.map((r) => ({ id: r.id, name: r.name, args: JSON.parse(r.args) as unknown, baseVersion: r.base_version }));
}

export function outboxCounts(db: CacheDb): { queued: number; issues: number } {
  const r = db.$client.prepare("SELECT sum(status = 'pending') AS queued, sum(status = 'rejected') AS issues FROM outbox").get() as { queued: number | null; issues: number | null };
  return { queued: r.queued ?? 0, issues: r.issues ?? 0 };
}

/**
 * Records the cloud's answers in one transaction. Applied: the entry goes (the new server row
 * arrives with the next pull). Rejected: the optimistic change is rolled back to the server's
 * values, later pending commands on the row are re-applied, and the entry becomes a sync issue.
 */
export function recordResults(db: CacheDb, results: CommandResult[]): void {
  db.$client.transaction(() => {
    for (const r of results) {
      const cmd = db.$client.prepare("SELECT * FROM outbox WHERE id = ? AND status = 'pending'").get(r.id) as OutboxRow | undefined;
      if (!cmd) continue; // answered before (a retried push after a crash)
      if (r.status === 'applied') {
        db.$client.prepare('DELETE FROM outbox WHERE seq = ?').run(cmd.seq);
        continue;
      }
      db.$client
        .prepare("UPDATE outbox SET status = 'rejected', reason = ?, message = ?, conflicts = ?, attempts = attempts + 1 WHERE seq = ?")
        .run(r.reason, r.message, JSON.stringify(r.conflicts ?? []), cmd.seq);
      rollBack(db, cmd);
    }
  })();
}

export function listIssues(db: CacheDb): SyncIssue[] {
  const rows = db.$client.prepare("SELECT * FROM outbox WHERE status = 'rejected' ORDER BY seq").all() as OutboxRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    args: JSON.parse(r.args) as unknown,
    reason: r.reason as SyncIssue['reason'],
    message: r.message ?? '',
    conflicts: r.conflicts ? (JSON.parse(r.conflicts) as FieldConflict[]) : [],
    createdAt: r.created_at,
  }));
}

function issue(db: CacheDb, id: string): OutboxRow {
  const row = db.$client.prepare("SELECT * FROM outbox WHERE id = ? AND status = 'rejected'").get(id) as OutboxRow | undefined;
  if (!row) throw new CustosError('NOT_FOUND', 'This sync issue no longer exists.');
  return row;
}

/**
 * Retries a rejected command as a new command (new mutation id: the cloud remembers the old
 * one's rejection) made on the row as cached now, optionally with edited arguments.
 */
export function retryIssue(db: CacheDb, id: string, args: unknown, now: string): string {
  let mutationId = '';
  db.$client.transaction(() => {
    const row = issue(db, id);
    const parsed = commands[row.name].args.safeParse(args ?? JSON.parse(row.args));
    if (!parsed.success) throw new CustosError('INVALID_INPUT', `The edited command is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    db.$client.prepare('DELETE FROM outbox WHERE seq = ?').run(row.seq);
    mutationId = queueCommand(db, row.name, parsed.data as { id: string }, now);
  })();
  return mutationId;
}

export function discardIssue(db: CacheDb, id: string): void {
  db.$client.prepare('DELETE FROM outbox WHERE seq = ?').run(issue(db, id).seq);
}
