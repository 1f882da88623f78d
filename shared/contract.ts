import { z } from 'zod';
import {
  APPROVAL_STATUSES,
  APPROVAL_TEMPLATES,
  ApprovalSchema,
  ApprovalTaskSchema,
  ContactSchema,
  CUSTOMER_STATUSES,
  CustomerSchema,
  EmployeeSchema,
  EmployeeStatusSchema,
  FollowUpSchema,
  HandoverPlanSchema,
  LEGAL_HOLD_SUBJECTS,
  HandoverResultSchema,
  OFFBOARDING_STATUSES,
  SessionUserSchema,
} from './domain.js';
import { FieldConflictSchema, REJECTION_REASONS, commands, type CommandName } from './commands.js';
import { ROLES, type Role } from './roles.js';
import { REVEALABLE_FIELDS, type RevealableField } from './masking.js';
import { RETENTION_CATEGORIES } from './catalogue.js';
import { RETENTION_ACTIONS, RETENTION_TRIGGERS, RetentionPolicyValuesSchema } from './retention.js';
import { CalendarTableSchema, HOLIDAY_ENTRIES_MAX, HOLIDAY_YEAR_MAX, HOLIDAY_YEAR_MIN, HolidayEntrySchema, HolidayYearSchema } from './holidays.js';
import type { ErrorBody } from './errors.js';
import { DispositionRunsSchema, DryRunResultSchema } from './cloud-protocol.js';
import { AuditRecordsSchema, BuildPackageInputSchema, DiscoveryResultSchema, PackageJobSchema, RequestDetailSchema, RequestRowSchema } from './request-views.js';
import { RequestIdentifiersSchema } from './requests.js';
import { UpdateChannelSchema, UpdateStateSchema } from './updates.js';
import { FindAffectedInputSchema, FindAffectedResultSchema, IncidentDetailSchema, IncidentRowSchema } from './incident-views.js';
import { AUDIT_READERS, AuditExportQuerySchema, AuditFacetsSchema, AuditPageQuerySchema, AuditPageSchema, AuditVerdictSchema } from './audit.js';

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
  /** Set on operations whose input is a file (`uploadInput`): the most bytes it may have. */
  upload?: { maxBytes: number };
}

const COMPLIANCE_ROLES = commands['request.register'].roles;
/** Who reads the incident register: those who keep it, and auditors (who change nothing). */
const INCIDENT_READERS = [...commands['incident.record'].roles, 'auditor'] as const;
const op = <I extends z.ZodType, O extends z.ZodType>(def: OperationDef<I, O>) => def;
const EVERY_ROLE = ROLES;

/** Minutes of inactivity before the console locks (0: never). */
export const IDLE_LOCK_MINUTES = [0, 5, 10, 15, 30, 60] as const;
export const DEFAULT_IDLE_LOCK_MINUTES = 15;
const IdleLockMinutesSchema = z.literal(IDLE_LOCK_MINUTES);

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
  managerId: z.string().nullable(),
  managerName: z.string().nullable(),
  version: z.number().int(),
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

/** Sensitive fields an admin may reveal, one at a time, each reveal audited (shared/masking.ts). */
export { REVEALABLE_FIELDS, type RevealableField };

export const SearchHitSchema = EmployeeRowSchema.extend({
  departmentNames: z.array(z.string()),
  primaryDepartmentId: z.string().nullable(),
  /** Which identifier matched, for the UI to say why a row is listed. */
  matched: z.enum(['name', 'pinyin', 'initials', 'employeeNo', 'mobile', 'email']),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

/** One employee for the edit form: sensitive fields masked (null when empty). */
export const EmployeeDetailSchema = EmployeeSchema.extend({
  version: z.number().int(),
  departments: z.array(z.object({ id: z.string(), name: z.string() })),
  managerName: z.string().nullable(),
  /** Sensitive values replaced by masks, e.g. "110***********123X"; reveal with employees.reveal. */
  idNumber: z.string().nullable(),
  birthDate: z.string().nullable(),
  address: z.string().nullable(),
  gender: z.string().nullable(),
  mobile: z.string().nullable(),
  /** Fields shown masked, which a reveal can show in full. */
  masked: z.array(z.enum(REVEALABLE_FIELDS)),
});
export type EmployeeDetail = z.infer<typeof EmployeeDetailSchema>;

export const IMPORT_ERROR_CODES = [
  'required',
  'unknown_department',
  'unknown_manager',
  'duplicate_employee_no',
  'duplicate_mobile',
  'duplicate_email',
  'bad_email',
  'bad_mobile',
  'bad_date',
  'bad_status',
  'bad_encoding',
  'formula',
  'too_long',
  'unknown_column',
  'empty_file',
  'too_many_rows',
  // File-level (row 0), from the checks before parsing (electron/core/org/transfer/parse.ts).
  'duplicate_column',
  'corrupt_file',
  'zip_bomb',
  'binary_file',
  'encrypted_file',
  'utf16_file',
  'nul_byte',
  'too_many_columns',
  'too_complex',
] as const;
export const ImportIssueSchema = z.object({
  /** 1-based row number as the admin sees it in the file (the header is row 1); 0 for the whole file. */
  row: z.number().int(),
  /** Column header as in the file, or '' for the whole row / file. */
  column: z.string(),
  code: z.enum(IMPORT_ERROR_CODES),
  /** The offending cell's value, truncated (never logged). */
  value: z.string().nullable(),
});
export type ImportIssue = z.infer<typeof ImportIssueSchema>;

/**
 * A file sent to the core as bytes, never as base64 inside JSON (issue 22). One contract, two
 * transports: Electron carries the Uint8Array through IPC and the core's port by structured
 * clone; the browser host takes it as a raw request body (application/octet-stream, the name
 * percent-encoded in UPLOAD_NAME_HEADER), read against the operation's `upload.maxBytes`, which
 * the renderer checks before sending. The core validates the same limit again.
 */
export const UPLOAD_NAME_HEADER = 'x-custos-file-name';
const uploadInput = (maxBytes: number) =>
  z
    .object({
      fileName: z.string().min(1).max(255),
      bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= maxBytes, { message: `The file is larger than ${maxBytes} bytes.` }),
    })
    .strict();
/** An organisation file of 20,000 rows is ~2 MB as CSV and ~1 MB as XLSX: 40 MB (the issue's promise) leaves room for wide, verbose files. */
export const IMPORT_MAX_BYTES = 40_000_000;
/** A bulk offboarding file has three columns; 10 MB is far beyond any tenant's leavers. */
export const BULK_OFFBOARDING_MAX_BYTES = 10_000_000;

/** The most bytes an upload operation's file may have, or null for an operation that takes no file. */
export function uploadLimit(name: OperationName): number | null {
  return (contract[name] as OperationDef).upload?.maxBytes ?? null;
}

export const ImportPreviewSchema = z.object({
  previewId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  /** Detected text encoding for CSV ('utf-8', 'utf-8-bom', 'gbk'). */
  encoding: z.string().nullable(),
  rows: z.number().int(),
  newDepartments: z.array(z.object({ path: z.string() })),
  employees: z.array(z.object({ row: z.number().int(), employeeNo: z.string(), name: z.string(), departments: z.array(z.string()), email: z.string().nullable() })),
  errors: z.array(ImportIssueSchema),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const RoleAssignmentRowSchema = z.object({
  id: z.string(),
  userId: z.string(),
  employeeId: z.string().nullable(),
  name: z.string().nullable(),
  role: z.enum(ROLES),
  scopeDepartmentIds: z.array(z.string()),
  scopeNames: z.array(z.string()),
  /** Waiting in the outbox (assign or revoke not yet applied by the cloud). */
  pending: z.boolean(),
});
export type RoleAssignmentRow = z.infer<typeof RoleAssignmentRowSchema>;

export const OrgChartNodeSchema = z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), managerId: z.string().nullable(), inDepartment: z.boolean() });
export type OrgChartNode = z.infer<typeof OrgChartNodeSchema>;

/** What offboarding one employee would touch: counts come from the lists' lengths. */
const Named = z.object({ id: z.string(), name: z.string() });
export const OffboardingImpactSchema = z.object({
  employee: z.object({ id: z.string(), name: z.string(), employeeNo: z.string(), status: EmployeeStatusSchema, departmentIds: z.array(z.string()) }),
  customers: z.array(Named.extend({ contacts: z.number().int(), status: z.enum(CUSTOMER_STATUSES) })),
  contacts: z.number().int(),
  followUps: z.number().int(),
  inFlightApprovals: z.array(z.object({ id: z.string(), title: z.string(), templateType: z.enum(APPROVAL_TEMPLATES) })),
  pendingTasks: z.array(z.object({ id: z.string(), approvalId: z.string(), title: z.string(), step: z.number().int(), applicantName: z.string().nullable() })),
  roles: z.array(z.object({ id: z.string(), role: z.enum(ROLES) })),
  managedDepartments: z.array(Named),
  directReports: z.array(Named),
  /** Already scheduled or queued: a second offboarding would be refused. */
  openOffboardingId: z.string().nullable(),
});
export type OffboardingImpact = z.infer<typeof OffboardingImpactSchema>;

export const OffboardingRowSchema = z.object({
  id: z.string(),
  employeeId: z.string(),
  employeeName: z.string().nullable(),
  employeeNo: z.string().nullable(),
  lastWorkingDay: z.string().nullable(),
  immediate: z.boolean(),
  /** 'queued': waiting in the outbox for the cloud (offline, or not yet sent). */
  status: z.enum([...OFFBOARDING_STATUSES, 'queued']),
  plan: HandoverPlanSchema,
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  result: HandoverResultSchema.nullable(),
  /** Items per category, for the history table. */
  counts: z.record(z.string(), z.number().int()),
});
export type OffboardingRow = z.infer<typeof OffboardingRowSchema>;

/** One line of a bulk offboarding file, checked against the cache. */
export const BulkOffboardingLineSchema = z.object({
  row: z.number().int(),
  employeeNo: z.string(),
  employeeId: z.string().nullable(),
  employeeName: z.string().nullable(),
  lastWorkingDay: z.string().nullable(),
  successorNo: z.string(),
  successorId: z.string().nullable(),
  successorName: z.string().nullable(),
  /** Problems as codes (manage.bulkErrors.*), empty when the line can be queued. */
  errors: z.array(z.object({ column: z.string(), code: z.string() })),
});
export type BulkOffboardingLine = z.infer<typeof BulkOffboardingLineSchema>;

/** One category on the retention screen: its bounds, its policy (null: none yet), and whether a change is queued. */
export const RetentionCategoryRowSchema = z.object({
  category: z.enum(RETENTION_CATEGORIES),
  triggers: z.array(z.enum(RETENTION_TRIGGERS)),
  actions: z.array(z.enum(RETENTION_ACTIONS)),
  floorMonths: z.number().int(),
  floorReason: z.string(),
  ceilingMonths: z.number().int(),
  ceilingReason: z.string(),
  policy: RetentionPolicyValuesSchema.extend({ updatedAt: z.string().nullable() }).nullable(),
  pending: z.boolean(),
});
export type RetentionCategoryRow = z.infer<typeof RetentionCategoryRowSchema>;
export const LegalHoldRowSchema = z.object({
  id: z.string(),
  subjectType: z.enum(LEGAL_HOLD_SUBJECTS),
  subjectId: z.string(),
  subjectName: z.string().nullable(),
  reason: z.string(),
  placedAt: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
  pending: z.boolean(),
});
export type LegalHoldRow = z.infer<typeof LegalHoldRowSchema>;

/** What a queued command answers: its mutation id (the change is already in the cache). */
const Queued = z.object({ mutationId: z.string() });
const commandOp = <N extends CommandName>(name: N): OperationDef<(typeof commands)[N]['args'], typeof Queued> => ({
  kind: 'command',
  input: commands[name].args,
  output: Queued,
  roles: commands[name].roles,
});

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
      idleLockMinutes: z.number().int(),
    }),
    roles: 'public',
  }),
  /**
   * The first run of a packaged app (issue 28 item 11): the enterprise's cloud address, or the
   * demo cloud as an explicit choice. The host answers it while no cloud is chosen (every other
   * operation is then SETUP_REQUIRED; electron/core/cloud/choice.ts); a running core refuses it.
   */
  'setup.chooseCloud': op({
    kind: 'command',
    input: z.union([z.object({ url: z.string().min(1).max(2048) }).strict(), z.object({ demo: z.literal(true) }).strict()]),
    output: z.object({ cloud: z.enum(['url', 'demo']) }),
    roles: 'public',
  }),
  'session.get': op({
    kind: 'query',
    input: Empty,
    /**
     * locked: the console is locked (inactivity or "Lock now") and waits for the password.
     * offline: signed in against this computer's verifier, not yet confirmed by the cloud.
     * closed: why the cloud ended the last offline session (shown on the sign-in screen once).
     */
    output: z.object({
      user: SessionUserSchema.nullable(),
      locked: z.boolean(),
      offline: z.literal(true).optional(),
      closed: z.enum(['disabled', 'password_changed', 'another_account']).optional(),
    }),
    roles: 'public',
  }),
  'session.lock': op({
    kind: 'command',
    input: Empty,
    output: z.object({ locked: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  /** Checked on this computer (works offline); too many wrong passwords sign out. */
  'session.unlock': op({
    kind: 'command',
    input: z.object({ password: z.string().min(1).max(512) }).strict(),
    output: z.object({ locked: z.literal(false) }),
    roles: EVERY_ROLE,
  }),
  'settings.setIdleLock': op({
    kind: 'command',
    input: z.object({ minutes: IdleLockMinutesSchema }).strict(),
    output: z.object({ minutes: z.number().int() }),
    roles: EVERY_ROLE,
  }),
  'session.signIn': op({
    kind: 'command',
    input: z.object({ email: z.string().trim().min(3).max(254).email(), password: z.string().min(1).max(512) }).strict(),
    output: z.object({ user: SessionUserSchema }),
    roles: 'public',
  }),
  'session.signOut': op({
    kind: 'command',
    /** wipe: also empty this computer's cache (queued changes not yet sent are lost). */
    input: z.object({ wipe: z.boolean().optional() }).strict(),
    output: z.object({ ok: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  'settings.setLanguage': op({
    kind: 'command',
    input: z.object({ language: LanguageSchema }).strict(),
    output: z.object({ language: LanguageSchema }),
    roles: 'public',
  }),
  'updates.status': op({
    kind: 'query',
    input: Empty,
    output: UpdateStateSchema,
    roles: EVERY_ROLE,
  }),
  'updates.check': op({
    kind: 'command',
    input: Empty,
    output: UpdateStateSchema,
    roles: EVERY_ROLE,
  }),
  'updates.setChannel': op({
    kind: 'command',
    input: z.object({ channel: UpdateChannelSchema }).strict(),
    output: UpdateStateSchema,
    roles: EVERY_ROLE,
  }),
  'updates.install': op({
    kind: 'command',
    input: Empty,
    output: z.object({ ok: z.literal(true) }),
    roles: EVERY_ROLE,
  }),
  /** The cloud's audit log, newest first, filtered (online only). */
  'audit.events': op({
    kind: 'query',
    input: AuditPageQuerySchema,
    output: AuditPageSchema,
    roles: AUDIT_READERS,
  }),
  'audit.facets': op({
    kind: 'query',
    input: Empty,
    output: AuditFacetsSchema,
    roles: AUDIT_READERS,
  }),
  /** Walks the tenant's hash chain and reports the first broken link. */
  'audit.verify': op({
    kind: 'command',
    input: Empty,
    output: AuditVerdictSchema,
    roles: AUDIT_READERS,
  }),
  /** The filtered log as CSV or JSON; the export itself is recorded in the log. */
  'audit.export': op({
    kind: 'command',
    input: AuditExportQuerySchema,
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string(), count: z.number().int(), truncated: z.boolean() }),
    roles: AUDIT_READERS,
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
  'department.create': commandOp('department.create'),
  'department.update': commandOp('department.update'),
  'department.delete': commandOp('department.delete'),
  'department.merge': commandOp('department.merge'),
  'employee.create': commandOp('employee.create'),
  'employee.update': commandOp('employee.update'),
  'adminRole.assign': commandOp('adminRole.assign'),
  'adminRole.revoke': commandOp('adminRole.revoke'),
  'org.search': op({
    kind: 'query',
    input: z.object({ query: z.string().trim().min(1).max(100), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.object({ rows: z.array(SearchHitSchema), total: z.number().int() }),
    roles: EVERY_ROLE,
  }),
  'employees.get': op({
    kind: 'query',
    input: z.object({ id: Id }).strict(),
    output: z.object({ employee: EmployeeDetailSchema }),
    roles: EVERY_ROLE,
  }),
  /** Shows one sensitive field in full: a cloud call (POST /org/reveal) that records audit.reveal; online only. */
  'employees.reveal': op({
    kind: 'command',
    input: z.object({ id: Id, field: z.enum(REVEALABLE_FIELDS) }).strict(),
    output: z.object({ value: z.string().nullable() }),
    roles: commands['audit.reveal'].roles,
  }),
  'org.chart': op({
    kind: 'query',
    input: z.object({ departmentId: Id }).strict(),
    output: z.object({ nodes: z.array(OrgChartNodeSchema) }),
    roles: EVERY_ROLE,
  }),
  /** Parses and validates a CSV or XLSX file; nothing is written. */
  'org.importPreview': op({
    kind: 'command',
    input: uploadInput(IMPORT_MAX_BYTES),
    output: ImportPreviewSchema,
    roles: commands['org.import'].roles,
    upload: { maxBytes: IMPORT_MAX_BYTES },
  }),
  /** Queues a previewed, error-free import as one all-or-nothing command. */
  'org.importCommit': op({
    kind: 'command',
    input: z.object({ previewId: Id }).strict(),
    output: Queued,
    roles: commands['org.import'].roles,
  }),
  'org.export': op({
    kind: 'query',
    input: z.object({ format: z.enum(['csv', 'xlsx']), departmentId: Id.optional() }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string(), rows: z.number().int() }),
    roles: ['super_admin', 'org_admin', 'compliance_officer'],
  }),
  'roles.list': op({
    kind: 'query',
    input: Empty,
    output: z.object({ assignments: z.array(RoleAssignmentRowSchema) }),
    roles: EVERY_ROLE,
  }),
  'employee.offboard': commandOp('employee.offboard'),
  'offboarding.cancel': commandOp('offboarding.cancel'),
  'employee.rehire': commandOp('employee.rehire'),
  'offboarding.impact': op({
    kind: 'query',
    input: z.object({ employeeIds: z.array(Id).min(1).max(500) }).strict(),
    output: z.object({ leavers: z.array(OffboardingImpactSchema) }),
    roles: commands['employee.offboard'].roles,
  }),
  'offboarding.list': op({
    kind: 'query',
    input: Empty,
    output: z.object({ rows: z.array(OffboardingRowSchema) }),
    roles: EVERY_ROLE,
  }),
  /** The handover report of a completed offboarding, for the successors and the manager. */
  'offboarding.report': op({
    kind: 'query',
    input: z.object({ id: Id, format: z.enum(['csv', 'pdf']) }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string(), items: z.number().int() }),
    roles: ['super_admin', 'org_admin', 'compliance_officer'],
  }),
  /** Reads a bulk offboarding file (CSV: employee no., last working day, successor no.) and checks each line; nothing is queued. */
  'offboarding.bulkPreview': op({
    kind: 'command',
    input: uploadInput(BULK_OFFBOARDING_MAX_BYTES),
    output: z.object({ lines: z.array(BulkOffboardingLineSchema) }),
    roles: commands['employee.offboard'].roles,
    upload: { maxBytes: BULK_OFFBOARDING_MAX_BYTES },
  }),
  'retention.setPolicy': commandOp('retention.setPolicy'),
  'legalHold.place': commandOp('legalHold.place'),
  'legalHold.release': commandOp('legalHold.release'),
  'holidayCalendar.import': commandOp('holidayCalendar.import'),
  'holidayCalendar.remove': commandOp('holidayCalendar.remove'),
  /** The PRC holiday schedules held (built in, imported, queued) and the effective calendar deadlines are counted on (the intake form's preview uses it). */
  'holidays.list': op({
    kind: 'query',
    input: Empty,
    output: z.object({ years: z.array(HolidayYearSchema), calendar: CalendarTableSchema }),
    roles: commands['holidayCalendar.import'].roles,
  }),
  /** The open requests an import (or, with `entries` null, a removal) of `year` would recount, and to which deadline; nothing is written. */
  'holidays.impact': op({
    kind: 'query',
    input: z.object({ year: z.number().int().min(HOLIDAY_YEAR_MIN).max(HOLIDAY_YEAR_MAX), entries: z.array(HolidayEntrySchema).max(HOLIDAY_ENTRIES_MAX).nullable() }).strict(),
    output: z.object({ moves: z.array(z.object({ id: z.string(), reference: z.string(), from: z.string(), to: z.string() })) }),
    roles: commands['holidayCalendar.import'].roles,
  }),
  'request.register': commandOp('request.register'),
  'request.update': commandOp('request.update'),
  'request.extend': commandOp('request.extend'),
  'request.verify': commandOp('request.verify'),
  'request.refuse': commandOp('request.refuse'),
  'request.fulfil': commandOp('request.fulfil'),
  'request.deliver': commandOp('request.deliver'),
  'subject.erase': commandOp('subject.erase'),
  'consent.withdraw': commandOp('consent.withdraw'),
  'request.pause': commandOp('request.pause'),
  'request.resume': commandOp('request.resume'),
  /** The register: open (or closed, or all) requests, most urgent first, with pending changes marked. */
  'requests.list': op({
    kind: 'query',
    input: z.object({ status: z.enum(['open', 'closed', 'all']).default('open'), search: z.string().trim().max(100).optional() }).strict(),
    output: z.object({ rows: z.array(RequestRowSchema), today: z.string() }),
    roles: COMPLIANCE_ROLES,
  }),
  /** Overdue and due-soon counts for the frame's badge. */
  'requests.counts': op({
    kind: 'query',
    input: Empty,
    output: z.object({ open: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }),
    roles: COMPLIANCE_ROLES,
  }),
  'requests.get': op({
    kind: 'query',
    input: z.object({ id: Id }).strict(),
    output: RequestDetailSchema,
    roles: COMPLIANCE_ROLES,
  }),
  /** Who a request can be assigned to: the tenant's compliance officers and super admins known to this console. */
  'requests.assignees': op({
    kind: 'query',
    input: Empty,
    output: z.object({ assignees: z.array(z.object({ userId: z.string(), name: z.string() })) }),
    roles: COMPLIANCE_ROLES,
  }),
  /** Finds a person's data in the cache by the identifiers given (mobile, email, name or pinyin, ID number). */
  'requests.discover': op({
    kind: 'query',
    input: RequestIdentifiersSchema.partial().extend({ requestId: Id.optional() }).strict(),
    output: DiscoveryResultSchema,
    roles: COMPLIANCE_ROLES,
  }),
  /** The cloud's operation-log events about the request's (matched) person, for the review and the copy (online only). */
  'requests.auditRecords': op({
    kind: 'query',
    input: z.object({ requestId: Id }).strict(),
    output: AuditRecordsSchema,
    roles: COMPLIANCE_ROLES,
  }),
  /** Starts building a personal-information copy (zip: JSON + schema, CSV per category, PDF report, manifest); poll requests.packageJob. */
  'requests.buildPackage': op({
    kind: 'command',
    input: BuildPackageInputSchema,
    output: z.object({ jobId: z.string() }),
    roles: COMPLIANCE_ROLES,
  }),
  'requests.packageJob': op({
    kind: 'query',
    input: z.object({ jobId: z.string().max(64) }).strict(),
    output: PackageJobSchema,
    roles: COMPLIANCE_ROLES,
  }),
  /** The request's full history (every step, who, when), as JSON or CSV for a regulator. */
  'requests.history': op({
    kind: 'query',
    input: z.object({ id: Id, format: z.enum(['json', 'csv']) }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string() }),
    roles: COMPLIANCE_ROLES,
  }),
  'incident.record': commandOp('incident.record'),
  'incident.update': commandOp('incident.update'),
  'incident.setAffected': commandOp('incident.setAffected'),
  'incident.setItems': commandOp('incident.setItems'),
  'incident.logDeliveries': commandOp('incident.logDeliveries'),
  'incident.announce': commandOp('incident.announce'),
  'incident.reportRegulator': commandOp('incident.reportRegulator'),
  'incident.close': commandOp('incident.close'),
  /** The incident register, most urgent first; auditors read it too. */
  'incidents.list': op({
    kind: 'query',
    input: z.object({ status: z.enum(['open', 'closed', 'all']).default('open') }).strict(),
    output: z.object({ rows: z.array(IncidentRowSchema) }),
    roles: INCIDENT_READERS,
  }),
  /** Overdue and due-soon incident clocks, for the navigation. */
  'incidents.counts': op({ kind: 'query', input: Empty, output: z.object({ open: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }), roles: INCIDENT_READERS }),
  'incidents.get': op({ kind: 'query', input: z.object({ id: Id, peopleLimit: z.number().int().min(0).max(50_000).default(200) }).strict(), output: IncidentDetailSchema, roles: INCIDENT_READERS }),
  /** Finds the people an incident concerns in the cache (offline): catalogue fields and a time window, a department subtree, a customer owner, pasted identifiers, or several at once. */
  'incidents.findAffected': op({ kind: 'query', input: FindAffectedInputSchema, output: FindAffectedResultSchema, roles: COMPLIANCE_ROLES }),
  /** Every affected person's notice in their language (the four items filled in), as a CSV or JSON file. */
  'incidents.notices': op({
    kind: 'query',
    input: z.object({ id: Id, format: z.enum(['csv', 'json']) }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string(), count: z.number().int() }),
    roles: COMPLIANCE_ROLES,
  }),
  /** The regulator's report: facts, counts, measures and timeline, as PDF or JSON. */
  'incidents.report': op({
    kind: 'query',
    input: z.object({ id: Id, format: z.enum(['pdf', 'json']), language: LanguageSchema }).strict(),
    output: z.object({ fileName: z.string(), mime: z.string(), contentBase64: z.string() }),
    roles: INCIDENT_READERS,
  }),
  /** Asks the cloud what a draft policy would reach now (online only); nothing is written. */
  'retention.dryRun': op({
    kind: 'query',
    input: RetentionPolicyValuesSchema,
    output: DryRunResultSchema,
    roles: commands['retention.setPolicy'].roles,
  }),
  /** The cloud's last disposition runs; offline, the last ones fetched, with when (asOf). */
  'retention.runs': op({
    kind: 'query',
    input: Empty,
    output: DispositionRunsSchema.extend({ asOf: z.string().nullable() }),
    roles: commands['retention.setPolicy'].roles,
  }),
  /** Runs the enabled policies now in the cloud and answers with the run (online only). */
  'retention.runNow': op({
    kind: 'command',
    input: Empty,
    output: DispositionRunsSchema,
    roles: commands['retention.setPolicy'].roles,
  }),
  'retention.dashboard': op({
    kind: 'query',
    input: Empty,
    output: z.object({
      categories: z.array(
        z.object({
          category: z.enum(RETENTION_CATEGORIES),
          buckets: z.object({ lt1: z.number().int(), y1to2: z.number().int(), y2to3: z.number().int(), y3to5: z.number().int(), gt5: z.number().int() }),
          total: z.number().int(),
          /** Past the enabled policy's period in this cache (null: no enabled policy); the dry run gives the cloud's answer. */
          dueNow: z.number().int().nullable(),
        }),
      ),
      holdsInForce: z.number().int(),
    }),
    roles: EVERY_ROLE,
  }),
  'retention.overview': op({
    kind: 'query',
    input: Empty,
    output: z.object({ categories: z.array(RetentionCategoryRowSchema), holds: z.array(LegalHoldRowSchema) }),
    roles: EVERY_ROLE,
  }),
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
