import { and, eq, sql } from 'drizzle-orm';
import { commands, isCommandName, type CommandName, type CommandResult, type PushedCommand } from '../../shared/commands.js';
import { CustosError } from '../../shared/errors.js';
import type { Role } from '../../shared/roles.js';
import { linkSql, pendingEvent } from '../audit/chain.js';
import { rowsOf, type CloudDb, type CloudExecutor, type CloudTx } from '../db/open.js';
import { auditEvent, commandLog, tenant } from '../db/schema.js';
import { Rejected, type Outcome } from '../commands/context.js';
import { runCommand } from '../commands/run.js';
import { deferVersions, tenantLockKey, versionFixups, type DeferredVersions } from './versioning.js';
import type { Visibility } from '../scope/visibility.js';

export interface PushContext {
  tenantId: string;
  userId: string;
  role: Role;
  clientId: string;
  visibility: Visibility;
  now: () => Date;
}

/**
 * How long one push request may apply commands before the cloud answers with those done so far
 * (the console pushes the rest next, sized to fit). Well inside the console's request timeout:
 * 40 consoles pushing 50 commands each took 13–15 s a batch, timed out, and the cloud went on
 * applying what nobody waited for (issue 29).
 */
export const PUSH_BUDGET_MS = 3000;

/**
 * Applies pushed commands one by one, each in its own transaction: answer a replayed mutation id
 * with its first result, else validate, authorise, check conflicts, write, log the result and
 * the audit event — all or nothing. Commands are applied in the order sent; a rejection does not
 * stop the ones after it (they are independent rows or the client orders its outbox). Past
 * `budgetMs` it stops before the next command and answers a prefix of the batch (at least one
 * command).
 *
 * Concurrency (issue 29): a command's rows are written with placeholder versions, and one last
 * statement takes the tenant's next versions, rewrites them, appends the audit event (its hash
 * computed in SQL) and logs the result. Only that statement and the commit hold the tenant row,
 * so commit order is still version order, and the rest of the work of many consoles overlaps.
 * A command on one row's plain fields holds the tenant's advisory lock shared; any other (its
 * checks read other rows: uniqueness, the tree, a manager, an owner) holds it exclusively, as do
 * the jobs (`lockTenant`). A lock per mutation id makes a replay racing its original wait for it.
 */
export async function pushCommands(db: CloudDb, ctx: PushContext, pushed: PushedCommand[], opts: { budgetMs?: number } = {}): Promise<CommandResult[]> {
  const budgetMs = opts.budgetMs ?? PUSH_BUDGET_MS;
  const started = performance.now();
  const results: CommandResult[] = [];
  for (const cmd of pushed) {
    if (results.length > 0 && performance.now() - started >= budgetMs) break;
    results.push(await pushOne(db, ctx, cmd));
  }
  return results;
}

/**
 * Fields of a patch command whose checks read only the row itself (visibility, field conflicts),
 * so the command may run beside others in the tenant. Anything else a command does takes the
 * tenant exclusively.
 */
const ROW_LOCAL_FIELDS: Partial<Record<CommandName, ReadonlySet<string>>> = {
  // Not: departmentIds (re-scopes dependents), managerId (another live employee), status
  // (offboarding, jobs), employeeNo / mobile / email (unique in the tenant).
  'employee.update': new Set(['name', 'pinyin', 'title', 'rank', 'primaryDepartmentId', 'hireDate', 'idNumber', 'gender', 'birthDate', 'address']),
  // Not: parentId (the tree), name (unique among siblings), managerId.
  'department.update': new Set(['sort']),
  // Not: ownerEmployeeId (an active employee; re-scopes dependents).
  'customer.update': new Set(['name', 'industry', 'status']),
  'contact.update': new Set(['name', 'mobile', 'email', 'wechat', 'title', 'address']),
};

/** Whether a command may hold the tenant's lock shared (see ROW_LOCAL_FIELDS). */
export function rowLocal(cmd: Pick<PushedCommand, 'name' | 'args'>): boolean {
  const allowed = isCommandName(cmd.name) ? ROW_LOCAL_FIELDS[cmd.name] : undefined;
  const patch = (cmd.args as { patch?: unknown } | null)?.patch;
  if (!allowed || patch === null || typeof patch !== 'object' || Array.isArray(patch)) return false;
  return Object.keys(patch).every((k) => allowed.has(k));
}

async function pushOne(db: CloudDb, ctx: PushContext, cmd: PushedCommand): Promise<CommandResult> {
  const logged = { tenantId: ctx.tenantId, mutationId: cmd.id, userId: ctx.userId, clientId: ctx.clientId, name: cmd.name.slice(0, 64), at: ctx.now() };
  try {
    return await db.transaction(async (tx) => {
      const lock = rowLocal(cmd) ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
      // The tenant's lock, then the mutation id claimed by its log row (pending until the last
      // statement): a replay racing its original waits on that row's key until the original
      // commits, then finds it and answers its result.
      const claimed = rowsOf(
        await tx.execute(sql`with l as (select ${lock}(hashtextextended(${tenantLockKey(ctx.tenantId)}, 0)))
          insert into ${commandLog} (tenant_id, mutation_id, user_id, client_id, name, result, at)
          select ${logged.tenantId}, ${logged.mutationId}, ${logged.userId}, ${logged.clientId}, ${logged.name}, '{"status":"pending"}'::jsonb, ${logged.at.toISOString()}::timestamptz from l
          on conflict (tenant_id, mutation_id) do nothing returning 1 as claimed`),
      );
      if (claimed.length === 0) return storedResult(tx, ctx.tenantId, cmd.id);
      const versions = deferVersions(tx);
      const outcome = await execute(tx, ctx, cmd);
      return commitCommand(tx, ctx, cmd, outcome, versions);
    });
  } catch (err) {
    if (!(err instanceof Rejected)) throw err;
    // Its writes went with its transaction; the rejection is logged on its own (unless a replay
    // got there first: then that answer stands, as for any replay).
    const result: CommandResult = { id: cmd.id, status: 'rejected', reason: err.reason, message: err.message, ...(err.conflicts ? { conflicts: err.conflicts } : {}) };
    const inserted = await db.insert(commandLog).values({ ...logged, result }).onConflictDoNothing().returning({ result: commandLog.result });
    return inserted[0] ? (inserted[0].result as CommandResult) : storedResult(db, ctx.tenantId, cmd.id);
  }
}

async function storedResult(db: CloudExecutor, tenantId: string, mutationId: string): Promise<CommandResult> {
  const rows = await db
    .select({ result: commandLog.result })
    .from(commandLog)
    .where(and(eq(commandLog.tenantId, tenantId), eq(commandLog.mutationId, mutationId)));
  if (!rows[0]) throw new CustosError('INTERNAL', 'A command claimed by another request left no result.');
  return rows[0].result as CommandResult;
}

/** Validates, authorises and runs a command; a Rejected thrown here aborts its transaction, writes and all. */
async function execute(tx: CloudTx, ctx: PushContext, cmd: PushedCommand): Promise<Outcome> {
  if (!isCommandName(cmd.name)) throw new Rejected('invalid', `Unknown command "${cmd.name}".`);
  const def = commands[cmd.name];
  if (!(def.roles as readonly Role[]).includes(ctx.role)) throw new Rejected('forbidden', `Your role (${ctx.role}) may not run ${cmd.name}.`);
  const parsed = def.args.safeParse(cmd.args);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Rejected('invalid', `Invalid arguments${first ? ` (${first.path.join('.') || 'args'}: ${first.message})` : ''}.`);
  }
  return runCommand(tx, { ...ctx, baseVersion: cmd.baseVersion }, cmd.name as CommandName, parsed.data as never);
}

/**
 * The command's last statement: lock the tenant row (FOR NO KEY UPDATE: FOR UPDATE would wait
 * for, and deadlock with, every other command whose log row's foreign-key check holds the tenant
 * row KEY SHARE), take `versions.count` versions, rewrite
 * the placeholders, append the audit event and log the result, in one round trip; the commit
 * follows. Answers the result (its version: the one the command's outcome names, or the tenant's
 * version when it wrote nothing).
 */
async function commitCommand(tx: CloudTx, ctx: PushContext, cmd: PushedCommand, outcome: Outcome, versions: DeferredVersions): Promise<CommandResult> {
  const event = pendingEvent(
    { actorId: ctx.userId, action: cmd.name as CommandName, targetType: outcome.target.type, targetId: outcome.target.id, details: { ...outcome.details, mutationId: cmd.id } },
    ctx.now(),
  );
  const n = versions.count;
  const placeholder = outcome.version >= versions.first && outcome.version < versions.first + n;
  // The version answered: a placeholder mapped to its real version, or the tenant's version.
  const answered = placeholder ? sql`h.base + ${outcome.version - versions.first + 1}::bigint` : sql`h.base`;
  const statement = sql`with cur as (select id, version as base, audit_seq + 1 as seq, audit_hash as prev from ${tenant} where id = ${ctx.tenantId} for no key update),
    h as (select cur.*, ${linkSql(sql`cur.prev`, sql`cur.seq`, event.linkSuffix)} as hash from cur),
    upd as (update ${tenant} set version = h.base + ${n}::bigint, audit_seq = h.seq, audit_hash = h.hash from h where ${tenant}.id = h.id returning h.base, h.seq),
    ev as (insert into ${auditEvent} (tenant_id, seq, at, actor_id, action, target_type, target_id, details, private_digest, prev_hash, hash)
      select ${ctx.tenantId}, h.seq, ${event.at.toISOString()}::timestamptz, ${event.actorId}, ${event.action}, ${event.targetType}, ${event.targetId}, ${JSON.stringify(event.details)}::jsonb, ${event.privateDigest}, h.prev, h.hash from h),
    ${sql.join([...versionFixups(ctx.tenantId, versions, 'h'), sql`log as (update ${commandLog} set result = jsonb_build_object('id', ${cmd.id}::text, 'status', 'applied', 'version', ${answered}) from h where ${commandLog}.tenant_id = ${ctx.tenantId} and ${commandLog}.mutation_id = ${cmd.id})`], sql`, `)}
    select (${answered})::bigint as version from h join upd on true`;
  const rows = rowsOf<{ version: string | number }>(await tx.execute(statement));
  if (!rows[0]) throw new CustosError('NOT_FOUND', 'Tenant not found.');
  return { id: cmd.id, status: 'applied', version: Number(rows[0].version) };
}
