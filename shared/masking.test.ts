import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGUE } from './catalogue.js';
import { hiddenFields, isMasked, maskRow, maskValue, MASKED_FIELDS } from './masking.js';
import { ROLES } from './roles.js';

describe('masking', () => {
  it('masks every sensitive catalogue field for the roles that may not reveal it, and none for the others', () => {
    for (const f of FIELD_CATALOGUE.filter((x) => x.sensitive)) expect(MASKED_FIELDS[f.entity], `${f.entity}.${f.field}`).toContain(f.field);
    expect(ROLES.filter((r) => hiddenFields(r, 'employee').length > 0)).toEqual(['auditor']);
  });
  it('gives masks that are recognisable as masks, and the same mask when masking a mask', () => {
    const samples = { mobile: '13812345678', idNumber: '11010519491231002X', birthDate: '1949-12-31', address: '北京市朝阳区建国路88号', gender: 'female' };
    for (const [field, value] of Object.entries(samples)) {
      const mask = maskValue(field, value)!;
      expect(mask, field).not.toBe(value);
      expect(isMasked(mask), field).toBe(true);
      expect(isMasked(value), field).toBe(false);
      expect(maskValue(field, mask), field).toBe(mask);
    }
    expect(maskValue('mobile', '13812345678')).toBe('138****5678');
    expect(maskValue('idNumber', null)).toBeNull();
  });
  it('leaves rows whole for revealers', () => {
    const row = { id: 'e1', mobile: '13812345678', idNumber: '11010519491231002X' };
    expect(maskRow('org_admin', 'employee', row)).toBe(row);
    expect(maskRow('auditor', 'employee', row)).toEqual({ id: 'e1', mobile: '138****5678', idNumber: '110***********002X', address: null, birthDate: null, gender: null });
  });
});
