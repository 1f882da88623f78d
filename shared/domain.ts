import { z } from 'zod';
import { RoleSchema } from './roles.js';

export const EMPLOYEE_STATUSES = ['active', 'suspended', 'departed'] as const;
export const EmployeeStatusSchema = z.enum(EMPLOYEE_STATUSES);

/** A department as synced from the cloud. */
export const DepartmentSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  sort: z.number().int(),
  managerId: z.string().nullable(),
});
export type Department = z.infer<typeof DepartmentSchema>;

/** An employee as synced from the cloud (sensitive fields included; the UI masks them). */
export const EmployeeSchema = z.object({
  id: z.string(),
  name: z.string(),
  pinyin: z.string(),
  employeeNo: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  rank: z.string().nullable(),
  departmentIds: z.array(z.string()),
  primaryDepartmentId: z.string().nullable(),
  managerId: z.string().nullable(),
  hireDate: z.string().nullable(),
  status: EmployeeStatusSchema,
  lastWorkingDay: z.string().nullable(),
  departedAt: z.string().nullable(),
  idNumber: z.string().nullable(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  address: z.string().nullable(),
});
export type Employee = z.infer<typeof EmployeeSchema>;

export const SessionUserSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
});
export type SessionUser = z.infer<typeof SessionUserSchema>;
