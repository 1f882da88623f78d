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
