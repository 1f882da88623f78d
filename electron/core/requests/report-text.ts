import type { DiscoveryCategory } from '../../../shared/request-views.js';

/**
 * The personal-information copy is written in the subject's language, not the officer's UI
 * language, so its words live here (main side) in the three languages: headings, field names,
 * and every code a record may hold (statuses, types, purposes, operations), so that the person
 * reads words and names, never a code or an id.
 */
export type ReportLanguage = 'zh-CN' | 'en' | 'fr';

/** The vocabularies of coded values, each a code → word table. */
export const VOCABULARIES = [
  'employeeStatus',
  'gender',
  'customerStatus',
  'industry',
  'approvalTemplate',
  'approvalStatus',
  'taskStatus',
  'purpose',
  'consentChannel',
  'requestType',
  'requestStatus',
  'requestChannel',
  'regime',
  'verificationMethod',
  'deliveryMethod',
  'refusalGround',
  'pauseReason',
  'adminRole',
  'offboardingStatus',
  'entity',
] as const;
export type Vocabulary = (typeof VOCABULARIES)[number];

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
  /** CSV columns that are not fields of the record. */
  csv: { id: string; redacted: string };
  yes: string;
  no: string;
  /** An operation's actor who is no longer known to this console. */
  unknownActor: string;
  /** An operation this version has no words for (the others are named by shared/audit-text.ts). */
  otherOperation: string;
  vocab: Record<Vocabulary, Record<string, string>>;
  /** Labels of the details of an operation-log event. */
  details: Record<string, string>;
}

/**
 * French follows shared/typography.ts like every French text (’, U+202F before : ; ! ?); the PDF
 * draws ’ and U+202F with glyphs every CJK font has at their width (electron/core/reports/pdf.ts).
 * Operations are named by shared/audit-text.ts.
 */
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
    categories: { employee_profile: '员工档案', contact_record: '客户联系人信息', owned_customer: '负责的客户', follow_up: '跟进记录', approval: '审批申请', approval_task: '审批处理', consent: '同意记录', request: '权利请求', operation_log: '操作日志' },
    fields: {
      name: '姓名', pinyin: '拼音', employeeNo: '工号', mobile: '手机号', email: '邮箱', title: '职位', rank: '职级', departments: '部门', primaryDepartment: '主部门', manager: '上级', hireDate: '入职日期', status: '在职状态', lastWorkingDay: '最后工作日', departedAt: '离职时间', idNumber: '身份证号', gender: '性别', birthDate: '出生日期', address: '地址',
      wechat: '微信', customer: '客户', ownerSince: '负责起始时间', customerStatus: '客户状态', industry: '行业', lastActivityAt: '最近活动时间', content: '内容', author: '记录人', templateType: '审批类型', approvalTitle: '标题', approvalStatus: '审批状态', createdAt: '创建时间', closedAt: '结束时间',
      approval: '审批', step: '步骤', taskStatus: '处理结果', actedAt: '处理时间', purpose: '目的', granted: '已同意', consentChannel: '同意方式', at: '时间', reference: '编号', requestType: '请求类型', requestStatus: '请求状态', receivedOn: '收到日期',
      action: '操作', actor: '操作人', targetType: '对象类型', target: '对象', details: '详情',
      'form.days': '天数', 'form.reason': '事由', 'form.handoverTo': '工作交接人', 'form.amount': '金额', 'form.currency': '币种', 'form.description': '说明', 'form.supplier': '供应商', 'form.counterparty': '合同相对方', 'form.destination': '目的地', 'form.companion': '同行人',
    },
    csv: { id: '记录编号', redacted: '已遮蔽他人信息' },
    yes: '是',
    no: '否',
    unknownActor: '管理员',
    otherOperation: '其他操作',
    vocab: {
      employeeStatus: { active: '在职', suspended: '停用', departed: '已离职' },
      gender: { male: '男', female: '女' },
      customerStatus: { lead: '潜在客户', active: '合作中', inactive: '暂停合作', lost: '已流失' },
      industry: { manufacturing: '制造业', retail: '零售', finance: '金融', logistics: '物流', software: '软件', healthcare: '医疗健康', education: '教育', energy: '能源' },
      approvalTemplate: { leave: '请假', expense: '报销', purchase: '采购', contract: '合同', travel: '出差' },
      approvalStatus: { in_progress: '审批中', approved: '已通过', rejected: '已驳回', withdrawn: '已撤回' },
      taskStatus: { pending: '待处理', approved: '已同意', rejected: '已驳回', transferred: '已转交', skipped: '已跳过' },
      purpose: { marketing: '营销推广', profiling: '用户画像', cross_border_transfer: '个人信息出境', sensitive_processing: '处理敏感个人信息' },
      consentChannel: { web: '网页', paper: '纸质', phone: '电话', request: '权利请求', email: '电子邮件', app: '应用' },
      requestType: { access: '查阅', copy: '复制', portability: '转移', correction: '更正', deletion: '删除', consent_withdrawal: '撤回同意', account_cancellation: '注销账号', complaint: '投诉' },
      requestStatus: { received: '已收到', verified: '已核验身份', fulfilled: '已完成', delivered: '已送达', refused: '已拒绝' },
      requestChannel: { email: '电子邮件', phone: '电话', web_form: '网页表单', letter: '信函', in_person: '当面', app: '应用' },
      regime: { pipl_working_days: '15个工作日（个人信息保护法）', days_15: '15日', gdpr: '一个月（GDPR）', days_30: '30日' },
      verificationMethod: { id_document: '身份证件', known_contact_details: '回拨已知联系方式', account_sign_in: '登录本人账号', in_person: '当面核验', video_call: '视频通话', other: '其他方式' },
      deliveryMethod: { email: '电子邮件', secure_portal: '安全门户', post: '邮寄', in_person: '当面', phone: '电话' },
      refusalGround: { national_security: '国家安全', public_safety_or_health: '公共安全或公共卫生', criminal_investigation: '刑事侦查、起诉、审判', bad_faith_or_abuse: '恶意或滥用权利', serious_harm_to_others: '严重损害他人权益', trade_secrets: '商业秘密', groundless_repetition: '无正当理由重复请求', excessive_technical_means: '需要过度的技术手段' },
      pauseReason: { identity_proof: '等待身份证明', clarification: '等待请求说明' },
      adminRole: { super_admin: '超级管理员', org_admin: '组织管理员', compliance_officer: '合规专员', auditor: '审计员' },
      offboardingStatus: { scheduled: '已排期', completed: '已完成', failed: '失败', cancelled: '已取消', rehired: '已重新入职' },
      entity: { employee: '员工', contact: '客户联系人', customer: '客户', department: '部门', dataSubjectRequest: '权利请求', offboarding: '离职办理', legalHold: '法律保全', adminRoleAssignment: '管理员角色', adminUser: '管理员账号', tenant: '企业', consentRecord: '同意记录', approval: '审批', followUp: '跟进记录' },
    },
    details: { fields: '修改的字段', requestType: '请求类型', channel: '渠道', regime: '期限规则', method: '方式', ground: '理由', reason: '原因', dueOn: '答复期限', from: '自', to: '至', on: '日期', days: '天数', items: '记录数', consents: '同意数', followUps: '跟进记录数', role: '角色', field: '字段', immediate: '即时生效', lastWorkingDay: '最后工作日', status: '状态', subjectType: '对象类型', extendedDueOn: '延长后的期限' },
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
    categories: { employee_profile: 'Employee profile', contact_record: 'Customer contact details', owned_customer: 'Customers you own', follow_up: 'Follow-ups', approval: 'Approval requests', approval_task: 'Approval decisions', consent: 'Consent records', request: 'Rights requests', operation_log: 'Operation log' },
    fields: {
      name: 'Name', pinyin: 'Pinyin', employeeNo: 'Employee no.', mobile: 'Mobile', email: 'Email', title: 'Job title', rank: 'Rank', departments: 'Departments', primaryDepartment: 'Primary department', manager: 'Manager', hireDate: 'Hire date', status: 'Employment status', lastWorkingDay: 'Last working day', departedAt: 'Departed', idNumber: 'ID number', gender: 'Gender', birthDate: 'Date of birth', address: 'Address',
      wechat: 'WeChat', customer: 'Customer', ownerSince: 'Owner since', customerStatus: 'Customer status', industry: 'Industry', lastActivityAt: 'Last activity', content: 'Content', author: 'Written by', templateType: 'Approval type', approvalTitle: 'Title', approvalStatus: 'Approval status', createdAt: 'Created', closedAt: 'Closed',
      approval: 'Approval', step: 'Step', taskStatus: 'Decision', actedAt: 'Acted', purpose: 'Purpose', granted: 'Granted', consentChannel: 'Given by', at: 'Time', reference: 'Reference', requestType: 'Request type', requestStatus: 'Request status', receivedOn: 'Received',
      action: 'Operation', actor: 'By', targetType: 'Record type', target: 'Record', details: 'Details',
      'form.days': 'Days', 'form.reason': 'Reason', 'form.handoverTo': 'Handover to', 'form.amount': 'Amount', 'form.currency': 'Currency', 'form.description': 'Description', 'form.supplier': 'Supplier', 'form.counterparty': 'Counterparty', 'form.destination': 'Destination', 'form.companion': 'Travelling with',
    },
    csv: { id: 'Record ID', redacted: 'Others redacted' },
    yes: 'Yes',
    no: 'No',
    unknownActor: 'An administrator',
    otherOperation: 'Other operation',
    vocab: {
      employeeStatus: { active: 'Active', suspended: 'Suspended', departed: 'Departed' },
      gender: { male: 'Male', female: 'Female' },
      customerStatus: { lead: 'Prospect', active: 'Active customer', inactive: 'Inactive', lost: 'Lost' },
      industry: { manufacturing: 'Manufacturing', retail: 'Retail', finance: 'Finance', logistics: 'Logistics', software: 'Software', healthcare: 'Healthcare', education: 'Education', energy: 'Energy' },
      approvalTemplate: { leave: 'Leave', expense: 'Expense', purchase: 'Purchase', contract: 'Contract', travel: 'Travel' },
      approvalStatus: { in_progress: 'In progress', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn' },
      taskStatus: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected', transferred: 'Transferred', skipped: 'Skipped' },
      purpose: { marketing: 'Marketing', profiling: 'Profiling', cross_border_transfer: 'Transfer outside mainland China', sensitive_processing: 'Processing of sensitive personal information' },
      consentChannel: { web: 'Website', paper: 'Paper form', phone: 'Phone', request: 'Rights request', email: 'Email', app: 'App' },
      requestType: { access: 'Access', copy: 'Copy', portability: 'Portability', correction: 'Correction', deletion: 'Deletion', consent_withdrawal: 'Consent withdrawal', account_cancellation: 'Account cancellation', complaint: 'Complaint' },
      requestStatus: { received: 'Received', verified: 'Identity verified', fulfilled: 'Fulfilled', delivered: 'Delivered', refused: 'Refused' },
      requestChannel: { email: 'Email', phone: 'Phone', web_form: 'Web form', letter: 'Letter', in_person: 'In person', app: 'App' },
      regime: { pipl_working_days: '15 working days (PIPL)', days_15: '15 days', gdpr: 'One month (GDPR)', days_30: '30 days' },
      verificationMethod: { id_document: 'Identity document', known_contact_details: 'Call-back on known contact details', account_sign_in: 'Signed in to their account', in_person: 'In person', video_call: 'Video call', other: 'Other means' },
      deliveryMethod: { email: 'Email', secure_portal: 'Secure portal', post: 'Post', in_person: 'In person', phone: 'Phone' },
      refusalGround: { national_security: 'National security or defence', public_safety_or_health: 'Public safety or public health', criminal_investigation: 'Criminal investigation, prosecution or trial', bad_faith_or_abuse: 'Bad faith or abuse of rights', serious_harm_to_others: 'Serious harm to others\' rights', trade_secrets: 'Trade secrets', groundless_repetition: 'Groundless repetition', excessive_technical_means: 'Would need excessive technical means' },
      pauseReason: { identity_proof: 'Waiting for proof of identity', clarification: 'Waiting for clarification' },
      adminRole: { super_admin: 'Super admin', org_admin: 'Organisation admin', compliance_officer: 'Compliance officer', auditor: 'Auditor' },
      offboardingStatus: { scheduled: 'Scheduled', completed: 'Completed', failed: 'Failed', cancelled: 'Cancelled', rehired: 'Rehired' },
      entity: { employee: 'Employee', contact: 'Customer contact', customer: 'Customer', department: 'Department', dataSubjectRequest: 'Rights request', offboarding: 'Offboarding', legalHold: 'Legal hold', adminRoleAssignment: 'Admin role', adminUser: 'Admin account', tenant: 'Organisation', consentRecord: 'Consent record', approval: 'Approval', followUp: 'Follow-up' },
    },
    details: { fields: 'Fields changed', requestType: 'Request type', channel: 'Received by', regime: 'Deadline rule', method: 'Method', ground: 'Ground', reason: 'Reason', dueOn: 'Due', from: 'From', to: 'To', on: 'On', days: 'Days', items: 'Records', consents: 'Consents', followUps: 'Follow-ups', role: 'Role', field: 'Field', immediate: 'Immediately', lastWorkingDay: 'Last working day', status: 'Status', subjectType: 'Record type', extendedDueOn: 'Extended deadline' },
  },
  fr: {
    title: 'Copie de vos données personnelles',
    reference: 'Référence de la demande',
    received: 'Demande reçue le',
    generated: 'Générée le',
    controller: 'Responsable du traitement',
    subject: 'Personne concernée',
    items: 'Enregistrements',
    redactionNote: 'Les données personnelles d’autres personnes ont été remplacées par « […] ».',
    notHeld: 'Non inclus dans cette copie',
    footer: 'Copie de données personnelles · Confidentiel',
    note: 'Remarque',
    columns: ['Enregistrement', 'Date', 'Contenu'],
    categories: { employee_profile: 'Dossier salarié', contact_record: 'Coordonnées de contact client', owned_customer: 'Clients dont vous êtes responsable', follow_up: 'Suivis', approval: 'Demandes d’approbation', approval_task: 'Décisions d’approbation', consent: 'Consentements', request: 'Demandes d’exercice de droits', operation_log: 'Journal des opérations' },
    fields: {
      name: 'Nom', pinyin: 'Pinyin', employeeNo: 'Matricule', mobile: 'Mobile', email: 'E-mail', title: 'Fonction', rank: 'Niveau', departments: 'Services', primaryDepartment: 'Service principal', manager: 'Responsable', hireDate: 'Date d’embauche', status: 'Situation', lastWorkingDay: 'Dernier jour travaillé', departedAt: 'Départ', idNumber: 'N° d’identité', gender: 'Genre', birthDate: 'Date de naissance', address: 'Adresse',
      wechat: 'WeChat', customer: 'Client', ownerSince: 'Responsable depuis', customerStatus: 'Statut du client', industry: 'Secteur', lastActivityAt: 'Dernière activité', content: 'Contenu', author: 'Rédigé par', templateType: 'Type d’approbation', approvalTitle: 'Intitulé', approvalStatus: 'Statut de l’approbation', createdAt: 'Créée le', closedAt: 'Close le',
      approval: 'Approbation', step: 'Étape', taskStatus: 'Décision', actedAt: 'Traitée le', purpose: 'Finalité', granted: 'Accordé', consentChannel: 'Recueilli par', at: 'Date', reference: 'Référence', requestType: 'Type de demande', requestStatus: 'Statut de la demande', receivedOn: 'Reçue le',
      action: 'Opération', actor: 'Par', targetType: 'Type d’enregistrement', target: 'Enregistrement', details: 'Détails',
      'form.days': 'Jours', 'form.reason': 'Motif', 'form.handoverTo': 'Relais', 'form.amount': 'Montant', 'form.currency': 'Devise', 'form.description': 'Description', 'form.supplier': 'Fournisseur', 'form.counterparty': 'Cocontractant', 'form.destination': 'Destination', 'form.companion': 'Accompagné de',
    },
    csv: { id: 'Identifiant', redacted: 'Tiers masqués' },
    yes: 'Oui',
    no: 'Non',
    unknownActor: 'Un administrateur',
    otherOperation: 'Autre opération',
    vocab: {
      employeeStatus: { active: 'En poste', suspended: 'Suspendu', departed: 'Parti' },
      gender: { male: 'Homme', female: 'Femme' },
      customerStatus: { lead: 'Prospect', active: 'Client actif', inactive: 'Inactif', lost: 'Perdu' },
      industry: { manufacturing: 'Industrie', retail: 'Commerce de détail', finance: 'Finance', logistics: 'Logistique', software: 'Logiciel', healthcare: 'Santé', education: 'Éducation', energy: 'Énergie' },
      approvalTemplate: { leave: 'Congé', expense: 'Note de frais', purchase: 'Achat', contract: 'Contrat', travel: 'Déplacement' },
      approvalStatus: { in_progress: 'En cours', approved: 'Approuvée', rejected: 'Rejetée', withdrawn: 'Retirée' },
      taskStatus: { pending: 'En attente', approved: 'Approuvée', rejected: 'Rejetée', transferred: 'Transférée', skipped: 'Ignorée' },
      purpose: { marketing: 'Prospection commerciale', profiling: 'Profilage', cross_border_transfer: 'Transfert hors de Chine continentale', sensitive_processing: 'Traitement de données sensibles' },
      consentChannel: { web: 'Site web', paper: 'Formulaire papier', phone: 'Téléphone', request: 'Demande d’exercice de droits', email: 'E-mail', app: 'Application' },
      requestType: { access: 'Accès', copy: 'Copie', portability: 'Portabilité', correction: 'Rectification', deletion: 'Effacement', consent_withdrawal: 'Retrait du consentement', account_cancellation: 'Suppression du compte', complaint: 'Réclamation' },
      requestStatus: { received: 'Reçue', verified: 'Identité vérifiée', fulfilled: 'Traitée', delivered: 'Réponse remise', refused: 'Refusée' },
      requestChannel: { email: 'E-mail', phone: 'Téléphone', web_form: 'Formulaire web', letter: 'Courrier', in_person: 'En personne', app: 'Application' },
      regime: { pipl_working_days: '15 jours ouvrés (PIPL)', days_15: '15 jours', gdpr: 'Un mois (RGPD)', days_30: '30 jours' },
      verificationMethod: { id_document: 'Pièce d’identité', known_contact_details: 'Rappel aux coordonnées connues', account_sign_in: 'Connexion à son compte', in_person: 'En personne', video_call: 'Appel vidéo', other: 'Autre moyen' },
      deliveryMethod: { email: 'E-mail', secure_portal: 'Portail sécurisé', post: 'Courrier', in_person: 'En personne', phone: 'Téléphone' },
      refusalGround: { national_security: 'Sécurité nationale ou défense', public_safety_or_health: 'Sécurité ou santé publiques', criminal_investigation: 'Enquête, poursuites ou procès pénaux', bad_faith_or_abuse: 'Mauvaise foi ou abus de droit', serious_harm_to_others: 'Atteinte grave aux droits d’autrui', trade_secrets: 'Secret des affaires', groundless_repetition: 'Demande répétée sans motif', excessive_technical_means: 'Moyens techniques excessifs' },
      pauseReason: { identity_proof: 'En attente d’une preuve d’identité', clarification: 'En attente de précisions' },
      adminRole: { super_admin: 'Super-administrateur', org_admin: 'Administrateur d’organisation', compliance_officer: 'Responsable conformité', auditor: 'Auditeur' },
      offboardingStatus: { scheduled: 'Programmé', completed: 'Terminé', failed: 'Échoué', cancelled: 'Annulé', rehired: 'Réembauché' },
      entity: { employee: 'Salarié', contact: 'Contact client', customer: 'Client', department: 'Service', dataSubjectRequest: 'Demande d’exercice de droits', offboarding: 'Départ', legalHold: 'Conservation légale', adminRoleAssignment: 'Rôle d’administrateur', adminUser: 'Compte administrateur', tenant: 'Organisation', consentRecord: 'Consentement', approval: 'Approbation', followUp: 'Suivi' },
    },
    details: { fields: 'Champs modifiés', requestType: 'Type de demande', channel: 'Reçue par', regime: 'Règle de délai', method: 'Moyen', ground: 'Motif', reason: 'Raison', dueOn: 'Échéance', from: 'Du', to: 'Au', on: 'Le', days: 'Jours', items: 'Enregistrements', consents: 'Consentements', followUps: 'Suivis', role: 'Rôle', field: 'Champ', immediate: 'Immédiat', lastWorkingDay: 'Dernier jour travaillé', status: 'Statut', subjectType: 'Type d’enregistrement', extendedDueOn: 'Délai prolongé' },
  },
};

export const NOT_HELD_WORDS: Record<ReportLanguage, Record<string, string>> = {
  'zh-CN': { audit_log: '操作日志', sign_in_log: '登录日志' },
  en: { audit_log: 'Operation log', sign_in_log: 'Sign-in log' },
  fr: { audit_log: 'Journal des opérations', sign_in_log: 'Journal des connexions' },
};
