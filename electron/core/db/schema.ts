import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';

/**
 * The local cache schema. The cloud is the source of truth; these tables mirror what the
 * signed-in admin may see, plus the client's own state (settings, sync cursor).
 * Change it, then run `npm run db:generate` to write a migration into migrations/.
 */

/** Key/value settings of this console (language, session tokens, cloud URL). */
export const setting = sqliteTable('setting', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One row: where the pull loop stands. Written in the same transaction as each applied page. */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  tenantId: text('tenant_id'),
  cursor: integer('cursor').notNull().default(0),
  lastSyncedAt: text('last_synced_at'),
  /** The scope fingerprint the cursor was built under; a different one from the cloud means reset. */
  scope: text('scope').notNull().default(''),
});

export const department = sqliteTable(
  'department',
  {
    id: text('id').primaryKey(),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    managerId: text('manager_id'),
    version: integer('version').notNull(),
  },
  (t) => [index('department_parent_idx').on(t.parentId, t.sort)],
);

export const employee = sqliteTable(
  'employee',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    pinyin: text('pinyin').notNull().default(''),
    employeeNo: text('employee_no').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    title: text('title'),
    rank: text('rank'),
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
    version: integer('version').notNull(),
  },
  (t) => [index('employee_no_idx').on(t.employeeNo)],
);

/** An employee's departments (one primary); rebuilt whenever the employee row is applied. */
export const employeeDepartment = sqliteTable(
  'employee_department',
  {
    employeeId: text('employee_id').notNull(),
    departmentId: text('department_id').notNull(),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.departmentId] }), index('employee_department_dept_idx').on(t.departmentId)],
);

/**
 * One lower-cased search string per employee (name, pinyin with and without spaces, initials,
 * employee no., mobile digits with and without the country code, email), kept with the row in
 * sync/entities.ts, so a tenant-wide search is one LIKE over one column.
 */
export const employeeSearch = sqliteTable('employee_search', {
  employeeId: text('employee_id').primaryKey(),
  terms: text('terms').notNull(),
});

export const adminRoleAssignment = sqliteTable('admin_role_assignment', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull(),
  employeeId: text('employee_id'),
  role: text('role').notNull(),
  /** JSON array of department ids. */
  scopeDepartmentIds: text('scope_department_ids').notNull(),
  version: integer('version').notNull(),
});

export const customer = sqliteTable(
  'customer',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    ownerEmployeeId: text('owner_employee_id'),
    industry: text('industry'),
    status: text('status').notNull(),
    createdAt: text('created_at').notNull(),
    lastActivityAt: text('last_activity_at'),
    version: integer('version').notNull(),
  },
  (t) => [index('customer_owner_idx').on(t.ownerEmployeeId), index('customer_name_idx').on(t.name)],
);

export const contact = sqliteTable(
  'contact',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    name: text('name').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    wechat: text('wechat'),
    title: text('title'),
    address: text('address'),
    version: integer('version').notNull(),
  },
  (t) => [index('contact_customer_idx').on(t.customerId)],
);

export const followUp = sqliteTable(
  'follow_up',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    employeeId: text('employee_id'),
    at: text('at').notNull(),
    content: text('content').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('follow_up_customer_idx').on(t.customerId, t.at), index('follow_up_employee_idx').on(t.employeeId)],
);

export const approval = sqliteTable(
  'approval',
  {
    id: text('id').primaryKey(),
    templateType: text('template_type').notNull(),
    title: text('title').notNull(),
    applicantId: text('applicant_id').notNull(),
    status: text('status').notNull(),
    /** JSON object. */
    formData: text('form_data').notNull(),
    createdAt: text('created_at').notNull(),
    closedAt: text('closed_at'),
    version: integer('version').notNull(),
  },
  (t) => [index('approval_applicant_idx').on(t.applicantId), index('approval_created_idx').on(t.createdAt)],
);

export const approvalTask = sqliteTable(
  'approval_task',
  {
    id: text('id').primaryKey(),
    approvalId: text('approval_id').notNull(),
    step: integer('step').notNull(),
    approverId: text('approver_id').notNull(),
    status: text('status').notNull(),
    actedAt: text('acted_at'),
    version: integer('version').notNull(),
  },
  (t) => [index('approval_task_approval_idx').on(t.approvalId, t.step), index('approval_task_approver_idx').on(t.approverId, t.status)],
);

export const consentRecord = sqliteTable(
  'consent_record',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    purpose: text('purpose').notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    at: text('at').notNull(),
    channel: text('channel'),
    version: integer('version').notNull(),
  },
  (t) => [index('consent_subject_idx').on(t.subjectType, t.subjectId)],
);

export const offboarding = sqliteTable(
  'offboarding',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    lastWorkingDay: text('last_working_day').notNull(),
    immediate: integer('immediate', { mode: 'boolean' }).notNull(),
    status: text('status').notNull(),
    /** JSON: HandoverPlan. */
    plan: text('plan').notNull(),
    /** JSON: the ids the admin's preview showed. */
    seen: text('seen').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    completedAt: text('completed_at'),
    /** JSON: HandoverResult. */
    result: text('result'),
    version: integer('version').notNull(),
  },
  (t) => [index('offboarding_employee_idx').on(t.employeeId)],
);

export const retentionPolicy = sqliteTable('retention_policy', {
  id: text('id').primaryKey(),
  category: text('category').notNull(),
  periodMonths: integer('period_months').notNull(),
  trigger: text('trigger').notNull(),
  action: text('action').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  version: integer('version').notNull(),
});

export const legalHold = sqliteTable(
  'legal_hold',
  {
    id: text('id').primaryKey(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    reason: text('reason').notNull(),
    placedBy: text('placed_by').notNull(),
    placedAt: text('placed_at').notNull(),
    releasedAt: text('released_at'),
    releasedBy: text('released_by'),
    releaseReason: text('release_reason'),
    version: integer('version').notNull(),
  },
  (t) => [index('legal_hold_subject_idx').on(t.subjectType, t.subjectId)],
);

/** Imported PRC holiday schedules (id = the year; compliance officers and super admins only; see shared/holidays.ts). */
export const holidayCalendar = sqliteTable('holiday_calendar', {
  id: text('id').primaryKey(),
  year: integer('year').notNull(),
  /** JSON: HolidayEntry[]. */
  entries: text('entries').notNull(),
  notice: text('notice'),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
  version: integer('version').notNull(),
});

/** Data-subject requests (compliance officers and super admins only; see shared/requests.ts). */
export const dataSubjectRequest = sqliteTable(
  'data_subject_request',
  {
    id: text('id').primaryKey(),
    reference: text('reference').notNull(),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    identifiers: text('identifiers').notNull(),
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
    verification: text('verification'),
    refusal: text('refusal'),
    repeatFee: integer('repeat_fee', { mode: 'boolean' }).notNull(),
    fulfilment: text('fulfilment'),
    delivery: text('delivery'),
    history: text('history').notNull(),
    createdAt: text('created_at').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [index('data_subject_request_subject_idx').on(t.subjectType, t.subjectId)],
);

/** Security incidents (tenant-wide roles only; see shared/incidents.ts). JSON columns: systems, fields, affected, affected_criteria, items, deliveries, announcement, regulator_report, history. */
export const securityIncident = sqliteTable('security_incident', {
  id: text('id').primaryKey(),
  reference: text('reference').notNull(),
  title: text('title').notNull(),
  discoveredAt: text('discovered_at').notNull(),
  timeZone: text('time_zone').notNull(),
  occurredFrom: text('occurred_from'),
  occurredTo: text('occurred_to'),
  description: text('description').notNull(),
  cause: text('cause').notNull(),
  systems: text('systems').notNull(),
  fields: text('fields').notNull(),
  sensitive: integer('sensitive', { mode: 'boolean' }).notNull(),
  euSubjects: integer('eu_subjects', { mode: 'boolean' }).notNull(),
  regulatorHours: integer('regulator_hours'),
  noticeDays: integer('notice_days').notNull(),
  ownerId: text('owner_id'),
  status: text('status').notNull(),
  regulatorDueAt: text('regulator_due_at'),
  noticesDueOn: text('notices_due_on').notNull(),
  affected: text('affected').notNull(),
  affectedCriteria: text('affected_criteria'),
  items: text('items').notNull(),
  deliveries: text('deliveries').notNull(),
  announcement: text('announcement'),
  regulatorReport: text('regulator_report'),
  history: text('history').notNull(),
  createdAt: text('created_at').notNull(),
  version: integer('version').notNull(),
});

/**
 * Normalised identifiers of every employee and contact (mobile digits with and without +86,
 * lower-cased email, upper-cased ID number, name, toneless pinyin), kept with the rows by sync,
 * so a data-subject lookup is one indexed probe per identifier, not a scan.
 *
 * A plain rowid table: rows append in arrival order, and only subject_key_key_idx is ordered by
 * the (random) key. A first sync drops that index and builds it once at the end (sync/apply.ts):
 * kept up row by row, it cost a first sync of the L tenant 50 s of random B-tree writes.
 */
export const subjectKey = sqliteTable(
  'subject_key',
  {
    key: text('key').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
  },
  (t) => [index('subject_key_key_idx').on(t.key), index('subject_key_entity_idx').on(t.entity, t.entityId)],
);

/**
 * Commands waiting for the cloud, and those it rejected ("Sync issues"). Written in the same
 * transaction as the optimistic change to the cached row, so neither exists without the other.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** ULID mutation id: the cloud applies each id at most once. */
    id: text('id').notNull().unique(),
    name: text('name').notNull(),
    /** JSON: the command's arguments. */
    args: text('args').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    baseVersion: integer('base_version').notNull(),
    /** JSON: the server's values of the patched fields before this command, for rollback. */
    before: text('before').notNull(),
    status: text('status', { enum: ['pending', 'rejected'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    reason: text('reason'),
    message: text('message'),
    /** JSON array of { field, serverValue, clientValue }. */
    conflicts: text('conflicts'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.seq), index('outbox_entity_idx').on(t.entity, t.entityId)],
);
