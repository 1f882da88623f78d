import { COMMAND_NAMES } from './commands.js';
import type { Language } from './contract.js';
import { NARROW_NBSP } from './typography.js';

/**
 * The audit log in words: every action the log (or a request's history) can hold, named and
 * told as a sentence in zh-CN, en and fr. One table for the console's Audit page, the audit
 * exports (which keep the codes and add the sentence) and the copy a data subject receives.
 * The words are filled from an event's details (ids, counts, dates, codes: never personal
 * values) and from the names the console knows for the ids it holds; an id with no name stays
 * an id. A new action without words fails to compile (AUDIT_WORDS is total over AuditAction),
 * and cloud/audit/words.test.ts checks every action the cloud writes is one of these.
 */

/** Actions written by the cloud itself, beside the commands it applies (shared/commands.ts). */
export const SYSTEM_AUDIT_ACTIONS = ['auth.signIn', 'auth.signInFailed', 'auth.signOut', 'retention.dispose', 'offboarding.run', 'audit.chainRelinked', 'audit.export', 'request.recount'] as const;
export const AUDIT_ACTIONS = [...COMMAND_NAMES, ...SYSTEM_AUDIT_ACTIONS] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

/** What a sentence is made from. */
export interface AuditFacts {
  details: Record<string, unknown>;
  /** The target as a reader knows it: its name, a request's reference, or its id. */
  target: string;
  /** A name for an id in the details (the id itself when the console holds no name). */
  name: (id: unknown) => string;
  /** A number from the details (0 when absent). */
  n: (key: string) => number;
  /** A day (YYYY-MM-DD) or an instant from the details, as the reader's console shows it. */
  day: (key: string) => string;
}

type Words = { label: string; sentence: (f: AuditFacts) => string };
type Table = Record<AuditAction, Words>;

const ROLE: Record<Language, Record<string, string>> = {
  'zh-CN': { super_admin: '超级管理员', org_admin: '组织管理员', compliance_officer: '合规专员', auditor: '审计员' },
  en: { super_admin: 'super admin', org_admin: 'org admin', compliance_officer: 'compliance officer', auditor: 'auditor' },
  fr: { super_admin: 'super administrateur', org_admin: 'administrateur d’organisation', compliance_officer: 'responsable conformité', auditor: 'auditeur' },
};
const role = (lang: Language, code: unknown) => ROLE[lang][String(code)] ?? String(code);
const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v.split(',').join(', ') : '');
const total = (v: unknown) => (v && typeof v === 'object' ? Object.values(v as Record<string, unknown>).reduce<number>((s, x) => s + (typeof x === 'number' ? x : 0), 0) : 0);

const zh: Table = {
  'department.create': { label: '创建部门', sentence: (f) => `在 ${f.name(f.details.parentId)} 下创建部门 ${f.target}` },
  'department.update': { label: '修改部门', sentence: (f) => (f.details.moved ? `移动部门 ${f.target}` : `修改部门 ${f.target}：${list(f.details.fields)}`) },
  'department.delete': { label: '删除部门', sentence: (f) => `删除部门 ${f.target}` },
  'department.merge': { label: '合并部门', sentence: (f) => `将部门 ${f.target} 并入 ${f.name(f.details.into)}（${f.n('children')} 个下级部门，${f.n('members')} 名成员）` },
  'employee.create': { label: '创建员工', sentence: (f) => `创建员工 ${f.target}（${f.n('departments')} 个部门）` },
  'employee.update': { label: '修改员工', sentence: (f) => `修改员工 ${f.target}：${list(f.details.fields)}` },
  'org.import': { label: '导入组织架构', sentence: (f) => `导入组织架构：${f.n('departments')} 个部门，${f.n('employees')} 名员工` },
  'adminRole.assign': { label: '授予管理员角色', sentence: (f) => `授予 ${f.name(f.details.employeeId)} ${role('zh-CN', f.details.role)}角色（${f.n('scopes')} 个部门范围）` },
  'adminRole.revoke': { label: '撤销管理员角色', sentence: (f) => `撤销${role('zh-CN', f.details.role)}角色` },
  'audit.reveal': { label: '查看敏感信息', sentence: (f) => `查看 ${f.target} 的敏感字段：${String(f.details.field ?? '')}` },
  'export.record': { label: '导出数据', sentence: (f) => `导出 ${f.n('rows')} 行（${String(f.details.format ?? '').toUpperCase()}）` },
  'employee.offboard': {
    label: '办理离职',
    sentence: (f) =>
      `为 ${f.name(f.details.employeeId)} 办理离职（${f.details.immediate ? '即时生效' : `最后工作日 ${f.day('lastWorkingDay')}`}）：交接 ${f.n('customer')} 个客户、${f.n('contacts')} 个联系人、${f.n('followUps')} 条跟进记录、${f.n('approvalTask')} 个审批任务`,
  },
  'offboarding.cancel': { label: '取消离职', sentence: (f) => `取消 ${f.name(f.details.employeeId)} 的离职` },
  'employee.rehire': { label: '重新入职', sentence: (f) => `${f.name(f.details.employeeId)} 重新入职` },
  'retention.setPolicy': { label: '设置保留策略', sentence: (f) => `保留策略 ${f.target}：${f.n('periodMonths')} 个月，${f.details.enabled ? '已启用' : '未启用'}` },
  'legalHold.place': { label: '设置法律保全', sentence: (f) => `对 ${f.name(f.details.subjectId)} 设置法律保全` },
  'legalHold.release': { label: '解除法律保全', sentence: (f) => `解除 ${f.name(f.details.subjectId)} 的法律保全` },
  'holidayCalendar.import': { label: '导入节假日安排', sentence: (f) => `导入 ${String(f.details.year ?? '')} 年节假日安排（${f.n('entries')} 条）；重新计算 ${list(f.details.recounted) || '0'} 个请求的期限` },
  'holidayCalendar.remove': { label: '移除节假日安排', sentence: (f) => `移除导入的 ${String(f.details.year ?? '')} 年节假日安排；重新计算 ${list(f.details.recounted) || '0'} 个请求的期限` },
  'request.register': { label: '登记权利请求', sentence: (f) => `登记权利请求 ${f.target}，答复期限 ${f.day('dueOn')}` },
  'request.update': { label: '更新权利请求', sentence: (f) => `更新权利请求 ${f.target}：${list(f.details.fields)}` },
  'request.extend': { label: '延长答复期限', sentence: (f) => `将 ${f.target} 的答复期限延长至 ${f.day('extendedDueOn')}` },
  'request.verify': { label: '核验身份', sentence: (f) => `核验 ${f.target} 请求人的身份` },
  'request.refuse': { label: '拒绝请求', sentence: (f) => `拒绝权利请求 ${f.target}` },
  'request.fulfil': { label: '完成请求', sentence: (f) => `完成权利请求 ${f.target}` },
  'request.deliver': { label: '送达答复', sentence: (f) => `送达 ${f.target} 的答复（${f.day('on')}）` },
  'subject.erase': { label: '删除个人信息', sentence: (f) => `为 ${f.target} 删除个人信息：${f.n('items')} 条记录` },
  'consent.withdraw': { label: '撤回同意', sentence: (f) => `为 ${f.target} 撤回 ${f.n('consents')} 项同意` },
  'request.pause': { label: '暂停期限计算', sentence: (f) => `自 ${f.day('from')} 起暂停 ${f.target} 的期限计算` },
  'request.resume': { label: '恢复期限计算', sentence: (f) => `恢复 ${f.target} 的期限计算：暂停 ${f.n('days')} 天，期限改为 ${f.day('dueOn')}` },
  'customer.update': { label: '修改客户', sentence: (f) => `修改客户 ${f.target}：${list(f.details.fields)}` },
  'contact.update': { label: '修改联系人', sentence: (f) => `修改联系人 ${f.target}：${list(f.details.fields)}` },
  'auth.signIn': { label: '登录', sentence: () => '登录控制台' },
  'auth.signInFailed': { label: '登录失败', sentence: (f) => `登录失败（连续 ${f.n('failures')} 次）${f.n('lockedSeconds') > 0 ? `，锁定 ${f.n('lockedSeconds')} 秒` : ''}` },
  'auth.signOut': { label: '退出登录', sentence: () => '退出控制台' },
  'retention.dispose': { label: '执行保留策略', sentence: (f) => `执行保留策略：处理 ${total(f.details.counts)} 条记录` },
  'offboarding.run': { label: '执行离职交接', sentence: (f) => `执行 ${f.name(f.details.employeeId)} 的计划离职：交接 ${f.n('customer')} 个客户、${f.n('contacts')} 个联系人` },
  'audit.chainRelinked': { label: '重新链接审计链', sentence: (f) => `重新链接审计链（已核验 ${f.n('events')} 条事件）` },
  'audit.export': { label: '导出审计日志', sentence: (f) => `导出审计日志：${f.n('count')} 条事件（${String(f.details.format ?? '').toUpperCase()}）` },
  'incident.record': { label: '登记安全事件', sentence: (f) => `登记安全事件 ${f.target}` },
  'incident.update': { label: '更新安全事件', sentence: (f) => `更新安全事件 ${f.target}` },
  'incident.setAffected': { label: '确定受影响的人', sentence: (f) => `确定安全事件 ${f.target} 受影响的人` },
  'incident.setItems': { label: '确定涉及的信息', sentence: (f) => `确定安全事件 ${f.target} 涉及的信息` },
  'incident.logDeliveries': { label: '记录通知送达', sentence: (f) => `记录安全事件 ${f.target} 的通知送达` },
  'incident.announce': { label: '发布公告', sentence: (f) => `发布安全事件 ${f.target} 的公告` },
  'incident.reportRegulator': { label: '报告监管机构', sentence: (f) => `向监管机构报告安全事件 ${f.target}` },
  'incident.close': { label: '关闭安全事件', sentence: (f) => `关闭安全事件 ${f.target}` },
  'request.recount': { label: '重新计算期限', sentence: (f) => `按 ${String(f.details.year ?? '')} 年节假日安排重新计算期限：${f.day('from')} → ${f.day('to')}` },
};

const en: Table = {
  'department.create': { label: 'Department created', sentence: (f) => `Created department ${f.target} in ${f.name(f.details.parentId)}` },
  'department.update': { label: 'Department changed', sentence: (f) => (f.details.moved ? `Moved department ${f.target}` : `Changed department ${f.target}: ${list(f.details.fields)}`) },
  'department.delete': { label: 'Department deleted', sentence: (f) => `Deleted department ${f.target}` },
  'department.merge': { label: 'Departments merged', sentence: (f) => `Merged department ${f.target} into ${f.name(f.details.into)} (${f.n('children')} sub-departments, ${f.n('members')} members)` },
  'employee.create': { label: 'Employee created', sentence: (f) => `Created employee ${f.target} (${f.n('departments')} departments)` },
  'employee.update': { label: 'Employee changed', sentence: (f) => `Changed employee ${f.target}: ${list(f.details.fields)}` },
  'org.import': { label: 'Organisation imported', sentence: (f) => `Imported the organisation: ${f.n('departments')} departments, ${f.n('employees')} employees` },
  'adminRole.assign': { label: 'Admin role granted', sentence: (f) => `Made ${f.name(f.details.employeeId)} ${role('en', f.details.role)} (${f.n('scopes')} departments in scope)` },
  'adminRole.revoke': { label: 'Admin role revoked', sentence: (f) => `Revoked a ${role('en', f.details.role)} role` },
  'audit.reveal': { label: 'Sensitive field shown', sentence: (f) => `Showed ${f.target}’s ${String(f.details.field ?? '')} in full` },
  'export.record': { label: 'Data exported', sentence: (f) => `Exported ${f.n('rows')} rows (${String(f.details.format ?? '').toUpperCase()})` },
  'employee.offboard': {
    label: 'Offboarding',
    sentence: (f) =>
      `Offboarded ${f.name(f.details.employeeId)} (${f.details.immediate ? 'immediately' : `last working day ${f.day('lastWorkingDay')}`}): ${f.n('customer')} customers, ${f.n('contacts')} contacts, ${f.n('followUps')} follow-ups, ${f.n('approvalTask')} approval tasks handed over`,
  },
  'offboarding.cancel': { label: 'Offboarding cancelled', sentence: (f) => `Cancelled the offboarding of ${f.name(f.details.employeeId)}` },
  'employee.rehire': { label: 'Rehired', sentence: (f) => `Rehired ${f.name(f.details.employeeId)}` },
  'retention.setPolicy': { label: 'Retention policy set', sentence: (f) => `Retention policy ${f.target}: ${f.n('periodMonths')} months, ${f.details.enabled ? 'enabled' : 'disabled'}` },
  'legalHold.place': { label: 'Legal hold placed', sentence: (f) => `Placed a legal hold on ${f.name(f.details.subjectId)}` },
  'legalHold.release': { label: 'Legal hold released', sentence: (f) => `Released the legal hold on ${f.name(f.details.subjectId)}` },
  'holidayCalendar.import': { label: 'Holiday schedule imported', sentence: (f) => `Imported the ${String(f.details.year ?? '')} holiday schedule (${f.n('entries')} entries); deadlines recounted: ${list(f.details.recounted) || 'none'}` },
  'holidayCalendar.remove': { label: 'Holiday schedule removed', sentence: (f) => `Removed the imported ${String(f.details.year ?? '')} holiday schedule; deadlines recounted: ${list(f.details.recounted) || 'none'}` },
  'request.register': { label: 'Rights request registered', sentence: (f) => `Registered request ${f.target}, due on ${f.day('dueOn')}` },
  'request.update': { label: 'Rights request updated', sentence: (f) => `Updated request ${f.target}: ${list(f.details.fields)}` },
  'request.extend': { label: 'Deadline extended', sentence: (f) => `Extended the deadline of ${f.target} to ${f.day('extendedDueOn')}` },
  'request.verify': { label: 'Identity verified', sentence: (f) => `Verified the identity of the requester of ${f.target}` },
  'request.refuse': { label: 'Request refused', sentence: (f) => `Refused request ${f.target}` },
  'request.fulfil': { label: 'Request fulfilled', sentence: (f) => `Fulfilled request ${f.target}` },
  'request.deliver': { label: 'Answer delivered', sentence: (f) => `Delivered the answer to ${f.target} on ${f.day('on')}` },
  'subject.erase': { label: 'Personal information erased', sentence: (f) => `Erased personal information for ${f.target}: ${f.n('items')} records` },
  'consent.withdraw': { label: 'Consent withdrawn', sentence: (f) => `Withdrew ${f.n('consents')} consents for ${f.target}` },
  'request.pause': { label: 'Deadline paused', sentence: (f) => `Paused the deadline of ${f.target} from ${f.day('from')}` },
  'request.resume': { label: 'Deadline resumed', sentence: (f) => `Resumed the deadline of ${f.target}: ${f.n('days')} days paused, now due on ${f.day('dueOn')}` },
  'customer.update': { label: 'Customer changed', sentence: (f) => `Changed customer ${f.target}: ${list(f.details.fields)}` },
  'contact.update': { label: 'Contact details changed', sentence: (f) => `Changed contact ${f.target}: ${list(f.details.fields)}` },
  'auth.signIn': { label: 'Signed in', sentence: () => 'Signed in to the console' },
  'auth.signInFailed': { label: 'Sign-in failed', sentence: (f) => `Sign-in failed (${f.n('failures')} in a row)${f.n('lockedSeconds') > 0 ? `; locked for ${f.n('lockedSeconds')} s` : ''}` },
  'auth.signOut': { label: 'Signed out', sentence: () => 'Signed out of the console' },
  'retention.dispose': { label: 'Retention run', sentence: (f) => `Retention run: ${total(f.details.counts)} records disposed of` },
  'offboarding.run': { label: 'Offboarding handover run', sentence: (f) => `Ran the scheduled offboarding of ${f.name(f.details.employeeId)}: ${f.n('customer')} customers, ${f.n('contacts')} contacts handed over` },
  'audit.chainRelinked': { label: 'Audit chain relinked', sentence: (f) => `Relinked the audit chain (${f.n('events')} events verified)` },
  'audit.export': { label: 'Audit log exported', sentence: (f) => `Exported the audit log: ${f.n('count')} events (${String(f.details.format ?? '').toUpperCase()})` },
  'incident.record': { label: 'Security incident recorded', sentence: (f) => `Recorded security incident ${f.target}` },
  'incident.update': { label: 'Security incident updated', sentence: (f) => `Updated security incident ${f.target}` },
  'incident.setAffected': { label: 'Affected people set', sentence: (f) => `Set the people affected by incident ${f.target}` },
  'incident.setItems': { label: 'Information involved set', sentence: (f) => `Set the information involved in incident ${f.target}` },
  'incident.logDeliveries': { label: 'Notices delivered', sentence: (f) => `Logged the notices delivered for incident ${f.target}` },
  'incident.announce': { label: 'Incident announced', sentence: (f) => `Announced incident ${f.target}` },
  'incident.reportRegulator': { label: 'Reported to the regulator', sentence: (f) => `Reported incident ${f.target} to the regulator` },
  'incident.close': { label: 'Security incident closed', sentence: (f) => `Closed security incident ${f.target}` },
  'request.recount': { label: 'Deadline recounted', sentence: (f) => `Deadline recounted on the ${String(f.details.year ?? '')} holiday schedule: ${f.day('from')} → ${f.day('to')}` },
};

const NB = NARROW_NBSP;
const fr: Table = {
  'department.create': { label: 'Service créé', sentence: (f) => `Service ${f.target} créé dans ${f.name(f.details.parentId)}` },
  'department.update': { label: 'Service modifié', sentence: (f) => (f.details.moved ? `Service ${f.target} déplacé` : `Service ${f.target} modifié${NB}: ${list(f.details.fields)}`) },
  'department.delete': { label: 'Service supprimé', sentence: (f) => `Service ${f.target} supprimé` },
  'department.merge': { label: 'Services fusionnés', sentence: (f) => `Service ${f.target} fusionné dans ${f.name(f.details.into)} (${f.n('children')} sous-services, ${f.n('members')} membres)` },
  'employee.create': { label: 'Salarié créé', sentence: (f) => `Salarié ${f.target} créé (${f.n('departments')} services)` },
  'employee.update': { label: 'Salarié modifié', sentence: (f) => `Salarié ${f.target} modifié${NB}: ${list(f.details.fields)}` },
  'org.import': { label: 'Organisation importée', sentence: (f) => `Organisation importée${NB}: ${f.n('departments')} services, ${f.n('employees')} salariés` },
  'adminRole.assign': { label: 'Rôle d’administration attribué', sentence: (f) => `${f.name(f.details.employeeId)} nommé ${role('fr', f.details.role)} (${f.n('scopes')} services dans le périmètre)` },
  'adminRole.revoke': { label: 'Rôle d’administration retiré', sentence: (f) => `Rôle de ${role('fr', f.details.role)} retiré` },
  'audit.reveal': { label: 'Champ sensible affiché', sentence: (f) => `Champ ${String(f.details.field ?? '')} de ${f.target} affiché en clair` },
  'export.record': { label: 'Données exportées', sentence: (f) => `${f.n('rows')} lignes exportées (${String(f.details.format ?? '').toUpperCase()})` },
  'employee.offboard': {
    label: 'Départ',
    sentence: (f) =>
      `Départ de ${f.name(f.details.employeeId)} (${f.details.immediate ? 'immédiat' : `dernier jour travaillé le ${f.day('lastWorkingDay')}`})${NB}: ${f.n('customer')} clients, ${f.n('contacts')} contacts, ${f.n('followUps')} suivis, ${f.n('approvalTask')} tâches d’approbation transmis`,
  },
  'offboarding.cancel': { label: 'Départ annulé', sentence: (f) => `Départ de ${f.name(f.details.employeeId)} annulé` },
  'employee.rehire': { label: 'Réembauche', sentence: (f) => `${f.name(f.details.employeeId)} réembauché` },
  'retention.setPolicy': { label: 'Politique de conservation définie', sentence: (f) => `Politique de conservation ${f.target}${NB}: ${f.n('periodMonths')}${NB}mois, ${f.details.enabled ? 'activée' : 'désactivée'}` },
  'legalHold.place': { label: 'Gel juridique posé', sentence: (f) => `Gel juridique posé sur ${f.name(f.details.subjectId)}` },
  'legalHold.release': { label: 'Gel juridique levé', sentence: (f) => `Gel juridique levé sur ${f.name(f.details.subjectId)}` },
  'holidayCalendar.import': { label: 'Calendrier des jours fériés importé', sentence: (f) => `Calendrier des jours fériés ${String(f.details.year ?? '')} importé (${f.n('entries')} entrées)${NB}; échéances recalculées${NB}: ${list(f.details.recounted) || 'aucune'}` },
  'holidayCalendar.remove': { label: 'Calendrier des jours fériés retiré', sentence: (f) => `Calendrier importé ${String(f.details.year ?? '')} retiré${NB}; échéances recalculées${NB}: ${list(f.details.recounted) || 'aucune'}` },
  'request.register': { label: 'Demande enregistrée', sentence: (f) => `Demande ${f.target} enregistrée, échéance le ${f.day('dueOn')}` },
  'request.update': { label: 'Demande modifiée', sentence: (f) => `Demande ${f.target} modifiée${NB}: ${list(f.details.fields)}` },
  'request.extend': { label: 'Échéance prolongée', sentence: (f) => `Échéance de ${f.target} prolongée au ${f.day('extendedDueOn')}` },
  'request.verify': { label: 'Identité vérifiée', sentence: (f) => `Identité du demandeur de ${f.target} vérifiée` },
  'request.refuse': { label: 'Demande refusée', sentence: (f) => `Demande ${f.target} refusée` },
  'request.fulfil': { label: 'Demande satisfaite', sentence: (f) => `Demande ${f.target} satisfaite` },
  'request.deliver': { label: 'Réponse remise', sentence: (f) => `Réponse à ${f.target} remise le ${f.day('on')}` },
  'subject.erase': { label: 'Données personnelles effacées', sentence: (f) => `Données personnelles effacées pour ${f.target}${NB}: ${f.n('items')} enregistrements` },
  'consent.withdraw': { label: 'Consentement retiré', sentence: (f) => `${f.n('consents')} consentements retirés pour ${f.target}` },
  'request.pause': { label: 'Échéance suspendue', sentence: (f) => `Échéance de ${f.target} suspendue à partir du ${f.day('from')}` },
  'request.resume': { label: 'Échéance reprise', sentence: (f) => `Échéance de ${f.target} reprise${NB}: ${f.n('days')}${NB}jours suspendus, désormais le ${f.day('dueOn')}` },
  'customer.update': { label: 'Client modifié', sentence: (f) => `Client ${f.target} modifié${NB}: ${list(f.details.fields)}` },
  'contact.update': { label: 'Contact modifié', sentence: (f) => `Contact ${f.target} modifié${NB}: ${list(f.details.fields)}` },
  'auth.signIn': { label: 'Connexion', sentence: () => 'Connexion à la console' },
  'auth.signInFailed': { label: 'Échec de connexion', sentence: (f) => `Échec de connexion (${f.n('failures')} de suite)${f.n('lockedSeconds') > 0 ? `${NB}; verrouillé ${f.n('lockedSeconds')}${NB}s` : ''}` },
  'auth.signOut': { label: 'Déconnexion', sentence: () => 'Déconnexion de la console' },
  'retention.dispose': { label: 'Passe de conservation', sentence: (f) => `Passe de conservation${NB}: ${total(f.details.counts)} enregistrements traités` },
  'offboarding.run': { label: 'Passation de départ exécutée', sentence: (f) => `Départ programmé de ${f.name(f.details.employeeId)} exécuté${NB}: ${f.n('customer')} clients, ${f.n('contacts')} contacts transmis` },
  'audit.chainRelinked': { label: 'Chaîne d’audit réchaînée', sentence: (f) => `Chaîne d’audit réchaînée (${f.n('events')} événements vérifiés)` },
  'audit.export': { label: 'Journal d’audit exporté', sentence: (f) => `Journal d’audit exporté${NB}: ${f.n('count')} événements (${String(f.details.format ?? '').toUpperCase()})` },
  'incident.record': { label: 'Incident de sécurité enregistré', sentence: (f) => `Incident de sécurité ${f.target} enregistré` },
  'incident.update': { label: 'Incident de sécurité modifié', sentence: (f) => `Incident de sécurité ${f.target} modifié` },
  'incident.setAffected': { label: 'Personnes concernées définies', sentence: (f) => `Personnes concernées par l’incident ${f.target} définies` },
  'incident.setItems': { label: 'Données concernées définies', sentence: (f) => `Données concernées par l’incident ${f.target} définies` },
  'incident.logDeliveries': { label: 'Notifications remises', sentence: (f) => `Notifications remises pour l’incident ${f.target} consignées` },
  'incident.announce': { label: 'Incident annoncé', sentence: (f) => `Incident ${f.target} annoncé` },
  'incident.reportRegulator': { label: 'Signalé à l’autorité', sentence: (f) => `Incident ${f.target} signalé à l’autorité de contrôle` },
  'incident.close': { label: 'Incident de sécurité clos', sentence: (f) => `Incident de sécurité ${f.target} clos` },
  'request.recount': { label: 'Échéance recalculée', sentence: (f) => `Échéance recalculée sur le calendrier ${String(f.details.year ?? '')}${NB}: ${f.day('from')} → ${f.day('to')}` },
};

export const AUDIT_WORDS: Record<Language, Table> = { 'zh-CN': zh, en, fr };

/** Where a sentence's names and days come from (the console fills both; without them ids and ISO days stay). */
export interface AuditTextOptions {
  names?: Readonly<Record<string, string>>;
  day?: (value: string) => string;
}

/** An action's name in a language; an action this version does not know keeps its code. */
export function auditActionLabel(action: string, lang: Language): string {
  return isAuditAction(action) ? AUDIT_WORDS[lang][action].label : action;
}

/** An event told as a sentence in a language (its label when the action is unknown). */
export function auditSentence(
  event: { action: string; targetType: string | null; targetId: string | null; details: Record<string, unknown> },
  lang: Language,
  opts: AuditTextOptions = {},
): string {
  if (!isAuditAction(event.action)) return event.action;
  const details = event.details;
  const name = (id: unknown) => (typeof id === 'string' && id ? (opts.names?.[id] ?? id) : '—');
  const reference = typeof details.reference === 'string' && details.reference ? details.reference : null;
  const facts: AuditFacts = {
    details,
    target: reference ?? (event.targetId ? name(event.targetId) : '—'),
    name,
    n: (key) => (typeof details[key] === 'number' ? (details[key] as number) : 0),
    day: (key) => (typeof details[key] === 'string' && details[key] ? (opts.day ?? ((v: string) => v))(details[key] as string) : '—'),
  };
  return AUDIT_WORDS[lang][event.action].sentence(facts);
}
