import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Role } from '../../shared/roles.js';
import { COMPLIANCE_SCOPE } from '../../shared/requests.js';
import type { CloudExecutor } from '../db/open.js';
import { adminRoleAssignment, department, tenant } from '../db/schema.js';

/**
 * What one admin may see of a tenant. Tenant-wide roles see everything; an org admin sees the
 * department subtrees rooted at its assignment's scope, plus rows scoped to no department (the
 * public customer pool). A row's `scope` column lists the departments that make it visible.
 */
export interface Visibility {
  all: boolean;
  /** Sees rows scoped to the compliance roles (data-subject requests): super admins and compliance officers. */
  compliance: boolean;
  departments: ReadonlySet<string>;
  /** Changes when the admin's roots or the tree's shape change; a client whose cursor was built under another is reset. */
  fingerprint: string;
}

export const TENANT_WIDE: Visibility = { all: true, compliance: true, departments: new Set(), fingerprint: 'all' };
/**
 * Tenant-wide, without the compliance register, with masked fields (auditors). The fingerprint
 * names the masking: a console that cached clear values under an earlier rule is reset.
 */
const TENANT_WIDE_READER: Visibility = { all: true, compliance: false, departments: new Set(), fingerprint: 'all-reader-masked' };

/** The departments of the subtrees rooted at `roots` (roots included). */
export function subtreeOf(tree: ReadonlyArray<{ id: string; parentId: string | null }>, roots: Iterable<string>): Set<string> {
  const children = new Map<string, string[]>();
  for (const d of tree) {
    if (d.parentId === null) continue;
    const list = children.get(d.parentId);
    if (list) list.push(d.id);
    else children.set(d.parentId, [d.id]);
  }
  const known = new Set(tree.map((d) => d.id));
  const out = new Set<string>();
  const stack = [...roots].filter((r) => known.has(r));
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    for (const c of children.get(id) ?? []) stack.push(c);
  }
  return out;
}

export async function visibilityFor(exec: CloudExecutor, tenantId: string, userId: string, role: Role): Promise<Visibility> {
  if (role === 'auditor') return TENANT_WIDE_READER;
  if (role !== 'org_admin') return TENANT_WIDE;
  const assignments = await exec
    .select({ scope: adminRoleAssignment.scopeDepartmentIds })
    .from(adminRoleAssignment)
    .where(and(eq(adminRoleAssignment.tenantId, tenantId), eq(adminRoleAssignment.userId, userId), eq(adminRoleAssignment.role, 'org_admin'), eq(adminRoleAssignment.deleted, false)));
  const roots = assignments.flatMap((a) => a.scope);
  const tree = await exec
    .select({ id: department.id, parentId: department.parentId })
    .from(department)
    .where(and(eq(department.tenantId, tenantId), eq(department.deleted, false)));
  const departments = subtreeOf(tree, roots);
  const epoch = (await exec.select({ e: tenant.treeEpoch }).from(tenant).where(eq(tenant.id, tenantId)))[0]?.e ?? 0;
  // Roots and the tree's epoch, not the visible set: a department created inside the scope
  // arrives as a row; only moves and merges (which bump the epoch) change what rows are visible.
  const fingerprint = 'org:' + createHash('sha256').update(`${epoch}|${[...new Set(roots)].sort().join(',')}`).digest('base64url').slice(0, 32);
  return { all: false, compliance: false, departments, fingerprint };
}

/** Whether a row with this scope is visible. */
export function canSee(v: Visibility, scope: readonly string[] | null): boolean {
  if (scope === null) return true;
  if (scope.includes(COMPLIANCE_SCOPE)) return v.compliance;
  if (v.all) return true;
  return scope.some((d) => v.departments.has(d));
}
