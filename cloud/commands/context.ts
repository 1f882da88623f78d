import { isDeepStrictEqual } from 'node:util';
import type { CommandArgs, CommandName, FieldConflict } from '../../shared/commands.js';
import type { EntityName } from '../../shared/domain.js';
import type { Role } from '../../shared/roles.js';
import { and, eq } from 'drizzle-orm';
import type { CloudTx } from '../db/open.js';
import { adminUser } from '../db/schema.js';
import { canSee, type Visibility } from '../scope/visibility.js';
import type { SyncedRow } from '../sync/entities.js';
import { liveRows, lockRow, type WriteContext } from '../sync/rows.js';

/**
 * What each command does in the cloud, inside its transaction (tenant locked, savepoint taken:
 * a Rejected thrown here undoes every write made so far). The console checks most of these
 * rules against its cache before queueing (electron/core/org/checks.ts); the cloud's state is
 * what counts.
 */
export type RejectionReason = 'conflict' | 'forbidden' | 'invalid' | 'not_found';
export class Rejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
    readonly conflicts?: FieldConflict[],
  ) {
    super(message);
  }
}

export interface CommandContext extends WriteContext {
  clientId: string;
  userId: string;
  role: Role;
  visibility: Visibility;
  baseVersion: number;
  /** The cloud's clock (tests pass a fixed one). */
  now: () => Date;
}

/** What a command did: the last version it wrote (0: nothing) and audit details (ids, names of fields, counts; never values). */
export interface Outcome {
  version: number;
  target: { type: EntityName; id: string };
  details: Record<string, unknown>;
}

export type Handler<N extends CommandName> = (tx: CloudTx, ctx: CommandContext, args: CommandArgs<N>) => Promise<Outcome>;

export const normEmail = (e: string | null | undefined) => (e ? e.trim().toLowerCase() : null);
export const mobileKey = (m: string | null | undefined) => {
  if (!m) return null;
  const d = m.replace(/\D/g, '');
  return d.startsWith('86') && d.length === 13 ? d.slice(2) : d;
};

export async function visibleRow(tx: CloudTx, ctx: CommandContext, entity: EntityName, id: string): Promise<SyncedRow> {
  const row = await lockRow(tx, ctx.tenantId, entity, id);
  if (!row || row.deleted) throw new Rejected('not_found', `This ${entity} no longer exists.`);
  if (!canSee(ctx.visibility, row.scope)) throw new Rejected('forbidden', `This ${entity} is outside your scope.`);
  return row;
}

/** Field-level conflicts: fields changed since the base version by another client, to a different value. */
export function conflictsOf(ctx: CommandContext, row: SyncedRow, patch: Record<string, unknown>): void {
  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const fv = row.fieldVersions[field];
    const changedByOther = fv !== undefined && fv.v > ctx.baseVersion && fv.c !== ctx.clientId;
    if (changedByOther && !isDeepStrictEqual(row[field] ?? null, value ?? null)) conflicts.push({ field, serverValue: row[field] ?? null, clientValue: value ?? null });
  }
  if (conflicts.length > 0) throw new Rejected('conflict', `Changed in the cloud since you edited it: ${conflicts.map((c) => c.field).join(', ')}.`, conflicts);
}


/** An employee the command refers to (a successor, a manager): live and in the caller's scope. */
export async function liveEmployee(tx: CloudTx, ctx: CommandContext, id: string, field: string) {
  const [e] = await liveRows(tx, ctx.tenantId, 'employee', [id]);
  if (!e || !canSee(ctx.visibility, e.scope)) throw new Rejected('invalid', `${field}: no such employee in your scope.`);
  return e as SyncedRow & { status: string; departmentIds: string[]; email: string | null; name: string };
}

/** A user a register row names (a request's assignee, an incident's owner): an active compliance officer or super admin of the tenant, or none. */
export async function checkComplianceUser(tx: CloudTx, ctx: CommandContext, userId: string | null, field: string): Promise<void> {
  if (userId === null) return;
  const [user] = await tx
    .select({ role: adminUser.role, disabled: adminUser.disabled })
    .from(adminUser)
    .where(and(eq(adminUser.id, userId), eq(adminUser.tenantId, ctx.tenantId)));
  if (!user || user.disabled || !['super_admin', 'compliance_officer'].includes(user.role)) throw new Rejected('invalid', `${field}: not an active compliance officer or super admin of this tenant.`);
}

export type Handlers<N extends CommandName> = { [K in N]: Handler<K> };
