import { createContext, useContext } from 'react';
import { commands, type CommandName } from '../../../shared/commands.js';
import { contract, type OperationName } from '../../../shared/contract.js';
import type { SessionUser } from '../../../shared/domain.js';
import type { Role } from '../../../shared/roles.js';

/** The signed-in admin, provided by the frame (pages only render inside it). */
export const CurrentUserContext = createContext<SessionUser | null>(null);

export function useCurrentUser(): SessionUser | null {
  return useContext(CurrentUserContext);
}

/** Whether the signed-in role may queue this command (the cloud checks again, with the scope). */
export function useCanRun(name: CommandName): boolean {
  const user = useCurrentUser();
  return user !== null && (commands[name].roles as readonly string[]).includes(user.role);
}

/** Whether a role may call this operation of the contract (queries included). */
export function roleMayCall(role: Role, name: OperationName): boolean {
  const roles = contract[name].roles;
  return roles === 'public' || (roles as readonly string[]).includes(role);
}

/** Whether the signed-in role may call this operation of the contract (queries included). */
export function useMayCall(name: OperationName): boolean {
  const user = useCurrentUser();
  return user !== null && roleMayCall(user.role, name);
}
