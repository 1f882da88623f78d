import type { approval, approvalTask, consentRecord, contact, customer, employee, followUp } from '../db/schema.js';
import * as N from './names.js';
import { Rng } from './prng.js';

/**
 * The demo's business data, generated from its people: customers (owned by active employees or
 * in the public pool), their contacts and follow-ups, approvals with their approval steps, and
 * consent records. Deterministic for a seed; independent of the org generator's random stream.
 * Rows carry `scope` (see cloud/db/schema.ts); versions are assigned by the seeder.
 */
type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];
export interface BusinessData {
  customers: Row<typeof customer>[];
  contacts: Row<typeof contact>[];
  followUps: Row<typeof followUp>[];
  approvals: Row<typeof approval>[];
  approvalTasks: Row<typeof approvalTask>[];
  consentRecords: Row<typeof consentRecord>[];
}

/** Per employee, as in the L data set (100k employees: 300k customers, 1M follow-ups, 300k approvals). */
export const BUSINESS_RATIOS = { customersPerEmployee: 3, contactsPerCustomer: 2, followUpsPerEmployee: 10, approvalsPerEmployee: 3, tasksPerApproval: 3 };

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const DAY = 86_400_000;
const START = Date.UTC(2019, 0, 1);
const NOW = Date.UTC(2026, 2, 1);
const iso = (ms: number) => new Date(ms).toISOString();
/**
 * An instant on a seeded day, at a working time in China (09:00–18:00 Asia/Shanghai, 01:00–10:00
 * UTC) that depends only on the record's key: seeded activity looks like activity, not like
 * midnight (issue 25), and the random sequence (every other seeded value) is unchanged.
 */
const during = (dayMs: number, key: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return iso(dayMs + (60 + (h % 540)) * 60_000);
};

function langOf(name: string): N.Lang {
  if (/[\u4e00-\u9fff]/.test(name)) return 'zh';
  return /[à-ÿ]/i.test(name) ? 'fr' : 'en';
}

function companyName(rng: Rng, lang: N.Lang, n: number): string {
  if (lang === 'zh') return `${rng.pick(N.ZH_REGIONS)}${rng.pick(N.ZH_COMPANY_PREFIX)}${rng.pick(N.ZH_COMPANY_SUFFIX)}${n % 7 === 0 ? n : ''}`;
  if (lang === 'en') return `${rng.pick(N.EN_COMPANY_PREFIX)} ${rng.pick(N.EN_COMPANY_SUFFIX)}${n % 7 === 0 ? ` ${n}` : ''}`;
  return `${rng.pick(N.FR_COMPANY_PREFIX)} ${rng.pick(N.FR_COMPANY_SUFFIX)}${n % 7 === 0 ? ` ${n}` : ''}`;
}

function contactPerson(rng: Rng, lang: N.Lang): { name: string; emailLocal: string } {
  if (lang === 'zh') {
    const [sn, sp] = rng.pick(N.ZH_SURNAMES);
    const [g, gp] = rng.pick(N.ZH_GIVEN);
    return { name: sn + g, emailLocal: `${gp}.${sp}`.replace(/ /g, '') };
  }
  const first = rng.pick(lang === 'en' ? N.EN_FIRST_FEMALE.concat(N.EN_FIRST_MALE) : N.FR_FIRST_FEMALE.concat(N.FR_FIRST_MALE));
  const last = rng.pick(lang === 'en' ? N.EN_LAST : N.FR_LAST);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z.]/g, '');
  return { name: `${first} ${last}`, emailLocal: local };
}

export function generateBusiness(seed: string, tenantId: string, employees: readonly Row<typeof employee>[], counts?: { customers?: number; approvals?: number }): BusinessData {
  const rng = new Rng(`${seed}/business`);
  const out: BusinessData = { customers: [], contacts: [], followUps: [], approvals: [], approvalTasks: [], consentRecords: [] };
  const active = employees.filter((e) => e.status === 'active');
  if (active.length === 0) return out;
  const byId = new Map(employees.map((e) => [e.id, e]));
  const customerCount = counts?.customers ?? employees.length * BUSINESS_RATIOS.customersPerEmployee;
  const followUpsPerCustomer = BUSINESS_RATIOS.followUpsPerEmployee / BUSINESS_RATIOS.customersPerEmployee;
  const usedMobiles = new Set<string>();

  for (let i = 0; i < customerCount; i++) {
    const id = 'c' + pad(i + 1, 7);
    const owner = rng.chance(0.1) ? null : rng.pick(active);
    const lang = owner ? langOf(owner.name) : rng.pick(['zh', 'en', 'fr'] as const);
    const scope = owner ? owner.departmentIds : null;
    const createdMs = START + rng.int(0, Math.floor((NOW - START) / DAY) - 60) * DAY;
    const lastMs = createdMs + rng.int(0, 50) * DAY;
    out.customers.push({
      tenantId, id, version: 0, scope,
      name: companyName(rng, lang, i + 1),
      ownerEmployeeId: owner?.id ?? null,
      industry: rng.pick(N.INDUSTRIES),
      status: rng.pick(['lead', 'active', 'active', 'active', 'inactive', 'lost'] as const),
      createdAt: during(createdMs, id),
      lastActivityAt: lastMs === createdMs ? during(createdMs, id) : during(lastMs, `${id}:last`),
    });
    const contactNames: string[] = [];
    for (let k = 0; k < BUSINESS_RATIOS.contactsPerCustomer; k++) {
      const p = contactPerson(rng, lang);
      let mobile: string;
      do mobile = lang === 'zh' ? rng.pick(N.ZH_MOBILE_PREFIXES) + rng.digits(8) : lang === 'fr' ? '+337' + rng.digits(8) : '+447' + rng.digits(9);
      while (usedMobiles.has(mobile));
      usedMobiles.add(mobile);
      const contactId = 'k' + pad(out.contacts.length + 1, 7);
      contactNames.push(p.name);
      out.contacts.push({
        tenantId, id: contactId, version: 0, scope,
        customerId: id,
        name: p.name,
        mobile,
        email: `${p.emailLocal}${out.contacts.length + 1}@client-${i + 1}.example`,
        wechat: lang === 'zh' && rng.chance(0.6) ? `wx_${p.emailLocal.replace('.', '_')}${rng.digits(3)}` : null,
        title: rng.pick(N.TITLES[lang]),
        address: null,
      });
      if (rng.chance(0.2)) {
        out.consentRecords.push({
          tenantId, id: 'g' + pad(out.consentRecords.length + 1, 7), version: 0, scope,
          subjectType: 'contact', subjectId: contactId, purpose: rng.pick(N.CONSENT_PURPOSES), granted: rng.chance(0.8), at: during(createdMs + DAY, `g${out.consentRecords.length + 1}`), channel: rng.pick(['web', 'paper', 'phone']),
        });
      }
    }
    const followUps = Math.floor(followUpsPerCustomer) + (rng.chance(followUpsPerCustomer % 1) ? 1 : 0);
    for (let k = 0; k < followUps; k++) {
      const text = rng.pick(N.FOLLOW_UP_TEXT[lang]).replace('{name}', rng.pick(contactNames));
      out.followUps.push({
        tenantId, id: 'f' + pad(out.followUps.length + 1, 8), version: 0, scope,
        customerId: id, employeeId: owner?.id ?? rng.pick(active).id, at: during(createdMs + rng.int(0, 400) * DAY, `f${out.followUps.length + 1}`), content: text,
      });
    }
  }

  const approvalCount = counts?.approvals ?? employees.length * BUSINESS_RATIOS.approvalsPerEmployee;
  for (let i = 0; i < approvalCount; i++) {
    const id = 'a' + pad(i + 1, 7);
    const applicant = rng.pick(employees);
    const lang = langOf(applicant.name);
    const template = rng.pick(['leave', 'expense', 'purchase', 'contract', 'travel'] as const);
    const createdMs = START + rng.int(0, Math.floor((NOW - START) / DAY) - 10) * DAY;
    const inFlight = rng.chance(0.15);
    const status = inFlight ? 'in_progress' : rng.pick(['approved', 'approved', 'approved', 'rejected', 'withdrawn'] as const);
    const colleague = rng.pick(employees);
    const formData: Record<string, string | number | boolean | null> =
      template === 'leave' ? { days: rng.int(1, 10), reason: lang === 'zh' ? '年假' : lang === 'fr' ? 'Congés' : 'Annual leave', handoverTo: colleague.name }
      : template === 'expense' ? { amount: rng.int(50, 5000), currency: lang === 'zh' ? 'CNY' : 'EUR', description: `${rng.pick(N.INDUSTRIES)}` }
      : template === 'purchase' ? { amount: rng.int(500, 50000), supplier: companyName(rng, lang, i) }
      : template === 'contract' ? { counterparty: companyName(rng, lang, i), amount: rng.int(10000, 900000) }
      : { destination: rng.pick(lang === 'zh' ? N.ZH_REGIONS : lang === 'fr' ? N.FR_REGIONS : N.EN_REGIONS), days: rng.int(1, 7), companion: colleague.name };
    const scope = applicant.departmentIds;
    out.approvals.push({
      tenantId, id, version: 0, scope,
      templateType: template,
      title: `${template}-${pad(i + 1, 6)}`,
      applicantId: applicant.id,
      status,
      formData,
      createdAt: during(createdMs, id),
      closedAt: inFlight ? null : during(createdMs + rng.int(1, 9) * DAY, `${id}:closed`),
    });
    // Approval chain: the applicant's manager, then up to two random active approvers.
    const chain: string[] = [];
    const manager = applicant.managerId ? byId.get(applicant.managerId) : undefined;
    if (manager) chain.push(manager.id);
    while (chain.length < BUSINESS_RATIOS.tasksPerApproval) chain.push(rng.pick(active).id);
    const pendingStep = inFlight ? rng.int(1, chain.length) : 0;
    chain.forEach((approverId, k) => {
      const step = k + 1;
      const taskStatus = inFlight ? (step < pendingStep ? 'approved' : step === pendingStep ? 'pending' : 'skipped') : status === 'approved' ? 'approved' : status === 'rejected' && step === chain.length ? 'rejected' : status === 'withdrawn' ? 'skipped' : 'approved';
      out.approvalTasks.push({
        tenantId, id: 't' + pad(out.approvalTasks.length + 1, 8), version: 0, scope,
        approvalId: id, step, approverId, status: taskStatus, actedAt: taskStatus === 'approved' || taskStatus === 'rejected' ? during(createdMs + step * DAY, `${id}:${step}`) : null,
      });
    });
  }

  // Employees' consent to processing of sensitive personal information (PIPL art. 29).
  for (const e of employees) {
    if (!e.idNumber) continue;
    out.consentRecords.push({
      tenantId, id: 'g' + pad(out.consentRecords.length + 1, 7), version: 0, scope: e.departmentIds,
      subjectType: 'employee', subjectId: e.id, purpose: 'sensitive_processing', granted: true, at: `${e.hireDate ?? '2020-01-01'}T09:00:00.000Z`, channel: 'paper',
    });
  }
  return out;
}
