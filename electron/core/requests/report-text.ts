import type { DiscoveryCategory } from '../../../shared/request-views.js';

/**
 * The personal-information copy's human-readable report is written in the subject's language,
 * not the officer's UI language, so its words live here (main side) in the three languages.
 */
export type ReportLanguage = 'zh-CN' | 'en' | 'fr';

interface ReportWords {
  title: string;
  reference: string;
  received: string;
  generated: string;
  controller: string;
  subject: string;
  items: string;
  redactionNote: string;
  notHeld: string;
  footer: string;
  note: string;
  columns: [string, string, string];
  categories: Record<DiscoveryCategory, string>;
  fields: Record<string, string>;
  /** Codes stored in status and type fields, in words. */
  values: Record<string, string>;
}

/** Latin text uses the plain apostrophe: the embedded CJK font draws the typographic one full-width. */
export const REPORT_WORDS: Record<ReportLanguage, ReportWords> = {
  'zh-CN': {
    title: '个人信息副本',
    reference: '请求编号',
    received: '收到请求日期',
    generated: '生成时间',
    controller: '个人信息处理者',
    subject: '个人信息主体',
    items: '记录数',
    redactionNote: '涉及他人的个人信息已以“[…]”遮蔽。',
    notHeld: '本副本不含以下记录',
    footer: '个人信息副本 · 机密',
    note: '说明',
    columns: ['记录', '日期', '内容'],
    categories: { employee_profile: '员工档案', contact_record: '客户联系人信息', follow_up: '跟进记录', approval: '审批申请', approval_task: '审批处理', consent: '同意记录', request: '权利请求', operation_log: '操作日志' },
    fields: { name: '姓名', pinyin: '拼音', employeeNo: '工号', mobile: '手机号', email: '邮箱', title: '职位', rank: '职级', departmentIds: '部门', primaryDepartmentId: '主部门', managerId: '上级', hireDate: '入职日期', status: '状态', lastWorkingDay: '最后工作日', departedAt: '离职时间', idNumber: '身份证号', gender: '性别', birthDate: '出生日期', address: '地址', customerId: '客户', wechat: '微信', customer: '客户', content: '内容', author: '记录人', templateType: '审批类型', createdAt: '创建时间', closedAt: '结束时间', approval: '审批', step: '步骤', actedAt: '处理时间', purpose: '目的', granted: '已同意', channel: '渠道', at: '时间', reference: '编号', type: '类型', receivedOn: '收到日期', action: '操作', actor: '操作人', target: '对象', details: '详情', approvalTitle: '标题', 'form.days': '天数', 'form.reason': '事由', 'form.handoverTo': '工作交接人', 'form.amount': '金额', 'form.currency': '币种', 'form.description': '说明', 'form.supplier': '供应商', 'form.counterparty': '合同相对方', 'form.destination': '目的地', 'form.companion': '同行人' },
    values: { active: '在职', suspended: '停用', departed: '已离职', leave: '请假', expense: '报销', purchase: '采购', contract: '合同', travel: '出差', in_progress: '审批中', approved: '已通过', rejected: '已驳回', withdrawn: '已撤回', pending: '待处理', transferred: '已转交', skipped: '已跳过' },
  },
  en: {
    title: 'Copy of your personal information',
    reference: 'Request reference',
    received: 'Request received',
    generated: 'Generated',
    controller: 'Controller',
    subject: 'Data subject',
    items: 'Records',
    redactionNote: 'Other people\'s personal information has been replaced by “[…]”.',
    notHeld: 'Not included in this copy',
    footer: 'Personal information copy · Confidential',
    note: 'Note',
    columns: ['Record', 'Date', 'Content'],
    categories: { employee_profile: 'Employee profile', contact_record: 'Customer contact details', follow_up: 'Follow-ups', approval: 'Approval requests', approval_task: 'Approval decisions', consent: 'Consent records', request: 'Rights requests', operation_log: 'Operation log' },
    fields: { name: 'Name', pinyin: 'Pinyin', employeeNo: 'Employee no.', mobile: 'Mobile', email: 'Email', title: 'Title', rank: 'Rank', departmentIds: 'Departments', primaryDepartmentId: 'Primary department', managerId: 'Manager', hireDate: 'Hire date', status: 'Status', lastWorkingDay: 'Last working day', departedAt: 'Departed', idNumber: 'ID number', gender: 'Gender', birthDate: 'Date of birth', address: 'Address', customerId: 'Customer', wechat: 'WeChat', customer: 'Customer', content: 'Content', author: 'Written by', templateType: 'Type', createdAt: 'Created', closedAt: 'Closed', approval: 'Approval', step: 'Step', actedAt: 'Acted', purpose: 'Purpose', granted: 'Granted', channel: 'Channel', at: 'Time', reference: 'Reference', type: 'Type', receivedOn: 'Received', action: 'Action', actor: 'By', target: 'Target', details: 'Details', approvalTitle: 'Title', 'form.days': 'Days', 'form.reason': 'Reason', 'form.handoverTo': 'Handover to', 'form.amount': 'Amount', 'form.currency': 'Currency', 'form.description': 'Description', 'form.supplier': 'Supplier', 'form.counterparty': 'Counterparty', 'form.destination': 'Destination', 'form.companion': 'Travelling with' },
    values: { active: 'Active', suspended: 'Suspended', departed: 'Departed', leave: 'Leave', expense: 'Expense', purchase: 'Purchase', contract: 'Contract', travel: 'Travel', in_progress: 'In progress', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn', pending: 'Pending', transferred: 'Transferred', skipped: 'Skipped' },
  },
  fr: {
    title: 'Copie de vos données personnelles',
    reference: 'Référence de la demande',
    received: 'Demande reçue le',
    generated: 'Générée le',
    controller: 'Responsable du traitement',
    subject: 'Personne concernée',
    items: 'Enregistrements',
    redactionNote: 'Les données personnelles d\'autres personnes ont été remplacées par « […] ».',
    notHeld: 'Non inclus dans cette copie',
    footer: 'Copie de données personnelles · Confidentiel',
    note: 'Remarque',
    columns: ['Enregistrement', 'Date', 'Contenu'],
    categories: { employee_profile: 'Dossier salarié', contact_record: 'Coordonnées de contact client', follow_up: 'Suivis', approval: 'Demandes d\'approbation', approval_task: 'Décisions d\'approbation', consent: 'Consentements', request: 'Demandes d\'exercice de droits', operation_log: 'Journal des opérations' },
    fields: { name: 'Nom', pinyin: 'Pinyin', employeeNo: 'Matricule', mobile: 'Mobile', email: 'E-mail', title: 'Fonction', rank: 'Niveau', departmentIds: 'Services', primaryDepartmentId: 'Service principal', managerId: 'Responsable', hireDate: 'Date d\'embauche', status: 'Statut', lastWorkingDay: 'Dernier jour travaillé', departedAt: 'Départ', idNumber: 'N° d\'identité', gender: 'Genre', birthDate: 'Date de naissance', address: 'Adresse', customerId: 'Client', wechat: 'WeChat', customer: 'Client', content: 'Contenu', author: 'Rédigé par', templateType: 'Type', createdAt: 'Créée le', closedAt: 'Close le', approval: 'Approbation', step: 'Étape', actedAt: 'Traitée le', purpose: 'Finalité', granted: 'Accordé', channel: 'Canal', at: 'Date', reference: 'Référence', type: 'Type', receivedOn: 'Reçue le', action: 'Action', actor: 'Par', target: 'Objet', details: 'Détails', approvalTitle: 'Intitulé', 'form.days': 'Jours', 'form.reason': 'Motif', 'form.handoverTo': 'Relais', 'form.amount': 'Montant', 'form.currency': 'Devise', 'form.description': 'Description', 'form.supplier': 'Fournisseur', 'form.counterparty': 'Cocontractant', 'form.destination': 'Destination', 'form.companion': 'Accompagné de' },
    values: { active: 'En poste', suspended: 'Suspendu', departed: 'Parti', leave: 'Congé', expense: 'Note de frais', purchase: 'Achat', contract: 'Contrat', travel: 'Déplacement', in_progress: 'En cours', approved: 'Approuvée', rejected: 'Rejetée', withdrawn: 'Retirée', pending: 'En attente', transferred: 'Transférée', skipped: 'Ignorée' },
  },
};

export const NOT_HELD_WORDS: Record<ReportLanguage, Record<string, string>> = {
  'zh-CN': { audit_log: '操作日志', sign_in_log: '登录日志' },
  en: { audit_log: 'Operation log', sign_in_log: 'Sign-in log' },
  fr: { audit_log: 'Journal des opérations', sign_in_log: 'Journal des connexions' },
};
