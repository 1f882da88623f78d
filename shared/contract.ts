import { z } from 'zod';
import {
  APPROVAL_STATUSES,
  APPROVAL_TEMPLATES,
  ApprovalSchema,
  ApprovalTaskSchema,
  ContactSchema,
  CUSTOMER_STATUSES,
  CustomerSchema,
  EmployeeStatusSchema,
  FollowUpSchema,
  SessionUserSchema,
} from './domain.js';
import { FieldConflictSchema, REJECTION_REASONS, commands, type CommandName } from './commands.js';
import { ROLES, type Role } from './roles.js';
import type { ErrorBody } from './errors.js';

/**
 * The one contract between the renderer and its host. Every operation the renderer may call
 * is declared here once: its name, input and output schemas, and the roles allowed to call it.
 * The Electron host (IPC) and the browser host (HTTP) both bind this table generically.
 */
export interface OperationDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  kind: 'query' | 'command';
  input: I;
  output: O;
  /** 'public' operations need no session (sign-in, app info). */
  roles: readonly Role[] | 'public';
}

const op = <I extends z.ZodType, O extends z.ZodType>(def: OperationDef<I, O>) => def;
const EVERY_ROLE = ROLES;

export const LANGUAGES = ['zh-CN', 'en', 'fr'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

export const SyncStatusSchema = z.object({
  state: z.enum(['idle', 'syncing', 'offline', 'error', 'signed_out']),
  /** Commands in the outbox not yet answered by the cloud. */
  queued: z.number().int(),
  /** Commands the cloud rejected, waiting in "Sync issues". */
  issues: z.number().int(),
  /** When the next automatic attempt runs after a failure (backoff). */
  nextAttemptAt: z.string().nullable(),
  /** Rows applied in the current run and the rows known to remain, for progress. */
  progress: z.object({ applied: z.number().int(), total: z.number().int() }).nullable(),
  lastSyncedAt: z.string().nullable(),
  cursor: z.number().int(),
  /** Error code of the last failure, for the UI to translate. */
  errorCode: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const DepartmentNodeSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  /** Employees whose departments include this one (not counting sub-departments). */
  memberCount: z.number().int(),
});
export type DepartmentNode = z.infer<typeof DepartmentNodeSchema>;

export const EmployeeRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  employeeNo: z.string(),
  title: z.string().nullable(),
  /** Masked mobile, e.g. 138****1234; the full value needs a reveal (audited). */
  mobileMasked: z.string().nullable(),
  email: z.string().nullable(),
  status: EmployeeStatusSchema,
  isPrimaryDepartment: z.boolean(),
});
export type EmployeeRow = z.infer<typeof EmployeeRowSchema>;


export const CustomerRowSchema = CustomerSchema.pick({ id: true, name: true, industry: true, status: true, ownerEmployeeId: true, lastActivityAt: true }).extend({
  ownerName: z.string().nullable(),
  contactCount: z.number().int(),
});
export type CustomerRow = z.infer<typeof CustomerRowSchema>;

export const ApprovalRowSchema = ApprovalSchema.pick({ id: true, templateType: true, title: true, status: true, createdAt: true, applicantId: true }).extend({
  applicantName: z.string().nullable(),
  pendingTasks: z.number().int(),
});
export type ApprovalRow = z.infer<typeof ApprovalRowSchema>;

export const SyncIssueSchema = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  reason: z.enum(REJECTION_REASONS),
  message: z.string(),
  conflicts: z.array(FieldConflictSchema),
  createdAt: z.string(),
});
export type SyncIssue = z.infer<typeof SyncIssueSchema>;

/** What a queued command answers: its mutation id (the change is already in the cache). */
const Queued = z.object({ mutationId: z.string() });
const commandOp = <N extends CommandName>(name: N) =>
  op({ kind: 'command', input: commands[name].args, output: Queued, roles: commands[name].roles });

const Empty = z.object({}).strict();
const Id = z.string().min(1).max(64);

export const contract = {
  'app.info': op({
    kind: 'query',
    input: Empty,
    output: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      cloudUrl: z.string(),
      cacheSchemaVersion: z.number().int(),
      cacheEncrypted: z.boolean(),
      language: LanguageSchema.nullable(),
    }),
    roles: 'public',
  }),
  'session.get': op({
    kind: 'query',
    input: Empty,
    output: z.object({ user: SessionUserSchema.nullable() }),
    roles: 'public',
  }),
  'session.signIn': op({
    kind: 'command',
    input: z.object({ email: z.string().trim().min(3).max(254).email(), password: z.string().min(1).max(512) }).strict(),
    output: z.object({ user: SessionUserSchema }),
    roles: 'public',
  }),
  'session.signOut': op({
    kind: 'command',
    input: Empty,
    output: z.object({ ok: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  'settings.setLanguage': op({
    kind: 'command',
    input: z.object({ language: LanguageSchema }).strict(),
    output: z.object({ language: LanguageSchema }),
    roles: 'public',
  }),
  'sync.status': op({
    kind: 'query',
    input: Empty,
    output: SyncStatusSchema,
    roles: EVERY_ROLE,
  }),
  'sync.now': op({
    kind: 'command',
    input: Empty,
    output: SyncStatusSchema,
    roles: EVERY_ROLE,
  }),
  'org.departments': op({
    kind: 'query',
    input: Empty,
    output: z.object({ departments: z.array(DepartmentNodeSchema) }),
    roles: EVERY_ROLE,
  }),
  'org.employees': op({
    kind: 'query',
    input: z
      .object({
        departmentId: Id,
        search: z.string().trim().max(100).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int(), rows: z.array(EmployeeRowSchema) }),
    roles: EVERY_ROLE,
  }),
  'sync.cancel': op({
    kind: 'command',
    input: Empty,
    output: SyncStatusSchema,
    roles: EVERY_ROLE,
  }),
  'sync.issues': op({
    kind: 'query',
    input: Empty,
    output: z.object({ issues: z.array(SyncIssueSchema) }),
    roles: EVERY_ROLE,
  }),
  'sync.retryIssue': op({
    kind: 'command',
    input: z.object({ id: z.string().min(1).max(64), args: z.unknown().optional() }).strict(),
    output: Queued,
    roles: EVERY_ROLE,
  }),
  'sync.discardIssue': op({
    kind: 'command',
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: z.object({ ok: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  'department.update': commandOp('department.update'),
  'employee.update': commandOp('employee.update'),
  'customer.update': commandOp('customer.update'),
  'contact.update': commandOp('contact.update'),
  'customers.list': op({
    kind: 'query',
    input: z
      .object({
        search: z.string().trim().max(100).optional(),
        /** 'pool': the public pool only; an employee id: that owner's customers. */
        owner: z.string().max(64).optional(),
        status: z.enum(CUSTOMER_STATUSES).optional(),
        industry: z.string().max(64).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int(), rows: z.array(CustomerRowSchema), industries: z.array(z.string()) }),
    roles: EVERY_ROLE,
  }),
  'customers.get': op({
    kind: 'query',
    input: z.object({ id: Id }).strict(),
    output: z.object({
      customer: CustomerSchema.extend({ ownerName: z.string().nullable(), version: z.number().int() }),
      contacts: z.array(ContactSchema.extend({ mobileMasked: z.string().nullable() })),
      followUps: z.array(FollowUpSchema.extend({ employeeName: z.string().nullable() })),
    }),
    roles: EVERY_ROLE,
  }),
  'approvals.list': op({
    kind: 'query',
    input: z
      .object({
        search: z.string().trim().max(100).optional(),
        status: z.enum(APPROVAL_STATUSES).optional(),
        templateType: z.enum(APPROVAL_TEMPLATES).optional(),
        /** Only approvals with a pending task for this approver. */
        pendingFor: Id.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({ total: z.number().int(), rows: z.array(ApprovalRowSchema) }),
    roles: EVERY_ROLE,
  }),
  'approvals.get': op({
    kind: 'query',
    input: z.object({ id: Id }).strict(),
    output: z.object({
      approval: ApprovalSchema.extend({ applicantName: z.string().nullable() }),
      tasks: z.array(ApprovalTaskSchema.extend({ approverName: z.string().nullable() })),
    }),
    roles: EVERY_ROLE,
  }),
} as const satisfies Record<string, OperationDef>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type InputOf<N extends OperationName> = z.input<Contract[N]['input']>;
export type ParsedInputOf<N extends OperationName> = z.output<Contract[N]['input']>;
export type OutputOf<N extends OperationName> = z.output<Contract[N]['output']>;
export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

/** The API the preload exposes and the browser client implements: one generic call. */
export interface CustosApi {
  invoke<N extends OperationName>(name: N, input: InputOf<N>): Promise<OutputOf<N>>;
}

/** The result envelope that crosses IPC (errors are values, not thrown, so no stack leaks). */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorBody };
