import { isDeepStrictEqual } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import { commands, isCommandName, type CommandResult, type FieldConflict, type PushedCommand } from '../../shared/commands.js';
import type { EntityName } from '../../shared/domain.js';
import type { Role } from '../../shared/roles.js';
import { appendAudit } from '../audit/chain.js';
import type { CloudDb, CloudTx } from '../db/open.js';
import { commandLog, consentRecord, contact, employee, followUp, tenant } from '../db/schema.js';
import { canSee, type Visibility } from '../scope/visibility.js';
import { ENTITY_TABLES, type SyncedRow } from './entities.js';
import { bumpVersion } from './versioning.js';

export interface PushContext {
  tenantId: string;
  userId: string;
  role: Role;
  clientId: string;
  visibility: Visibility;
  now: () => Date;
}

type Rejection = Extract<CommandResult, { status: 'rejected' }>;
class Rejected extends Error {
  constructor(
    readonly reason: Rejection['reason'],
    message: string,
    readonly conflicts?: FieldConflict[],
  ) {
    super(message);
  }
}

/**
 * Applies pushed commands one by one, each in its own transaction: lock the tenant, answer a
 * replayed mutation id with its first result, else validate, authorise, check conflicts, write
 * with a new version, log the result and the audit event — all or nothing. Commands are applied
 * in the order sent; a rejection does not stop the ones after it (they are independent rows or
 * the client orders its outbox).
 */
export async function pushCommands(db: CloudDb, ctx: PushContext, pushed: PushedCommand[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (const cmd of pushed) results.push(await pushOne(db, ctx, cmd));
  return results;
}

async function pushOne(db: CloudDb, ctx: PushContext, cmd: PushedCommand): Promise<CommandResult> {
  return db.transaction(async (tx) => {
    // Serialises writers in the tenant, so a replay racing its original sees the first result.
    await tx.select({ id: tenant.id }).from(tenant).where(eq(tenant.id, ctx.tenantId)).for('update');
    const prior = await tx
      .select({ result: commandLog.result })
      .from(commandLog)
      .where(and(eq(commandLog.tenantId, ctx.tenantId), eq(commandLog.mutationId, cmd.id)));
    if (prior[0]) return prior[0].result as CommandResult;

    let result: CommandResult;
    try {
      const version = await execute(tx, ctx, cmd);
      result = { id: cmd.id, status: 'applied', version };
    } catch (err) {
      if (!(err instanceof Rejected)) throw err;
      result = { id: cmd.id, status: 'rejected', reason: err.reason, message: err.message, ...(err.conflicts ? { conflicts: err.conflicts } : {}) };
    }
    await tx.insert(commandLog).values({
      tenantId: ctx.tenantId,
      mutationId: cmd.id,
      userId: ctx.userId,
      clientId: ctx.clientId,
      name: cmd.name.slice(0, 64),
      result,
      at: ctx.now(),
    });
    return result;
  });
}

async function execute(tx: CloudTx, ctx: PushContext, cmd: PushedCommand): Promise<number> {
  if (!isCommandName(cmd.name)) throw new Rejected('invalid', `Unknown command "${cmd.name}".`);
  const def = commands[cmd.name];
  if (!(def.roles as readonly Role[]).includes(ctx.role)) throw new Rejected('forbidden', `Your role (${ctx.role}) may not run ${cmd.name}.`);
  const parsed = def.args.safeParse(cmd.args);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Rejected('invalid', `Invalid arguments${first ? ` (${first.path.join('.') || 'args'}: ${first.message})` : ''}.`);
  }
  const { id, patch } = parsed.data as { id: string; patch: Record<string, unknown> };
  const entity = def.entity;
  const row = await lockRow(tx, ctx.tenantId, entity, id);
  if (!row || row.deleted) throw new Rejected('not_found', `This ${entity} no longer exists.`);
  if (!canSee(ctx.visibility, row.scope)) throw new Rejected('forbidden', `This ${entity} is outside your scope.`);

  const conflicts: FieldConflict[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const fv = row.fieldVersions[field];
    const changedByOther = fv !== undefined && fv.v > cmd.baseVersion && fv.c !== ctx.clientId;
    if (changedByOther && !isDeepStrictEqual(row[field] ?? null, value ?? null)) {
      conflicts.push({ field, serverValue: row[field] ?? null, clientValue: value ?? null });
    }
  }
  if (conflicts.length > 0) {
    throw new Rejected('conflict', `Changed in the cloud since you edited it: ${conflicts.map((c) => c.field).join(', ')}.`, conflicts);
  }

  const scope = await checkReferences(tx, ctx, entity, row, patch);
  const version = await bumpVersion(tx, ctx.tenantId, 1);
  const fieldVersions = { ...row.fieldVersions };
  for (const field of Object.keys(patch)) fieldVersions[field] = { v: version, c: ctx.clientId };
  const table = ENTITY_TABLES[entity];
  await tx
    .update(table)
    .set({ ...patch, version, fieldVersions, ...(scope !== undefined ? { scope } : {}) })
    .where(and(eq(table.tenantId, ctx.tenantId), eq(table.id, id)));
  if (scope !== undefined && entity === 'customer') await rescopeCustomerChildren(tx, ctx.tenantId, id, scope);
  await appendAudit(
    tx,
    ctx.tenantId,
    { actorId: ctx.userId, action: cmd.name, targetType: entity, targetId: id, details: { fields: Object.keys(patch).sort(), mutationId: cmd.id, version } },
    ctx.now(),
  );
  return version;
}

async function lockRow(tx: CloudTx, tenantId: string, entity: EntityName, id: string): Promise<SyncedRow | undefined> {
  const table = ENTITY_TABLES[entity];
  const rows = (await tx
    .select()
    .from(table)
    .where(and(eq(table.tenantId, tenantId), eq(table.id, id)))
    .for('update')) as SyncedRow[];
  return rows[0];
}

async function liveEmployee(tx: CloudTx, tenantId: string, id: string) {
  const rows = await tx
    .select({ id: employee.id, status: employee.status, scope: employee.scope, departmentIds: employee.departmentIds, deleted: employee.deleted })
    .from(employee)
    .where(and(eq(employee.tenantId, tenantId), eq(employee.id, id)));
  const e = rows[0];
  return e && !e.deleted ? e : undefined;
}

/**
 * Checks the ids a patch points at (they must exist, be visible, and be active where it matters)
 * and returns the row's new scope when the patch changes it.
 */
async function checkReferences(tx: CloudTx, ctx: PushContext, entity: EntityName, row: SyncedRow, patch: Record<string, unknown>): Promise<string[] | null | undefined> {
  const person = async (field: string, mustBeActive: boolean) => {
    const id = patch[field];
    if (typeof id !== 'string') return undefined;
    const e = await liveEmployee(tx, ctx.tenantId, id);
    if (!e || !canSee(ctx.visibility, e.scope)) throw new Rejected('invalid', `${field}: no such employee in your scope.`);
    if (mustBeActive && e.status !== 'active') throw new Rejected('invalid', `${field}: the employee is not active.`);
    return e;
  };
  if (entity === 'department') await person('managerId', true);
  if (entity === 'employee') {
    if (patch.managerId === row.id) throw new Rejected('invalid', 'managerId: an employee cannot manage themself.');
    await person('managerId', false);
  }
  if (entity === 'customer' && 'ownerEmployeeId' in patch) {
    const owner = await person('ownerEmployeeId', true);
    // Released to the public pool: visible to every admin. Owned: scoped to the owner's departments.
    return owner ? owner.departmentIds : null;
  }
  return undefined;
}

/** A customer's contacts, follow-ups and the contacts' consent records follow its scope, with new versions. */
async function rescopeCustomerChildren(tx: CloudTx, tenantId: string, customerId: string, scope: string[] | null): Promise<void> {
  const contacts = await tx.select({ id: contact.id }).from(contact).where(and(eq(contact.tenantId, tenantId), eq(contact.customerId, customerId)));
  const followUps = await tx.select({ id: followUp.id }).from(followUp).where(and(eq(followUp.tenantId, tenantId), eq(followUp.customerId, customerId)));
  const contactIds = contacts.map((c) => c.id);
  const consents =
    contactIds.length === 0
      ? []
      : await tx
          .select({ id: consentRecord.id })
          .from(consentRecord)
          .where(and(eq(consentRecord.tenantId, tenantId), eq(consentRecord.subjectType, 'contact'), inArray(consentRecord.subjectId, contactIds)));
  const targets: [typeof contact | typeof followUp | typeof consentRecord, string[]][] = [
    [contact, contactIds],
    [followUp, followUps.map((f) => f.id)],
    [consentRecord, consents.map((c) => c.id)],
  ];
  const total = targets.reduce((n, [, ids]) => n + ids.length, 0);
  if (total === 0) return;
  let version = await bumpVersion(tx, tenantId, total);
  for (const [table, ids] of targets) {
    for (const id of ids) {
      await tx
        .update(table)
        .set({ scope, version: version++ })
        .where(and(eq(table.tenantId, tenantId), eq(table.id, id)));
    }
  }
}
