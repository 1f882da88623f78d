import { csvBase64 } from '../files/csv.js';
import type { Language } from '../../../shared/contract.js';
import type { HandoverResult } from '../../../shared/domain.js';
import { CustosError } from '../../../shared/errors.js';
import type { CacheDb } from '../db/open.js';
import { renderPdf } from '../reports/pdf.js';

/**
 * The handover report of a completed offboarding: every record handed over and to whom, for the
 * successors and the leaver's manager; as CSV (formula-safe) or PDF, in the console's language.
 */
const TEXT = {
  en: {
    title: 'Handover report', employee: 'Employee', lastDay: 'Last working day', completed: 'Completed', status: 'Status', items: 'Items',
    handedOver: 'Handed over', notHandedOver: 'Left alone (changed by someone else meanwhile)', category: 'Category', record: 'Record', to: 'Taken over by', reason: 'Reason',
    customer: 'Customer', approvalTask: 'Approval task', department: 'Department managed', employeeCat: 'Direct report', adminRoleAssignment: 'Admin role', approval: 'Own approval in progress',
    pool: 'Public pool', noManager: 'No manager', revoked: 'Revoked', stays: 'Stays with its approvers', step: 'step',
    reassigned: 'Reassigned', gone: 'Deleted', closed: 'Closed', footer: 'Custos handover report', notCompleted: 'This offboarding has not been completed.',
  },
  'zh-CN': {
    title: '交接报告', employee: '员工', lastDay: '最后工作日', completed: '完成时间', status: '状态', items: '条目',
    handedOver: '已交接', notHandedOver: '未交接（期间已被他人变更）', category: '类别', record: '记录', to: '接收人', reason: '原因',
    customer: '客户', approvalTask: '审批待办', department: '负责的部门', employeeCat: '直属下级', adminRoleAssignment: '管理员角色', approval: '本人发起的审批（进行中）',
    pool: '公海', noManager: '无上级', revoked: '已撤销', stays: '由原审批人继续处理', step: '步骤',
    reassigned: '已被转交', gone: '已删除', closed: '已处理', footer: 'Custos 交接报告', notCompleted: '该离职办理尚未完成。',
  },
  fr: {
    title: 'Rapport de passation', employee: 'Salarié', lastDay: 'Dernier jour travaillé', completed: 'Terminé le', status: 'Statut', items: 'Éléments',
    handedOver: 'Transmis', notHandedOver: 'Non transmis (modifié entre-temps par quelqu’un d’autre)', category: 'Catégorie', record: 'Élément', to: 'Repris par', reason: 'Motif',
    customer: 'Client', approvalTask: 'Tâche d’approbation', department: 'Département dirigé', employeeCat: 'Collaborateur direct', adminRoleAssignment: 'Rôle d’administration', approval: 'Demande en cours du salarié',
    pool: 'Portefeuille commun', noManager: 'Sans responsable', revoked: 'Révoqué', stays: 'Reste à ses approbateurs', step: 'étape',
    reassigned: 'Réattribué', gone: 'Supprimé', closed: 'Traité', footer: 'Rapport de passation Custos', notCompleted: 'Ce départ n’est pas terminé.',
  },
} as const satisfies Record<Language, Record<string, string>>;

type Text = (typeof TEXT)['en'];
const one = <T>(db: CacheDb, sqlText: string, ...params: unknown[]) => db.$client.prepare(sqlText).get(...params) as T | undefined;

interface ReportLine {
  category: string;
  recordId: string;
  record: string;
  toId: string;
  to: string;
}

function personName(db: CacheDb, id: string | null): string | null {
  if (!id) return null;
  const e = one<{ name: string; no: string }>(db, 'SELECT name, employee_no AS no FROM employee WHERE id = ?', id);
  return e ? `${e.name} (${e.no})` : id;
}

function describe(db: CacheDb, t: Text, item: HandoverResult['items'][number]): ReportLine {
  const name = (sqlText: string) => one<{ v: string }>(db, sqlText, item.id)?.v ?? item.id;
  const to = personName(db, item.to);
  switch (item.entity) {
    case 'customer':
      return { category: t.customer, recordId: item.id, record: name('SELECT name AS v FROM customer WHERE id = ?'), toId: item.to ?? '', to: to ?? t.pool };
    case 'approvalTask': {
      const task = one<{ title: string; step: number }>(db, 'SELECT a.title, t.step FROM approval_task t JOIN approval a ON a.id = t.approval_id WHERE t.id = ?', item.id);
      return { category: t.approvalTask, recordId: item.id, record: task ? `${task.title} (${t.step} ${task.step})` : item.id, toId: item.to ?? '', to: to ?? '' };
    }
    case 'department':
      return { category: t.department, recordId: item.id, record: name('SELECT name AS v FROM department WHERE id = ?'), toId: item.to ?? '', to: to ?? t.noManager };
    case 'employee':
      return { category: t.employeeCat, recordId: item.id, record: personName(db, item.id) ?? item.id, toId: item.to ?? '', to: to ?? t.noManager };
    case 'adminRoleAssignment':
      return { category: t.adminRoleAssignment, recordId: item.id, record: item.id, toId: '', to: t.revoked };
    case 'approval':
      return { category: t.approval, recordId: item.id, record: name('SELECT title AS v FROM approval WHERE id = ?'), toId: '', to: t.stays };
  }
}

export async function handoverReport(db: CacheDb, id: string, format: 'csv' | 'pdf', language: Language): Promise<{ fileName: string; mime: string; contentBase64: string; items: number }> {
  const t = TEXT[language] as Text;
  const off = one<{ employeeId: string; lastWorkingDay: string; status: string; completedAt: string | null; result: string | null }>(
    db,
    'SELECT employee_id AS employeeId, last_working_day AS lastWorkingDay, status, completed_at AS completedAt, result FROM offboarding WHERE id = ?',
    id,
  );
  if (!off) throw new CustosError('NOT_FOUND', 'No such offboarding.');
  if (!off.result || (off.status !== 'completed' && off.status !== 'rehired')) throw new CustosError('INVALID_INPUT', t.notCompleted, [{ path: 'id', message: 'not_completed' }]);
  const result = JSON.parse(off.result) as HandoverResult;
  const lines = result.items.map((item) => describe(db, t, item));
  const leaver = personName(db, off.employeeId) ?? off.employeeId;
  const employeeNo = one<{ no: string }>(db, 'SELECT employee_no AS no FROM employee WHERE id = ?', off.employeeId)?.no ?? off.employeeId;
  const base = `handover-${employeeNo.replace(/[^\w.-]+/g, '_')}-${off.lastWorkingDay}`;

  if (format === 'csv') {
    const rows = lines.map((l) => [l.category, l.recordId, l.record, l.toId, l.to]);
    return { fileName: `${base}.csv`, mime: 'text/csv', contentBase64: csvBase64([t.category, 'ID', t.record, `${t.to} ID`, t.to], rows), items: lines.length };
  }
  const reasons: Record<string, string> = { reassigned: t.reassigned, gone: t.gone, closed: t.closed };
  const pdf = await renderPdf({
    title: `${t.title} — ${leaver}`,
    lang: language,
    facts: [
      [t.employee, leaver],
      [t.lastDay, off.lastWorkingDay],
      [t.completed, off.completedAt ? off.completedAt.slice(0, 16).replace('T', ' ') : ''],
      [t.items, String(lines.length)],
    ],
    tables: [
      { heading: t.handedOver, columns: [t.category, t.record, t.to], widths: [2, 4, 3], rows: lines.map((l) => [l.category, l.record, l.to]) },
      ...(result.skipped.length > 0
        ? [{ heading: t.notHandedOver, columns: [t.category, 'ID', t.reason], widths: [2, 4, 3], rows: result.skipped.map((s) => [s.entity === 'customer' ? t.customer : t.approvalTask, s.id, reasons[s.reason] ?? s.reason]) }]
        : []),
    ],
    footer: t.footer,
  });
  return { fileName: `${base}.pdf`, mime: 'application/pdf', contentBase64: pdf.toString('base64'), items: lines.length };
}
