import { and, asc, count, eq, gt } from 'drizzle-orm';
import type { Change, PullPage } from '../../shared/cloud-protocol.js';
import { CustosError } from '../../shared/errors.js';
import type { CloudDb } from '../db/open.js';
import { department, employee, tenant } from '../db/schema.js';

type DepartmentRow = typeof department.$inferSelect;
type EmployeeRow = typeof employee.$inferSelect;

function departmentChange(r: DepartmentRow): Change {
  return {
    entity: 'department',
    id: r.id,
    version: Number(r.version),
    deleted: r.deleted,
    data: r.deleted ? null : { id: r.id, parentId: r.parentId, name: r.name, sort: r.sort, managerId: r.managerId },
  };
}

function employeeChange(r: EmployeeRow): Change {
  return {
    entity: 'employee',
    id: r.id,
    version: Number(r.version),
    deleted: r.deleted,
    data: r.deleted
      ? null
      : {
          id: r.id,
          name: r.name,
          pinyin: r.pinyin,
          employeeNo: r.employeeNo,
          mobile: r.mobile,
          email: r.email,
          title: r.title,
          rank: r.rank,
          departmentIds: r.departmentIds,
          primaryDepartmentId: r.primaryDepartmentId,
          managerId: r.managerId,
          hireDate: r.hireDate,
          status: r.status,
          lastWorkingDay: r.lastWorkingDay,
          departedAt: r.departedAt,
          idNumber: r.idNumber,
          gender: r.gender,
          birthDate: r.birthDate,
          address: r.address,
        },
  };
}

/**
 * Reads one page of changes after `cursor` for a tenant, in one REPEATABLE READ snapshot so
 * `head`, the rows and `remaining` agree. Every row has a unique version within its tenant, so
 * `to` (the last version sent) is an exact resume point. When nothing remains, `to` is `head`.
 */
export async function pullChanges(db: CloudDb, tenantId: string, cursor: number, limit: number): Promise<PullPage> {
  return db.transaction(
    async (tx) => {
      const t = await tx.select({ version: tenant.version }).from(tenant).where(eq(tenant.id, tenantId));
      const head = t[0] ? Number(t[0].version) : null;
      if (head === null) throw new CustosError('NOT_FOUND', 'Tenant not found.');
      if (cursor > head) {
        return { kind: 'reset', reason: 'cursor is ahead of the server; the tenant was restored or recreated' } as const;
      }
      const [deps, emps] = await Promise.all([
        tx
          .select()
          .from(department)
          .where(and(eq(department.tenantId, tenantId), gt(department.version, cursor)))
          .orderBy(asc(department.version))
          .limit(limit),
        tx
          .select()
          .from(employee)
          .where(and(eq(employee.tenantId, tenantId), gt(employee.version, cursor)))
          .orderBy(asc(employee.version))
          .limit(limit),
      ]);
      // Merge the two version-ordered lists and keep the first `limit` changes.
      const changes: Change[] = [];
      let i = 0;
      let j = 0;
      while (changes.length < limit && (i < deps.length || j < emps.length)) {
        const d = deps[i];
        const e = emps[j];
        if (d && (!e || Number(d.version) < Number(e.version))) {
          changes.push(departmentChange(d));
          i++;
        } else if (e) {
          changes.push(employeeChange(e));
          j++;
        }
      }
      const last = changes.at(-1);
      let to = last ? last.version : head;
      let remaining = 0;
      if (last) {
        const [dc, ec] = await Promise.all([
          tx
            .select({ n: count() })
            .from(department)
            .where(and(eq(department.tenantId, tenantId), gt(department.version, to))),
          tx
            .select({ n: count() })
            .from(employee)
            .where(and(eq(employee.tenantId, tenantId), gt(employee.version, to))),
        ]);
        remaining = Number(dc[0]?.n ?? 0) + Number(ec[0]?.n ?? 0);
      }
      if (remaining === 0) to = head;
      return { kind: 'page', tenantId, from: cursor, to, head, remaining, changes } as const;
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
