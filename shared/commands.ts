import { z } from 'zod';
import { ContactSchema, CustomerSchema, DepartmentSchema, EmployeeSchema, type EntityName } from './domain.js';
import type { Role } from './roles.js';

/**
 * Commands the console pushes to the cloud through its outbox (see docs/sync-protocol.md).
 * The client never pushes row diffs: it pushes one of these, with a ULID mutation id and the
 * version of the row it was made on. Field patches are checked field by field: a field changed
 * on the server after the base version is a conflict; untouched fields merge.
 *
 * Each command is declared once here: its arguments, the entity and row it patches, the roles
 * the cloud lets call it (org admins only inside their scope).
 */
export interface PatchCommandDef<A extends z.ZodType = z.ZodType> {
  entity: EntityName;
  args: A;
  roles: readonly Role[];
}

const Id = z.string().min(1).max(64);

const DepartmentPatch = DepartmentSchema.pick({ name: true, sort: true, managerId: true }).partial().strict();
const EmployeePatch = EmployeeSchema.pick({
  name: true, pinyin: true, mobile: true, email: true, title: true, rank: true, managerId: true, hireDate: true,
  status: true, idNumber: true, gender: true, birthDate: true, address: true,
}).partial().strict();
const CustomerPatch = CustomerSchema.pick({ name: true, industry: true, status: true, ownerEmployeeId: true }).partial().strict();
const ContactPatch = ContactSchema.pick({ name: true, mobile: true, email: true, wechat: true, title: true, address: true }).partial().strict();

const patchArgs = <P extends z.ZodObject>(patch: P) =>
  z.object({ id: Id, patch: patch.refine((p) => Object.keys(p).length > 0, 'the patch changes nothing') }).strict();

const ORG_EDITORS = ['super_admin', 'org_admin'] as const;

export const commands = {
  'department.update': { entity: 'department', args: patchArgs(DepartmentPatch), roles: ORG_EDITORS },
  'employee.update': { entity: 'employee', args: patchArgs(EmployeePatch), roles: ORG_EDITORS },
  'customer.update': { entity: 'customer', args: patchArgs(CustomerPatch), roles: ORG_EDITORS },
  'contact.update': { entity: 'contact', args: patchArgs(ContactPatch), roles: ORG_EDITORS },
} as const satisfies Record<string, PatchCommandDef>;

export type CommandName = keyof typeof commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandArgs<N extends CommandName> = z.infer<(typeof commands)[N]['args']>;
export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commands, name);
}

/** ULIDs: 26 Crockford base-32 characters, time-ordered. */
export const MutationIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'expected a ULID');

export const PushedCommandSchema = z.object({
  id: MutationIdSchema,
  name: z.string().max(64),
  args: z.unknown(),
  /** Version of the patched row the client saw when it made the command (0: unknown row). */
  baseVersion: z.number().int().min(0),
});
export type PushedCommand = z.infer<typeof PushedCommandSchema>;

export const REJECTION_REASONS = ['conflict', 'forbidden', 'invalid', 'not_found'] as const;
export const FieldConflictSchema = z.object({ field: z.string(), serverValue: z.unknown(), clientValue: z.unknown() });
export type FieldConflict = z.infer<typeof FieldConflictSchema>;

export const CommandResultSchema = z.discriminatedUnion('status', [
  z.object({ id: MutationIdSchema, status: z.literal('applied'), version: z.number().int() }),
  z.object({
    id: MutationIdSchema,
    status: z.literal('rejected'),
    reason: z.enum(REJECTION_REASONS),
    message: z.string(),
    conflicts: z.array(FieldConflictSchema).optional(),
  }),
]);
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const PushRequestSchema = z.object({
  /**
   * This console's cache (a ULID made once per cache). A field changed since a command's base
   * version by the same client is its own earlier command, not a conflict.
   */
  clientId: MutationIdSchema,
  commands: z.array(PushedCommandSchema).min(1).max(100),
});
export const PushResponseSchema = z.object({ results: z.array(CommandResultSchema) });
export type PushResponse = z.infer<typeof PushResponseSchema>;
