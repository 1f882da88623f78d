import { z } from 'zod';
import { ContactSchema, CustomerSchema, DepartmentSchema, EmployeeSchema, HandoverPlanSchema, type EntityName } from './domain.js';
import { REVEALERS, type Role } from './roles.js';
import { REVEALABLE_FIELDS } from './masking.js';
import { RetentionPolicyValuesSchema } from './retention.js';
import { HolidayScheduleSchema } from './holidays.js';
import { AffectedPersonSchema, ANNOUNCEMENT_REASONS, DeliverySchema, IncidentFactsSchema, INCIDENTS_MAX_AFFECTED, NoticeItemsSchema } from './incidents.js';
import {
  DataSubjectRequestSchema,
  DELIVERY_METHODS,
  PAUSE_REASONS,
  REFUSAL_GROUNDS,
  REQUEST_SUBJECT_TYPES,
  RequestIdentifiersSchema,
  SUBJECT_LANGUAGES,
  VERIFICATION_METHODS,
} from './requests.js';

/**
 * Commands the console pushes to the cloud through its outbox (see docs/sync-protocol.md).
 * The client never pushes row diffs: it pushes one of these, with a ULID mutation id and the
 * version of the row it was made on. Field patches are checked field by field: a field changed
 * on the server after the base version is a conflict; untouched fields merge.
 *
 * Each command is declared once here: its arguments, the entity and row it patches, the roles
 * the cloud lets call it (org admins only inside their scope).
 */
export type CommandKind =
  /** `{ id, patch }`: some fields of one row; optimistic, field-level conflicts. */
  | 'patch'
  /** `{ id, values }`: a new row with a client-made id; optimistic (rolled back by removal). */
  | 'create'
  /** `{ id }`: tombstones one row; optimistic (rolled back by restoring it). */
  | 'delete'
  /** Anything else: applied by the cloud only (merge, import, role changes); shown as queued. */
  | 'op';

export interface CommandDef<A extends z.ZodType = z.ZodType> {
  kind: CommandKind;
  entity: EntityName;
  args: A;
  roles: readonly Role[];
}

const Id = z.string().min(1).max(64);
const Mobile = z
  .string()
  .trim()
  .max(32)
  .regex(/^\+?[0-9][0-9 -]{5,20}$/, 'expected a phone number')
  .nullable();
const Email = z.string().trim().toLowerCase().email().max(254).nullable();

const DepartmentPatch = DepartmentSchema.pick({ name: true, sort: true, managerId: true, parentId: true }).partial().strict();
const EmployeeEditable = {
  name: true, pinyin: true, employeeNo: true, mobile: true, email: true, title: true, rank: true, managerId: true, hireDate: true,
  status: true, idNumber: true, gender: true, birthDate: true, address: true, departmentIds: true, primaryDepartmentId: true,
} as const;
const EmployeePatch = EmployeeSchema.pick(EmployeeEditable).extend({ mobile: Mobile, email: Email }).partial().strict();
const CustomerPatch = CustomerSchema.pick({ name: true, industry: true, status: true, ownerEmployeeId: true }).partial().strict();
const ContactPatch = ContactSchema.pick({ name: true, mobile: true, email: true, wechat: true, title: true, address: true }).partial().strict();

const patchArgs = <P extends z.ZodObject>(patch: P) =>
  z.object({ id: Id, patch: patch.refine((p) => Object.keys(p).length > 0, 'the patch changes nothing') }).strict();

/** A new department: under a parent (the root is made with the tenant). */
export const DepartmentValuesSchema = DepartmentSchema.omit({ id: true }).extend({ parentId: Id }).strict();
/** A new employee; pinyin is filled in by the console when left empty. */
export const EmployeeValuesSchema = EmployeeSchema.omit({ id: true, departedAt: true, lastWorkingDay: true })
  .extend({ mobile: Mobile, email: Email, pinyin: z.string().max(300).default('') })
  .strict()
  .refine((e) => e.departmentIds.length > 0, { message: 'at least one department', path: ['departmentIds'] })
  .refine((e) => e.primaryDepartmentId === null || e.departmentIds.includes(e.primaryDepartmentId), {
    message: 'the primary department must be one of the departments',
    path: ['primaryDepartmentId'],
  });
export type EmployeeValues = z.infer<typeof EmployeeValuesSchema>;

/** An import: departments (made first, parents before children) and employees, all or nothing. */
export const IMPORT_MAX_ROWS = 20_000;
export const OrgImportArgsSchema = z
  .object({
    id: Id,
    departments: z.array(DepartmentValuesSchema.extend({ id: Id })).max(IMPORT_MAX_ROWS),
    employees: z.array(z.object({ id: Id, values: EmployeeValuesSchema })).max(IMPORT_MAX_ROWS),
  })
  .strict();

export const AdminRoleValuesSchema = z
  .object({ employeeId: Id, role: z.enum(['super_admin', 'org_admin', 'compliance_officer', 'auditor']), scopeDepartmentIds: z.array(Id).max(50) })
  .strict()
  .refine((v) => (v.role === 'org_admin') === v.scopeDepartmentIds.length > 0, {
    message: 'an org admin needs at least one department; other roles are tenant-wide',
    path: ['scopeDepartmentIds'],
  });

/**
 * Offboards one employee (办理离职). `lastWorkingDay` null: at once (即时生效, the day the cloud
 * receives it); a date: the cloud runs the handover after that day. `seen` lists what the
 * admin's preview showed, so records someone else changed meanwhile are reported, not taken.
 */
export const OffboardArgsSchema = z
  .object({
    id: Id,
    employeeId: Id,
    lastWorkingDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').nullable(),
    plan: HandoverPlanSchema.strict(),
    seen: z.object({ customers: z.array(Id).max(50_000), approvalTasks: z.array(Id).max(50_000) }).strict(),
  })
  .strict()
  .refine((a) => ![a.plan.customersTo, a.plan.approvalTasksTo, a.plan.departmentsTo, a.plan.reportsTo, ...a.plan.overrides.map((o) => o.to)].includes(a.employeeId), {
    message: 'the leaver cannot be their own successor',
    path: ['plan'],
  });
export type OffboardArgs = z.infer<typeof OffboardArgsSchema>;

const DayArg = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const subjectMatches = (a: { subjectType?: string; subjectId?: string | null }) =>
  a.subjectType === undefined || (a.subjectType === 'unmatched') === (a.subjectId === null || a.subjectId === undefined);
const SUBJECT_MESSAGE = { message: 'an employee or contact needs its id; an unmatched subject has none', path: ['subjectId'] };

/** A data-subject request as taken in; the cloud gives it its reference, deadline and history. */
export const RequestIntakeSchema = DataSubjectRequestSchema.pick({
  id: true,
  type: true,
  subjectType: true,
  subjectId: true,
  identifiers: true,
  language: true,
  channel: true,
  receivedOn: true,
  regime: true,
  assigneeId: true,
})
  .extend({ notes: z.string().trim().max(4000) })
  .strict()
  .refine(subjectMatches, SUBJECT_MESSAGE)
  .refine((a) => a.subjectType !== 'unmatched' || Object.values(a.identifiers).some((v) => v), {
    message: 'give at least one identifier of the person',
    path: ['identifiers'],
  });
export type RequestIntake = z.infer<typeof RequestIntakeSchema>;

const ORG_EDITORS = ['super_admin', 'org_admin'] as const;
/** What an `export.record` is about, and the entity its id names. */
export const EXPORT_KINDS = ['org', 'handover_report', 'request_history', 'incident_notices', 'incident_report'] as const;
export const EXPORT_TARGETS = { org: 'department', handover_report: 'offboarding', request_history: 'dataSubjectRequest', incident_notices: 'securityIncident', incident_report: 'securityIncident' } as const;
const COMPLIANCE = ['super_admin', 'compliance_officer'] as const;

export const commands = {
  'department.create': { kind: 'create', entity: 'department', args: z.object({ id: Id, values: DepartmentValuesSchema }).strict(), roles: ORG_EDITORS },
  'department.update': { kind: 'patch', entity: 'department', args: patchArgs(DepartmentPatch), roles: ORG_EDITORS },
  'department.delete': { kind: 'delete', entity: 'department', args: z.object({ id: Id }).strict(), roles: ORG_EDITORS },
  /** Moves the source's members and sub-departments into `into`, then deletes the source. */
  'department.merge': { kind: 'op', entity: 'department', args: z.object({ id: Id, into: Id }).strict(), roles: ORG_EDITORS },
  'employee.create': { kind: 'create', entity: 'employee', args: z.object({ id: Id, values: EmployeeValuesSchema }).strict(), roles: ORG_EDITORS },
  'employee.update': { kind: 'patch', entity: 'employee', args: patchArgs(EmployeePatch), roles: ORG_EDITORS },
  'org.import': { kind: 'op', entity: 'employee', args: OrgImportArgsSchema, roles: ORG_EDITORS },
  'adminRole.assign': { kind: 'op', entity: 'adminRoleAssignment', args: z.object({ id: Id, values: AdminRoleValuesSchema }).strict(), roles: ORG_EDITORS },
  'adminRole.revoke': { kind: 'op', entity: 'adminRoleAssignment', args: z.object({ id: Id }).strict(), roles: ORG_EDITORS },
  /**
   * Records that a sensitive field was shown. Reveals are now cloud calls (POST /org/reveal) that
   * record themselves; kept so commands queued by earlier consoles still apply.
   */
  'audit.reveal': {
    kind: 'op',
    entity: 'employee',
    args: z.object({ id: Id, field: z.enum(REVEALABLE_FIELDS), at: z.string().max(40) }).strict(),
    roles: REVEALERS,
  },
  /**
   * Records that a file left the console (an organisation export, a handover report, a
   * request's history), so exports are on the audit trail; `id` is what was exported.
   */
  'export.record': {
    kind: 'op',
    entity: 'department',
    args: z
      .object({ id: Id, kind: z.enum(EXPORT_KINDS), format: z.enum(['csv', 'xlsx', 'pdf', 'json']), rows: z.number().int().min(0), at: z.string().max(40) })
      .strict(),
    roles: REVEALERS,
  },
  'employee.offboard': { kind: 'op', entity: 'offboarding', args: OffboardArgsSchema, roles: ORG_EDITORS },
  /** Cancels a scheduled offboarding before it runs. */
  'offboarding.cancel': { kind: 'op', entity: 'offboarding', args: z.object({ id: Id }).strict(), roles: ORG_EDITORS },
  /** Reactivates a departed employee (before their data is disposed of); handed-over records stay with their successors. */
  'employee.rehire': { kind: 'op', entity: 'offboarding', args: z.object({ id: Id }).strict(), roles: ORG_EDITORS },
  /** Sets one category's policy (created on first use); refused below its floor or above its ceiling. */
  'retention.setPolicy': {
    kind: 'op',
    entity: 'retentionPolicy',
    // The policy's id is its category (one per tenant and category).
    args: RetentionPolicyValuesSchema.extend({ id: z.string().max(64) }).refine((a) => a.id === a.category, { message: 'id must be the category', path: ['id'] }),
    roles: COMPLIANCE,
  },
  'legalHold.place': {
    kind: 'op',
    entity: 'legalHold',
    args: z.object({ id: Id, subjectType: z.enum(['employee', 'contact', 'customer']), subjectId: Id, reason: z.string().trim().min(3).max(500) }).strict(),
    roles: COMPLIANCE,
  },
  'legalHold.release': { kind: 'op', entity: 'legalHold', args: z.object({ id: Id, reason: z.string().trim().min(3).max(500) }).strict(), roles: COMPLIANCE },
  /**
   * Imports a year's PRC holiday schedule from the State Council's notice (id = the year),
   * replacing an earlier import and, for that year, the built-in table; the cloud recounts the
   * open requests whose deadline runs through the year (see shared/holidays.ts).
   */
  'holidayCalendar.import': {
    kind: 'op',
    entity: 'holidayCalendar',
    args: HolidayScheduleSchema.extend({ id: z.string().max(8) }).refine((a) => a.id === String(a.year), { message: 'id must be the year', path: ['id'] }),
    roles: COMPLIANCE,
  },
  /** Removes an imported year: its deadlines count on the built-in table again (weekends only for a year it lacks). */
  'holidayCalendar.remove': { kind: 'op', entity: 'holidayCalendar', args: z.object({ id: z.string().regex(/^\d{4}$/, 'expected a year') }).strict(), roles: COMPLIANCE },
  /** Data-subject requests: intake, then verification before anything is fulfilled, refusal only on a listed ground. */
  'request.register': { kind: 'op', entity: 'dataSubjectRequest', args: RequestIntakeSchema, roles: COMPLIANCE },
  'request.update': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z
      .object({
        id: Id,
        patch: z
          .object({
            subjectType: z.enum(REQUEST_SUBJECT_TYPES),
            subjectId: Id.nullable(),
            identifiers: RequestIdentifiersSchema,
            language: z.enum(SUBJECT_LANGUAGES),
            assigneeId: Id.nullable(),
            notes: z.string().trim().max(4000),
            repeatFee: z.boolean(),
          })
          .partial()
          .strict()
          .refine((p) => Object.keys(p).length > 0, 'the patch changes nothing')
          .refine(subjectMatches, SUBJECT_MESSAGE),
      })
      .strict(),
    roles: COMPLIANCE,
  },
  'request.extend': { kind: 'op', entity: 'dataSubjectRequest', args: z.object({ id: Id, extendedDueOn: DayArg, reason: z.string().trim().min(3).max(1000) }).strict(), roles: COMPLIANCE },
  'request.verify': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z.object({ id: Id, method: z.enum(VERIFICATION_METHODS), evidence: z.string().trim().min(3).max(1000) }).strict(),
    roles: COMPLIANCE,
  },
  'request.refuse': { kind: 'op', entity: 'dataSubjectRequest', args: z.object({ id: Id, ground: z.enum(REFUSAL_GROUNDS), rationale: z.string().trim().min(10).max(2000) }).strict(), roles: COMPLIANCE },
  /** Records what was done: the package's digest for copies, a summary for corrections, deletions and withdrawals. */
  'request.fulfil': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z.object({ id: Id, summary: z.string().trim().min(3).max(2000), packageSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(), items: z.number().int().min(0) }).strict(),
    roles: COMPLIANCE,
  },
  'request.deliver': { kind: 'op', entity: 'dataSubjectRequest', args: z.object({ id: Id, method: z.enum(DELIVERY_METHODS), on: DayArg }).strict(), roles: COMPLIANCE },
  /** Erases (anonymises) a verified deletion request's subject, unless a legal hold or a retention floor forbids it (the refusal says which). */
  'subject.erase': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z.object({ id: Id, subjectType: z.enum(['employee', 'contact']), subjectId: Id }).strict(),
    roles: COMPLIANCE,
  },
  /** Records the withdrawal of the subject's consents (a new record per purpose; the old ones stay as proof). */
  'consent.withdraw': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z.object({ id: Id, consentIds: z.array(Id).min(1).max(100) }).strict(),
    roles: COMPLIANCE,
  },
  /** Pauses the request's deadline clock while waiting for the requester (proof of identity, a clarification); `from`: the day they were asked. */
  'request.pause': {
    kind: 'op',
    entity: 'dataSubjectRequest',
    args: z.object({ id: Id, reason: z.enum(PAUSE_REASONS), note: z.string().trim().min(3).max(1000), from: DayArg }).strict(),
    roles: COMPLIANCE,
  },
  /** Resumes it on `on` (the day the answer came): the deadlines move on by the paused days (see shared/requests.ts). */
  'request.resume': { kind: 'op', entity: 'dataSubjectRequest', args: z.object({ id: Id, on: DayArg }).strict(), roles: COMPLIANCE },
  /**
   * Security incidents (shared/incidents.ts): recorded and changed only by these audited op
   * commands, for compliance officers and super admins; the cloud gives the reference and
   * counts the clocks. Auditors read the register, org admins never receive it.
   */
  'incident.record': { kind: 'op', entity: 'securityIncident', args: IncidentFactsSchema.extend({ id: Id }).strict(), roles: COMPLIANCE },
  'incident.update': {
    kind: 'op',
    entity: 'securityIncident',
    args: z.object({ id: Id, patch: IncidentFactsSchema.partial().extend({ status: z.enum(['open', 'contained']).optional() }).strict() }).strict(),
    roles: COMPLIANCE,
  },
  /** Replaces the affected people with those found (criteria: codes and counts of how). */
  'incident.setAffected': {
    kind: 'op',
    entity: 'securityIncident',
    args: z
      .object({
        id: Id,
        people: z.array(AffectedPersonSchema).max(INCIDENTS_MAX_AFFECTED),
        criteria: z.record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).nullable(),
      })
      .strict(),
    roles: COMPLIANCE,
  },
  /** The four items of the notice in one language. */
  'incident.setItems': { kind: 'op', entity: 'securityIncident', args: z.object({ id: Id, language: z.enum(SUBJECT_LANGUAGES), items: NoticeItemsSchema }).strict(), roles: COMPLIANCE },
  /** Appends to the delivery log (one line per person and attempt). */
  'incident.logDeliveries': { kind: 'op', entity: 'securityIncident', args: z.object({ id: Id, entries: z.array(DeliverySchema).min(1).max(INCIDENTS_MAX_AFFECTED) }).strict(), roles: COMPLIANCE },
  /** A public announcement where telling each person is impractical, with the reason. */
  'incident.announce': {
    kind: 'op',
    entity: 'securityIncident',
    args: z.object({ id: Id, text: z.string().trim().min(20).max(8000), reason: z.enum(ANNOUNCEMENT_REASONS), on: DayArg }).strict(),
    roles: COMPLIANCE,
  },
  /** Records that the report went to the regulator (when, their reference). */
  'incident.reportRegulator': {
    kind: 'op',
    entity: 'securityIncident',
    args: z.object({ id: Id, at: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date and time'), reference: z.string().trim().max(100) }).strict(),
    roles: COMPLIANCE,
  },
  /** Closes it: refused while an item is empty or someone is neither told nor covered by the announcement. */
  'incident.close': { kind: 'op', entity: 'securityIncident', args: z.object({ id: Id }).strict(), roles: COMPLIANCE },
  'customer.update': { kind: 'patch', entity: 'customer', args: patchArgs(CustomerPatch), roles: ORG_EDITORS },
  'contact.update': { kind: 'patch', entity: 'contact', args: patchArgs(ContactPatch), roles: ORG_EDITORS },
} as const satisfies Record<string, CommandDef>;

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

/** Commands that patch fields of one row (the ones the generic edit forms and sync-issue editor handle). */
export type PatchCommandName = { [N in CommandName]: (typeof commands)[N]['kind'] extends 'patch' ? N : never }[CommandName];
export function isPatchCommand(name: CommandName): name is PatchCommandName {
  return commands[name].kind === 'patch';
}
