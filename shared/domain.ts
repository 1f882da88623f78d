import { z } from 'zod';
import { RoleSchema } from './roles.js';
import { RETENTION_CATEGORIES } from './catalogue.js';
import { RETENTION_ACTIONS, RETENTION_TRIGGERS } from './retention.js';
import { DataSubjectRequestSchema } from './requests.js';
import { HolidayScheduleSchema } from './holidays.js';
import { SecurityIncidentSchema } from './incidents.js';

/**
 * The synced data model. Each entity's schema is what travels in a pull page and what the
 * cache stores; the cloud adds tenant, version, tombstone and per-field versions.
 * Personal fields are declared in shared/catalogue.ts.
 */
export const EMPLOYEE_STATUSES = ['active', 'suspended', 'departed'] as const;
export const EmployeeStatusSchema = z.enum(EMPLOYEE_STATUSES);
/**
 * Whether an edit may move an employee from one status to another. Leaving goes only through
 * offboarding and coming back only through rehire (they end and restore admin access), so an
 * edit never enters or leaves `departed`.
 */
export const statusEditable = (from: string, to: string): boolean => from === to || (from !== 'departed' && to !== 'departed');

const Id = z.string().min(1).max(64);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Instant = z.string().min(10).max(40);

export const DepartmentSchema = z.object({
  id: Id,
  parentId: Id.nullable(),
  name: z.string().min(1).max(100),
  sort: z.number().int(),
  managerId: Id.nullable(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const EmployeeSchema = z.object({
  id: Id,
  name: z.string().min(1).max(100),
  pinyin: z.string().max(300),
  employeeNo: z.string().min(1).max(32),
  mobile: z.string().max(32).nullable(),
  email: z.string().max(254).nullable(),
  title: z.string().max(100).nullable(),
  rank: z.string().max(32).nullable(),
  departmentIds: z.array(Id),
  primaryDepartmentId: Id.nullable(),
  managerId: Id.nullable(),
  hireDate: Day.nullable(),
  status: EmployeeStatusSchema,
  lastWorkingDay: Day.nullable(),
  departedAt: Instant.nullable(),
  idNumber: z.string().max(32).nullable(),
  gender: z.string().max(16).nullable(),
  birthDate: Day.nullable(),
  address: z.string().max(300).nullable(),
});
export type Employee = z.infer<typeof EmployeeSchema>;

/** An admin account's role in the console, scoped to department subtrees for org admins. */
export const AdminRoleAssignmentSchema = z.object({
  id: Id,
  userId: Id,
  /** The employee this admin account belongs to, when it is one of the tenant's employees. */
  employeeId: Id.nullable(),
  role: RoleSchema,
  /** Roots of the department subtrees an org admin manages; empty for tenant-wide roles. */
  scopeDepartmentIds: z.array(Id),
});
export type AdminRoleAssignment = z.infer<typeof AdminRoleAssignmentSchema>;

export const CUSTOMER_STATUSES = ['lead', 'active', 'inactive', 'lost'] as const;
export const CustomerSchema = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  /** null: the customer is in the public pool (公海). */
  ownerEmployeeId: Id.nullable(),
  industry: z.string().max(64).nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  createdAt: Instant,
  lastActivityAt: Instant.nullable(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const ContactSchema = z.object({
  id: Id,
  customerId: Id,
  name: z.string().min(1).max(100),
  mobile: z.string().max(32).nullable(),
  email: z.string().max(254).nullable(),
  wechat: z.string().max(64).nullable(),
  title: z.string().max(100).nullable(),
  address: z.string().max(300).nullable(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const FollowUpSchema = z.object({
  id: Id,
  customerId: Id,
  employeeId: Id.nullable(),
  at: Instant,
  content: z.string().max(4000),
});
export type FollowUp = z.infer<typeof FollowUpSchema>;

export const APPROVAL_TEMPLATES = ['leave', 'expense', 'purchase', 'contract', 'travel'] as const;
export const APPROVAL_STATUSES = ['in_progress', 'approved', 'rejected', 'withdrawn'] as const;
export const ApprovalSchema = z.object({
  id: Id,
  templateType: z.enum(APPROVAL_TEMPLATES),
  title: z.string().max(200),
  applicantId: Id,
  status: z.enum(APPROVAL_STATUSES),
  /** The form as filled in; may name other people (third parties) in free text. */
  formData: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  createdAt: Instant,
  closedAt: Instant.nullable(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const TASK_STATUSES = ['pending', 'approved', 'rejected', 'transferred', 'skipped'] as const;
export const ApprovalTaskSchema = z.object({
  id: Id,
  approvalId: Id,
  step: z.number().int().min(1),
  approverId: Id,
  status: z.enum(TASK_STATUSES),
  actedAt: Instant.nullable(),
});
export type ApprovalTask = z.infer<typeof ApprovalTaskSchema>;

export const ConsentRecordSchema = z.object({
  id: Id,
  subjectType: z.enum(['employee', 'contact']),
  subjectId: Id,
  purpose: z.string().max(100),
  granted: z.boolean(),
  at: Instant,
  channel: z.string().max(32).nullable(),
});
export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;

/**
 * An offboarding (办理离职): who leaves, when, who takes over what, and what happened. The
 * handover runs in the cloud in one transaction, at once or after the last working day.
 */
export const OFFBOARDING_STATUSES = ['scheduled', 'completed', 'failed', 'cancelled', 'rehired'] as const;
export const HANDOVER_CATEGORIES = ['customers', 'approvalTasks', 'departments', 'reports'] as const;
export type HandoverCategory = (typeof HANDOVER_CATEGORIES)[number];
export const HandoverPlanSchema = z.object({
  /** New owner of the leaver's customers; null releases them to the public pool. */
  customersTo: Id.nullable(),
  /** New approver of the leaver's pending approval tasks; required when there are any. */
  approvalTasksTo: Id.nullable(),
  /** New manager of the departments the leaver manages; null leaves them without one. */
  departmentsTo: Id.nullable(),
  /** New manager of the leaver's direct reports; null leaves them without one. */
  reportsTo: Id.nullable(),
  /** Per-record choices that win over the category's successor (null: public pool / none). */
  overrides: z.array(z.object({ entity: z.enum(['customer', 'approvalTask']), id: Id, to: Id.nullable() })).max(10_000),
});
export type HandoverPlan = z.infer<typeof HandoverPlanSchema>;
export const HandoverItemSchema = z.object({
  entity: z.enum(['customer', 'approvalTask', 'department', 'employee', 'adminRoleAssignment', 'approval']),
  id: Id,
  /** Who took it over (null: public pool, no manager, revoked, or stays as it is). */
  to: Id.nullable(),
});
export const HandoverResultSchema = z.object({
  /** Every record handed over, revoked or (in-flight approvals) left as it is. */
  items: z.array(HandoverItemSchema),
  contacts: z.number().int(),
  followUps: z.number().int(),
  /** Records the admin saw in the preview that someone else changed meanwhile: left alone. */
  skipped: z.array(z.object({ entity: z.enum(['customer', 'approvalTask']), id: Id, reason: z.enum(['reassigned', 'gone', 'closed']) })),
  /** Why a scheduled run failed (the offboarding stays pending a fix). */
  error: z.string().max(500).nullable(),
});
export type HandoverResult = z.infer<typeof HandoverResultSchema>;
export const OffboardingSchema = z.object({
  id: Id,
  employeeId: Id,
  lastWorkingDay: Day,
  /** True: applied when the cloud received it (即时生效); false: after the last working day. */
  immediate: z.boolean(),
  status: z.enum(OFFBOARDING_STATUSES),
  plan: HandoverPlanSchema,
  /** What the admin's preview showed, so records changed meanwhile are reported, not overwritten. */
  seen: z.object({ customers: z.array(Id), approvalTasks: z.array(Id) }),
  createdAt: Instant,
  createdBy: Id,
  completedAt: Instant.nullable(),
  result: HandoverResultSchema.nullable(),
});
export type Offboarding = z.infer<typeof OffboardingSchema>;

/** One tenant's retention policy for one category (id = the category); see shared/retention.ts. */
export const RetentionPolicySchema = z.object({
  id: Id,
  category: z.enum(RETENTION_CATEGORIES),
  periodMonths: z.number().int(),
  trigger: z.enum(RETENTION_TRIGGERS),
  action: z.enum(RETENTION_ACTIONS),
  enabled: z.boolean(),
  updatedAt: Instant,
  updatedBy: Id,
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

/** A legal hold: while it is in force (not released), nothing of its subject is disposed of. */
export const LEGAL_HOLD_SUBJECTS = ['employee', 'contact', 'customer'] as const;
export const LegalHoldSchema = z.object({
  id: Id,
  subjectType: z.enum(LEGAL_HOLD_SUBJECTS),
  subjectId: Id,
  reason: z.string().min(1).max(500),
  placedBy: Id,
  placedAt: Instant,
  releasedAt: Instant.nullable(),
  releasedBy: Id.nullable(),
  releaseReason: z.string().max(500).nullable(),
});
export type LegalHold = z.infer<typeof LegalHoldSchema>;

/**
 * A year's PRC holiday schedule imported by an officer (id = the year), replacing the built-in
 * one for that year (shared/holidays.ts). Scoped to the compliance roles, who count deadlines.
 */
export const HolidayCalendarSchema = HolidayScheduleSchema.extend({
  id: Id,
  importedAt: Instant,
  importedBy: Id,
});
export type HolidayCalendarRow = z.infer<typeof HolidayCalendarSchema>;

/** Every synced entity, in the order the pull applies them within a version tie (never happens: versions are unique). */
export const ENTITY_SCHEMAS = {
  department: DepartmentSchema,
  employee: EmployeeSchema,
  adminRoleAssignment: AdminRoleAssignmentSchema,
  customer: CustomerSchema,
  contact: ContactSchema,
  followUp: FollowUpSchema,
  approval: ApprovalSchema,
  approvalTask: ApprovalTaskSchema,
  consentRecord: ConsentRecordSchema,
  offboarding: OffboardingSchema,
  retentionPolicy: RetentionPolicySchema,
  legalHold: LegalHoldSchema,
  holidayCalendar: HolidayCalendarSchema,
  dataSubjectRequest: DataSubjectRequestSchema,
  securityIncident: SecurityIncidentSchema,
} as const;
export type EntityName = keyof typeof ENTITY_SCHEMAS;
export const ENTITY_NAMES = Object.keys(ENTITY_SCHEMAS) as EntityName[];
export type EntityOf<E extends EntityName> = z.infer<(typeof ENTITY_SCHEMAS)[E]>;

export const SessionUserSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;
