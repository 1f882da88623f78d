import { and, eq } from 'drizzle-orm';
import { commands, isCommandName, type CommandName, type CommandResult, type PushedCommand } from '../../shared/commands.js';
import type { Role } from '../../shared/roles.js';
import { appendAudit } from '../audit/chain.js';
import type { CloudDb, CloudTx } from '../db/open.js';
import { commandLog, tenant } from '../db/schema.js';
import { Rejected } from '../commands/context.js';
import { runCommand } from '../commands/run.js';
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
 * Applies pushed commands one by one, each in its own transaction: lock the tenant, answer a
 * replayed mutation id with its first result, else validate, authorise, check conflicts, write
 * with a new version, log the result and the audit event — all or nothing. Commands are applied
 * in the order sent; a rejection does not stop the ones after it (they are independent rows or
 * the client orders its outbox). Past `budgetMs` it stops before the next command and answers
 * a prefix of the batch (at least one command).
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
  // A savepoint: a rejection after some writes (an import's 500th row) undoes all of them.
  return tx.transaction(async (sp) => {
    const outcome = await runCommand(sp, { ...ctx, baseVersion: cmd.baseVersion }, cmd.name as CommandName, parsed.data as never);
    await appendAudit(
      sp,
      ctx.tenantId,
      { actorId: ctx.userId, action: cmd.name as CommandName, targetType: outcome.target.type, targetId: outcome.target.id, details: { ...outcome.details, mutationId: cmd.id } },
      ctx.now(),
    );
    if (outcome.version > 0) return outcome.version;
    const [t] = await sp.select({ version: tenant.version }).from(tenant).where(eq(tenant.id, ctx.tenantId));
    return Number(t?.version ?? 0);
  });
}
