import { pgTable, text, bigint, boolean, integer, jsonb, timestamp, primaryKey, index, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * The cloud's schema. Every synced row carries `version`: the tenant's counter at its last
 * change, bumped in the same transaction as the write (see cloud/sync/versioning.ts), and a
 * `deleted` tombstone flag. Change it, then run `npm run db:generate`.
 */
export const tenant = pgTable('tenant', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Per-tenant change counter; never a global sequence, so commits cannot appear out of order. */
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  /** Head of the audit chain: last event's sequence number and hash. */
  auditSeq: bigint('audit_seq', { mode: 'number' }).notNull().default(0),
  auditHash: text('audit_hash').notNull().default(''),
  /**
   * Bumped when departments move or merge: an org admin's visible set may then change without
   * its rows changing, so the scope fingerprint includes this and their consoles resync.
   */
  treeEpoch: integer('tree_epoch').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const adminUser = pgTable(
  'admin_user',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull().references(() => tenant.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['super_admin', 'org_admin', 'compliance_officer', 'auditor'] }).notNull(),
    disabled: boolean('disabled').notNull().default(false),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [uniqueIndex('admin_user_email_uq').on(t.email)],
);

export const refreshToken = pgTable(
  'refresh_token',
  {
    /** SHA-256 of the token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => adminUser.id),
    /** Every token rotated from one sign-in shares a family; reusing a revoked token revokes the family. */
    familyId: text('family_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('refresh_token_user_idx').on(t.userId), index('refresh_token_family_idx').on(t.familyId)],
);

/**
 * Columns every synced entity table has besides its own fields (whose JS keys are the shared
 * schema's field names, so a row maps onto the wire format by picking keys).
 * - `version`: the tenant's counter at the row's last change.
 * - `fieldVersions`: per field, the version and client that last changed it; push uses it to
 *   tell a real conflict (changed by someone else since the command's base) from a merge.
 * - `scope`: the departments that make the row visible to an org admin. NULL: visible to every
 *   role (the public customer pool); empty: only to tenant-wide roles.
 */
export type FieldVersions = Record<string, { v: number; c: string | null }>;
const synced = () => ({
  tenantId: text('tenant_id').notNull().references(() => tenant.id),
  id: text('id').notNull(),
  version: bigint('version', { mode: 'number' }).notNull(),
  deleted: boolean('deleted').notNull().default(false),
  fieldVersions: jsonb('field_versions').$type<FieldVersions>().notNull().default({}),
  scope: text('scope').array(),
});
const syncedIndexes = (name: string) => (t: { tenantId: AnyPgColumn; id: AnyPgColumn; version: AnyPgColumn }) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
  uniqueIndex(`${name}_version_uq`).on(t.tenantId, t.version),
];

export const department = pgTable(
  'department',
  {
    ...synced(),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    managerId: text('manager_id'),
  },
  syncedIndexes('department'),
);

export const employee = pgTable(
  'employee',
  {
    ...synced(),
    /** Cloud bookkeeping: when retention anonymised (or, before a tombstone, cleared) this row. Not synced. */
    anonymisedAt: text('anonymised_at'),
    name: text('name').notNull(),
    pinyin: text('pinyin').notNull().default(''),
    employeeNo: text('employee_no').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    title: text('title'),
    rank: text('rank'),
    departmentIds: jsonb('department_ids').$type<string[]>().notNull(),
    primaryDepartmentId: text('primary_department_id'),
    managerId: text('manager_id'),
    hireDate: text('hire_date'),
    status: text('status', { enum: ['active', 'suspended', 'departed'] }).notNull(),
    lastWorkingDay: text('last_working_day'),
    departedAt: text('departed_at'),
    idNumber: text('id_number'),
    gender: text('gender'),
    birthDate: text('birth_date'),
    address: text('address'),
  },
  (t) => [...syncedIndexes('employee')(t), uniqueIndex('employee_no_uq').on(t.tenantId, t.employeeNo)],
);

export const adminRoleAssignment = pgTable(
  'admin_role_assignment',
  {
    ...synced(),
    userId: text('user_id').notNull(),
    employeeId: text('employee_id'),
    role: text('role', { enum: ['super_admin', 'org_admin', 'compliance_officer', 'auditor'] }).notNull(),
    scopeDepartmentIds: jsonb('scope_department_ids').$type<string[]>().notNull(),
  },
  (t) => [...syncedIndexes('admin_role_assignment')(t), index('admin_role_assignment_user_idx').on(t.tenantId, t.userId)],
);

export const customer = pgTable(
  'customer',
  {
    ...synced(),
    name: text('name').notNull(),
    ownerEmployeeId: text('owner_employee_id'),
    industry: text('industry'),
    status: text('status', { enum: ['lead', 'active', 'inactive', 'lost'] }).notNull(),
    createdAt: text('created_at').notNull(),
    lastActivityAt: text('last_activity_at'),
  },
  (t) => [...syncedIndexes('customer')(t), index('customer_owner_idx').on(t.tenantId, t.ownerEmployeeId)],
);

export const contact = pgTable(
  'contact',
  {
    ...synced(),
    /** Cloud bookkeeping: when retention anonymised (or, before a tombstone, cleared) this row. Not synced. */
    anonymisedAt: text('anonymised_at'),
    customerId: text('customer_id').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    wechat: text('wechat'),
    title: text('title'),
    address: text('address'),
  },
  (t) => [...syncedIndexes('contact')(t), index('contact_customer_idx').on(t.tenantId, t.customerId)],
);

export const followUp = pgTable(
  'follow_up',
  {
    ...synced(),
    /** Cloud bookkeeping: when retention anonymised (or, before a tombstone, cleared) this row. Not synced. */
    anonymisedAt: text('anonymised_at'),
    customerId: text('customer_id').notNull(),
    employeeId: text('employee_id'),
    at: text('at').notNull(),
    content: text('content').notNull(),
  },
  (t) => [...syncedIndexes('follow_up')(t), index('follow_up_customer_idx').on(t.tenantId, t.customerId)],
);

export const approval = pgTable(
  'approval',
  {
    ...synced(),
    /** Cloud bookkeeping: when retention anonymised (or, before a tombstone, cleared) this row. Not synced. */
    anonymisedAt: text('anonymised_at'),
    templateType: text('template_type', { enum: ['leave', 'expense', 'purchase', 'contract', 'travel'] }).notNull(),
    title: text('title').notNull(),
    applicantId: text('applicant_id').notNull(),
    status: text('status', { enum: ['in_progress', 'approved', 'rejected', 'withdrawn'] }).notNull(),
    formData: jsonb('form_data').$type<Record<string, string | number | boolean | null>>().notNull(),
    createdAt: text('created_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [...syncedIndexes('approval')(t), index('approval_applicant_idx').on(t.tenantId, t.applicantId)],
);

export const approvalTask = pgTable(
  'approval_task',
  {
    ...synced(),
    approvalId: text('approval_id').notNull(),
    step: integer('step').notNull(),
    approverId: text('approver_id').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'rejected', 'transferred', 'skipped'] }).notNull(),
    actedAt: text('acted_at'),
  },
  (t) => [
    ...syncedIndexes('approval_task')(t),
    index('approval_task_approval_idx').on(t.tenantId, t.approvalId),
    index('approval_task_approver_idx').on(t.tenantId, t.approverId),
  ],
);

export const consentRecord = pgTable(
  'consent_record',
  {
    ...synced(),
    /** Cloud bookkeeping: when retention anonymised (or, before a tombstone, cleared) this row. Not synced. */
    anonymisedAt: text('anonymised_at'),
    subjectType: text('subject_type', { enum: ['employee', 'contact'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    purpose: text('purpose').notNull(),
    granted: boolean('granted').notNull(),
    at: text('at').notNull(),
    channel: text('channel'),
  },
  (t) => [...syncedIndexes('consent_record')(t), index('consent_record_subject_idx').on(t.tenantId, t.subjectId)],
);

/** Offboardings (see shared/domain.ts). Scheduled ones are the cloud's job queue for handovers. */
export const offboarding = pgTable(
  'offboarding',
  {
    ...synced(),
    employeeId: text('employee_id').notNull(),
    lastWorkingDay: text('last_working_day').notNull(),
    immediate: boolean('immediate').notNull(),
    status: text('status', { enum: ['scheduled', 'completed', 'failed', 'cancelled', 'rehired'] }).notNull(),
    plan: jsonb('plan').notNull(),
    seen: jsonb('seen').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    completedAt: text('completed_at'),
    result: jsonb('result'),
  },
  (t) => [
    ...syncedIndexes('offboarding')(t),
    index('offboarding_employee_idx').on(t.tenantId, t.employeeId),
    index('offboarding_due_idx').on(t.status, t.lastWorkingDay),
  ],
);

/** Retention policies, one row per tenant and category (id = category). */
export const retentionPolicy = pgTable(
  'retention_policy',
  {
    ...synced(),
    category: text('category').notNull(),
    periodMonths: integer('period_months').notNull(),
    trigger: text('trigger').notNull(),
    action: text('action').notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [...syncedIndexes('retention_policy')(t)],
);

export const legalHold = pgTable(
  'legal_hold',
  {
    ...synced(),
    subjectType: text('subject_type', { enum: ['employee', 'contact', 'customer'] }).notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: text('placed_at').notNull(),
    releasedAt: text('released_at'),
    releasedBy: text('released_by'),
    releaseReason: text('release_reason'),
  },
  (t) => [...syncedIndexes('legal_hold')(t), index('legal_hold_subject_idx').on(t.tenantId, t.subjectType, t.subjectId)],
);

/** Imported PRC holiday schedules, one row per tenant and year (id = the year; shared/holidays.ts); scoped to '@compliance'. */
export const holidayCalendar = pgTable(
  'holiday_calendar',
  {
    ...synced(),
    year: integer('year').notNull(),
    entries: jsonb('entries').notNull(),
    notice: text('notice'),
    importedAt: text('imported_at').notNull(),
    importedBy: text('imported_by').notNull(),
  },
  (t) => [...syncedIndexes('holiday_calendar')(t)],
);

/** Data-subject requests (shared/requests.ts); scoped to '@compliance' so only tenant-wide compliance roles pull them. */
export const dataSubjectRequest = pgTable(
  'data_subject_request',
  {
    ...synced(),
    reference: text('reference').notNull(),
    type: text('type').notNull(),
    subjectType: text('subject_type', { enum: ['employee', 'contact', 'unmatched'] }).notNull(),
    subjectId: text('subject_id'),
    identifiers: jsonb('identifiers').notNull(),
    language: text('language').notNull(),
    channel: text('channel').notNull(),
    receivedOn: text('received_on').notNull(),
    regime: text('regime').notNull(),
    dueOn: text('due_on').notNull(),
    extendedDueOn: text('extended_due_on'),
    extensionReason: text('extension_reason'),
    assigneeId: text('assignee_id'),
    status: text('status').notNull(),
    notes: text('notes').notNull(),
    verification: jsonb('verification'),
    refusal: jsonb('refusal'),
    repeatFee: boolean('repeat_fee').notNull(),
    fulfilment: jsonb('fulfilment'),
    delivery: jsonb('delivery'),
    history: jsonb('history').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [...syncedIndexes('data_subject_request')(t), index('data_subject_request_subject_idx').on(t.tenantId, t.subjectType, t.subjectId)],
);

/** Security incidents (shared/incidents.ts); scoped to '@registers': tenant-wide roles pull them (auditors read), org admins never. */
export const securityIncident = pgTable(
  'security_incident',
  {
    ...synced(),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    discoveredAt: text('discovered_at').notNull(),
    timeZone: text('time_zone').notNull(),
    occurredFrom: text('occurred_from'),
    occurredTo: text('occurred_to'),
    description: text('description').notNull(),
    cause: text('cause').notNull(),
    systems: jsonb('systems').notNull(),
    fields: jsonb('fields').notNull(),
    sensitive: boolean('sensitive').notNull(),
    euSubjects: boolean('eu_subjects').notNull(),
    regulatorHours: integer('regulator_hours'),
    noticeDays: integer('notice_days').notNull(),
    ownerId: text('owner_id'),
    status: text('status').notNull(),
    regulatorDueAt: text('regulator_due_at'),
    noticesDueOn: text('notices_due_on').notNull(),
    affected: jsonb('affected').notNull(),
    affectedCriteria: jsonb('affected_criteria'),
    items: jsonb('items').notNull(),
    deliveries: jsonb('deliveries').notNull(),
    announcement: jsonb('announcement'),
    regulatorReport: jsonb('regulator_report'),
    history: jsonb('history').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [...syncedIndexes('security_incident')(t)],
);

/**
 * Every pushed command's outcome, keyed by its mutation id: a replayed id answers this stored
 * result and has no second effect. Rejections are stored too, so a replay cannot flip one.
 */
export const commandLog = pgTable(
  'command_log',
  {
    tenantId: text('tenant_id').notNull().references(() => tenant.id),
    mutationId: text('mutation_id').notNull(),
    userId: text('user_id').notNull(),
    clientId: text('client_id').notNull(),
    name: text('name').notNull(),
    result: jsonb('result').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.mutationId] })],
);

/**
 * The tenant's audit trail. Each event's hash covers its content and the previous event's hash
 * (a per-tenant chain), so an edited, deleted or reordered event breaks verification.
 * `details` never holds secrets or personal values: field names, counts, ids.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    tenantId: text('tenant_id').notNull().references(() => tenant.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    /**
     * SHA-256 of the event's personal part (actor, target id, details), which its hash covers
     * instead of those values, so retention can clear them and the chain still verifies. Null:
     * an event chained before this existed (its hash covers the values themselves).
     */
    privateDigest: text('private_digest'),
    /** Set when retention cleared the personal part: what the policy's action was. */
    redaction: text('redaction', { enum: ['anonymised', 'deleted'] }),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('audit_event_action_idx').on(t.tenantId, t.action),
    index('audit_event_target_idx').on(t.tenantId, t.targetId),
    // The start-up check for chains to re-link (upgradeLegacyChains) reads this, not the table.
    index('audit_event_legacy_idx').on(t.tenantId).where(sql`${t.privateDigest} is null`),
  ],
);

/**
 * Secrets the service generates on first start and keeps across restarts (e.g. the JWT
 * signing key), so PGlite and PostgreSQL deployments behave the same.
 */
export const serviceSecret = pgTable('service_secret', {
  name: text('name').primaryKey(),
  /** base64url-encoded random bytes. */
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
