import { contract, isOperationName, type Envelope, type OperationName, type OutputOf, type ParsedInputOf } from '../../../shared/contract.js';
import { CustosError, toErrorBody } from '../../../shared/errors.js';
import type { Role } from '../../../shared/roles.js';
import type { Logger } from '../logging.js';
import { ALLOWED_WHILE_LOCKED } from '../session/lock.js';

export type Handlers = {
  [N in OperationName]: (input: ParsedInputOf<N>) => Promise<OutputOf<N>> | OutputOf<N>;
};

export interface DispatchContext {
  handlers: Handlers;
  /** The signed-in admin's role, or null when signed out. */
  currentRole(): Role | null;
  /** Whether the signed-in console is locked (then only the lock screen's operations run). */
  locked?(): boolean;
  logger: Logger;
}

/**
 * Runs one contract operation for a host: checks the name, the console's lock and the role the contract allows,
 * validates the input, runs the handler and validates its output. Never throws and
 * never returns a stack trace: failures come back as `{ ok: false, error: { code, message } }`.
 */
export async function dispatch(ctx: DispatchContext, name: string, rawInput: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isOperationName(name)) throw new CustosError('UNKNOWN_OPERATION', `Unknown operation "${name.slice(0, 64)}".`);
    const def = contract[name];
    if (ctx.locked?.() && !ALLOWED_WHILE_LOCKED.has(name)) throw new CustosError('SESSION_LOCKED', 'The console is locked; enter your password to continue.');
    // The role first: a caller who may not run an operation learns nothing about its input rules.
    if (def.roles !== 'public') {
      const role = ctx.currentRole();
      if (!role) throw new CustosError('UNAUTHENTICATED', 'Sign in to continue.');
      if (!def.roles.includes(role)) throw new CustosError('FORBIDDEN', `Your role may not call ${name}.`);
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      throw new CustosError('INVALID_INPUT', `Invalid input for ${name}: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}`, issues);
    }
    const handler = ctx.handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    // Output validation catches a handler drifting from the contract before the renderer does.
    return { ok: true, value: def.output.parse(value) };
  } catch (err) {
    const body = toErrorBody(err);
    if (body.code === 'INTERNAL') ctx.logger.error('operation failed', { operation: name.slice(0, 64), error: err instanceof Error ? err.message : String(err) });
    return { ok: false, error: body };
  }
}
