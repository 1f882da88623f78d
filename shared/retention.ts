import { z } from 'zod';
import { RETENTION_CATEGORIES, type RetentionCategory } from './catalogue.js';

/**
 * Retention policies: how long each category of personal data is kept, counted from which
 * event, and what happens then. The categories come from the field catalogue; what each one
 * allows (triggers, actions) and its legal bounds are declared here once, and the console's
 * editor, its local check and the cloud's command all read them.
 */
export const RETENTION_TRIGGERS = ['since_departure', 'since_last_activity', 'since_creation', 'since_closure'] as const;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number];
export const RETENTION_ACTIONS = ['delete', 'anonymise'] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];

export interface CategoryRules {
  triggers: readonly RetentionTrigger[];
  actions: readonly RetentionAction[];
  /** Shortest period a policy may set, in months, and why (an i18n key under retention.reasons). */
  floor: { months: number; reason: string };
  /** Longest period a policy may set, in months (keep no longer than necessary), and why. */
  ceiling: { months: number; reason: string };
}

const NONE = { months: 0, reason: 'none' };
const NECESSITY = { months: 120, reason: 'necessity' };

export const CATEGORY_RULES: Record<RetentionCategory, CategoryRules> = {
  departed_employee_profile: { triggers: ['since_departure'], actions: ['anonymise', 'delete'], floor: { months: 24, reason: 'labour_records' }, ceiling: NECESSITY },
  customer_contact: { triggers: ['since_last_activity', 'since_creation'], actions: ['anonymise', 'delete'], floor: NONE, ceiling: NECESSITY },
  follow_up: { triggers: ['since_creation', 'since_last_activity'], actions: ['anonymise', 'delete'], floor: NONE, ceiling: NECESSITY },
  approval_record: { triggers: ['since_closure', 'since_creation'], actions: ['anonymise', 'delete'], floor: NONE, ceiling: { months: 360, reason: 'accounting_archives' } },
  operation_log: { triggers: ['since_creation'], actions: ['anonymise'], floor: { months: 6, reason: 'network_logs' }, ceiling: NECESSITY },
  sign_in_log: { triggers: ['since_creation'], actions: ['delete'], floor: { months: 6, reason: 'network_logs' }, ceiling: NECESSITY },
  export_package: { triggers: ['since_creation'], actions: ['delete'], floor: NONE, ceiling: { months: 12, reason: 'copies' } },
  consent_record: { triggers: ['since_creation'], actions: ['delete'], floor: { months: 36, reason: 'proof_of_consent' }, ceiling: NECESSITY },
};

/** The instant a period of `periodMonths` counted back from `now` starts (ISO-8601, UTC). */
export function cutoffOf(periodMonths: number, now: Date): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - periodMonths);
  return d.toISOString();
}

export const RetentionPolicyValuesSchema = z
  .object({
    category: z.enum(RETENTION_CATEGORIES),
    periodMonths: z.number().int().min(0).max(1200),
    trigger: z.enum(RETENTION_TRIGGERS),
    action: z.enum(RETENTION_ACTIONS),
    enabled: z.boolean(),
  })
  .strict();
export type RetentionPolicyValues = z.infer<typeof RetentionPolicyValuesSchema>;

/** What is wrong with a policy, as issue codes on fields (empty: it may be saved). */
export function policyProblems(p: RetentionPolicyValues): { path: string; message: string }[] {
  const rules = CATEGORY_RULES[p.category];
  const problems: { path: string; message: string }[] = [];
  if (!rules.triggers.includes(p.trigger)) problems.push({ path: 'trigger', message: 'trigger_not_allowed' });
  if (!rules.actions.includes(p.action)) problems.push({ path: 'action', message: 'action_not_allowed' });
  if (p.periodMonths < rules.floor.months) problems.push({ path: 'periodMonths', message: 'below_floor' });
  if (p.periodMonths > rules.ceiling.months) problems.push({ path: 'periodMonths', message: 'above_ceiling' });
  return problems;
}

/**
 * Starting points for the regimes the console is sold under; editable, and each within the
 * bounds above. PIPL practice: labour records 2 years after departure (劳动合同法 art. 50),
 * network logs 6 months (网络安全法 art. 21). GDPR: storage limitation, shorter where no law
 * requires more.
 */
export const RETENTION_PRESETS = ['pipl', 'gdpr'] as const;
export type RetentionPreset = (typeof RETENTION_PRESETS)[number];
type PresetRow = Omit<RetentionPolicyValues, 'category' | 'enabled'>;
export const PRESET_POLICIES: Record<RetentionPreset, Record<RetentionCategory, PresetRow>> = {
  pipl: {
    departed_employee_profile: { periodMonths: 24, trigger: 'since_departure', action: 'anonymise' },
    customer_contact: { periodMonths: 36, trigger: 'since_last_activity', action: 'anonymise' },
    follow_up: { periodMonths: 36, trigger: 'since_creation', action: 'delete' },
    approval_record: { periodMonths: 120, trigger: 'since_closure', action: 'anonymise' },
    operation_log: { periodMonths: 12, trigger: 'since_creation', action: 'anonymise' },
    sign_in_log: { periodMonths: 6, trigger: 'since_creation', action: 'delete' },
    export_package: { periodMonths: 1, trigger: 'since_creation', action: 'delete' },
    consent_record: { periodMonths: 60, trigger: 'since_creation', action: 'delete' },
  },
  gdpr: {
    departed_employee_profile: { periodMonths: 36, trigger: 'since_departure', action: 'delete' },
    customer_contact: { periodMonths: 24, trigger: 'since_last_activity', action: 'delete' },
    follow_up: { periodMonths: 24, trigger: 'since_creation', action: 'delete' },
    approval_record: { periodMonths: 120, trigger: 'since_closure', action: 'anonymise' },
    operation_log: { periodMonths: 12, trigger: 'since_creation', action: 'anonymise' },
    sign_in_log: { periodMonths: 6, trigger: 'since_creation', action: 'delete' },
    export_package: { periodMonths: 1, trigger: 'since_creation', action: 'delete' },
    consent_record: { periodMonths: 72, trigger: 'since_creation', action: 'delete' },
  },
};
