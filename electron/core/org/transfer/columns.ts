import type { Language } from '../../../../shared/contract.js';

/**
 * The columns of an organisation file, with the headers recognised in each UI language. Import
 * accepts any of them (case, spaces and punctuation ignored); export writes one language's.
 */
export const COLUMNS = {
  employeeNo: { 'zh-CN': '工号', en: 'Employee No.', fr: 'Matricule', aliases: ['员工编号', '员工工号', 'employee_no', 'employee number', 'no'] },
  name: { 'zh-CN': '姓名', en: 'Name', fr: 'Nom', aliases: ['full name', 'nom complet'] },
  departments: { 'zh-CN': '部门', en: 'Department', fr: 'Département', aliases: ['departments', 'départements', '所属部门', 'dept'] },
  mobile: { 'zh-CN': '手机号', en: 'Mobile', fr: 'Portable', aliases: ['手机', '手机号码', 'phone', 'mobile phone', 'téléphone'] },
  email: { 'zh-CN': '邮箱', en: 'Email', fr: 'Courriel', aliases: ['电子邮箱', 'e-mail', 'mail', 'adresse e-mail'] },
  title: { 'zh-CN': '职位', en: 'Title', fr: 'Poste', aliases: ['职务', 'position', 'job title', 'fonction'] },
  rank: { 'zh-CN': '职级', en: 'Rank', fr: 'Niveau', aliases: ['grade', 'level'] },
  managerNo: { 'zh-CN': '直属上级工号', en: 'Manager No.', fr: 'Matricule du responsable', aliases: ['上级工号', 'manager employee no', 'manager'] },
  hireDate: { 'zh-CN': '入职日期', en: 'Hire date', fr: "Date d'embauche", aliases: ['入职时间', 'hired', 'start date', 'date embauche'] },
  status: { 'zh-CN': '状态', en: 'Status', fr: 'Statut', aliases: ['在职状态', 'état'] },
  gender: { 'zh-CN': '性别', en: 'Gender', fr: 'Genre', aliases: ['sex', 'sexe'] },
  birthDate: { 'zh-CN': '出生日期', en: 'Birth date', fr: 'Date de naissance', aliases: ['生日', 'date of birth', 'dob'] },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number', fr: "Numéro d'identité", aliases: ['身份证号码', '证件号码', 'id no'] },
  address: { 'zh-CN': '地址', en: 'Address', fr: 'Adresse', aliases: ['住址', '家庭住址'] },
} as const satisfies Record<string, Record<Language, string> & { aliases: readonly string[] }>;

export type ColumnKey = keyof typeof COLUMNS;
export const COLUMN_KEYS = Object.keys(COLUMNS) as ColumnKey[];
export const SENSITIVE_COLUMNS: ReadonlySet<ColumnKey> = new Set(['gender', 'birthDate', 'idNumber', 'address']);

const fold = (header: string) =>
  header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s._'’\-:：()（）]/g, '');

const LOOKUP = new Map<string, ColumnKey>();
for (const key of COLUMN_KEYS) {
  const c = COLUMNS[key];
  for (const h of [c['zh-CN'], c.en, c.fr, key, ...c.aliases]) LOOKUP.set(fold(h), key);
}

export function columnFor(header: string): ColumnKey | null {
  return LOOKUP.get(fold(header)) ?? null;
}

/** Status words in the three languages. */
const STATUS: Record<string, 'active' | 'suspended' | 'departed'> = {
  active: 'active', 在职: 'active', actif: 'active', active_: 'active', 正常: 'active',
  suspended: 'suspended', 停职: 'suspended', suspendu: 'suspended', 冻结: 'suspended',
  departed: 'departed', 离职: 'departed', parti: 'departed', 已离职: 'departed',
};
export function statusFrom(value: string): 'active' | 'suspended' | 'departed' | null {
  return STATUS[value.trim().toLowerCase()] ?? null;
}
export const STATUS_LABELS: Record<Language, Record<'active' | 'suspended' | 'departed', string>> = {
  'zh-CN': { active: '在职', suspended: '停职', departed: '离职' },
  en: { active: 'active', suspended: 'suspended', departed: 'departed' },
  fr: { active: 'actif', suspended: 'suspendu', departed: 'parti' },
};
