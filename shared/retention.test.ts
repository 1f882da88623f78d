import { describe, expect, it } from 'vitest';
import { RETENTION_CATEGORIES } from './catalogue.js';
import { CATEGORY_RULES, PRESET_POLICIES, RETENTION_PRESETS, policyProblems } from './retention.js';

describe('retention rules', () => {
  it('every preset is within every category bound', () => {
    for (const preset of RETENTION_PRESETS)
      for (const category of RETENTION_CATEGORIES) expect([preset, category, policyProblems({ category, enabled: true, ...PRESET_POLICIES[preset][category] })]).toEqual([preset, category, []]);
  });
  it('refuses a period under the floor and over the ceiling, and triggers or actions a category does not have', () => {
    expect(policyProblems({ category: 'operation_log', periodMonths: 5, trigger: 'since_creation', action: 'anonymise', enabled: true })).toEqual([{ path: 'periodMonths', message: 'below_floor' }]);
    expect(policyProblems({ category: 'export_package', periodMonths: 13, trigger: 'since_creation', action: 'delete', enabled: true })).toEqual([{ path: 'periodMonths', message: 'above_ceiling' }]);
    expect(policyProblems({ category: 'sign_in_log', periodMonths: 6, trigger: 'since_departure', action: 'anonymise', enabled: false }).map((p) => p.message)).toEqual(['trigger_not_allowed', 'action_not_allowed']);
  });
  it('keeps network logs at least six months (网络安全法 art. 21)', () => {
    expect(CATEGORY_RULES.operation_log.floor.months).toBeGreaterThanOrEqual(6);
    expect(CATEGORY_RULES.sign_in_log.floor.months).toBeGreaterThanOrEqual(6);
  });
});
