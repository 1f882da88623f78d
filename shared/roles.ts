import { z } from 'zod';

/** Admin roles, as enforced by the cloud and reflected in the console. */
export const ROLES = ['super_admin', 'org_admin', 'compliance_officer', 'auditor'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles that may reveal a masked personal field (each reveal audited); the others receive those fields masked. */
export const REVEALERS = ['super_admin', 'org_admin', 'compliance_officer'] as const satisfies readonly Role[];
