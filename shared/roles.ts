import { z } from 'zod';

/** Admin roles, as enforced by the cloud and reflected in the console. */
export const ROLES = ['super_admin', 'org_admin', 'compliance_officer', 'auditor'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
