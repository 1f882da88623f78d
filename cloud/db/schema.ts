import { pgTable, text, bigint, boolean, integer, jsonb, timestamp, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';

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
  (t) => [index('refresh_token_user_idx').on(t.userId)],
);

export const department = pgTable(
  'department',
  {
    tenantId: text('tenant_id').notNull().references(() => tenant.id),
    id: text('id').notNull(),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    sort: integer('sort').notNull().default(0),
    managerId: text('manager_id'),
    version: bigint('version', { mode: 'number' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('department_version_idx').on(t.tenantId, t.version)],
);

export const employee = pgTable(
  'employee',
  {
    tenantId: text('tenant_id').notNull().references(() => tenant.id),
    id: text('id').notNull(),
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
    version: bigint('version', { mode: 'number' }).notNull(),
    deleted: boolean('deleted').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('employee_version_idx').on(t.tenantId, t.version),
    uniqueIndex('employee_no_uq').on(t.tenantId, t.employeeNo),
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
