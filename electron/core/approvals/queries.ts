import type { ApprovalRow, InputOf, OutputOf } from '../../../shared/contract.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { likePattern } from '../org/queries.js';
import { readRow } from '../sync/entities.js';

type ListInput = Required<Pick<InputOf<'approvals.list'>, 'offset' | 'limit'>> & Omit<InputOf<'approvals.list'>, 'offset' | 'limit'>;

export function listApprovals(db: CacheDb, input: ListInput): OutputOf<'approvals.list'> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.search) {
    const p = likePattern(input.search);
    where.push(`(lower(a.title) LIKE ? ESCAPE '\\' OR lower(coalesce(e.name, '')) LIKE ? ESCAPE '\\' OR a.id = ?)`);
    params.push(p, p, input.search);
  }
  if (input.status) {
    where.push('a.status = ?');
    params.push(input.status);
  }
  if (input.templateType) {
    where.push('a.template_type = ?');
    params.push(input.templateType);
  }
  if (input.pendingFor) {
    where.push("EXISTS (SELECT 1 FROM approval_task t WHERE t.approval_id = a.id AND t.approver_id = ? AND t.status = 'pending')");
    params.push(input.pendingFor);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const from = `FROM approval a LEFT JOIN employee e ON e.id = a.applicant_id ${filter}`;
  const sqlite = db.$client;
  const total = (sqlite.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = sqlite
    .prepare(
      `SELECT a.id, a.template_type AS templateType, a.title, a.status, a.created_at AS createdAt, a.applicant_id AS applicantId, e.name AS applicantName,
              (SELECT count(*) FROM approval_task t WHERE t.approval_id = a.id AND t.status = 'pending') AS pendingTasks
       ${from} ORDER BY a.created_at DESC, a.id LIMIT ? OFFSET ?`,
    )
    .all(...params, input.limit, input.offset) as ApprovalRow[];
  return { total, rows };
}

export function getApproval(db: CacheDb, id: string): OutputOf<'approvals.get'> {
  const row = readRow(db, 'approval', id);
  if (!row) throw new CustosError('NOT_FOUND', 'This approval is not in the cache.');
  const sqlite = db.$client;
  const data = row.data as Omit<OutputOf<'approvals.get'>['approval'], 'applicantName'>;
  const applicantName = (sqlite.prepare('SELECT name FROM employee WHERE id = ?').get(data.applicantId) as { name: string } | undefined)?.name ?? null;
  const tasks = sqlite
    .prepare(
      `SELECT t.id, t.approval_id AS approvalId, t.step, t.approver_id AS approverId, t.status, t.acted_at AS actedAt, e.name AS approverName
       FROM approval_task t LEFT JOIN employee e ON e.id = t.approver_id WHERE t.approval_id = ? ORDER BY t.step, t.id`,
    )
    .all(id) as OutputOf<'approvals.get'>['tasks'];
  return { approval: { ...data, applicantName }, tasks };
}
