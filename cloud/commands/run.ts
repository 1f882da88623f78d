import type { CommandArgs, CommandName } from '../../shared/commands.js';
import type { CloudTx } from '../db/open.js';
import { holidayHandlers } from '../holidays/commands.js';
import { incidentHandlers } from '../incidents/commands.js';
import { offboardingHandlers } from '../offboarding/commands.js';
import { orgHandlers } from '../org/commands.js';
import { retentionHandlers } from '../retention/commands.js';
import { requestHandlers } from '../requests/commands.js';
import type { CommandContext, Handler, Handlers, Outcome } from './context.js';

/** Every command's cloud handler, one per name in shared/commands.ts (the type makes it total). */
const handlers: Handlers<CommandName> = { ...orgHandlers, ...offboardingHandlers, ...retentionHandlers, ...requestHandlers, ...holidayHandlers, ...incidentHandlers };

export function runCommand<N extends CommandName>(tx: CloudTx, ctx: CommandContext, name: N, args: CommandArgs<N>): Promise<Outcome> {
  return (handlers[name] as Handler<N>)(tx, ctx, args);
}
