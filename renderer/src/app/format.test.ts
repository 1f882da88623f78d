import { describe, expect, it } from 'vitest';
import { dayFormatter } from './format.js';

describe('days and instants (issue 25)', () => {
  it('a calendar day is that day in every time zone; an instant shows the day it falls on there', () => {
    for (const zone of ['America/New_York', 'Europe/Paris', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      expect(dayFormatter('en', zone)('2026-03-01'), zone).toBe('Mar 1, 2026');
    }
    expect(dayFormatter('en', 'America/New_York')('2026-03-01T03:00:00.000Z')).toBe('Feb 28, 2026');
    expect(dayFormatter('en', 'Asia/Shanghai')('2026-03-01T20:00:00.000Z')).toBe('Mar 2, 2026');
    expect(dayFormatter('fr', 'America/New_York')('2026-03-01')).toBe('1 mars 2026');
    expect(dayFormatter('zh-CN', 'America/New_York')('2026-03-01')).toBe('2026年3月1日');
  });

  it('an empty value is a dash; an unreadable one is shown as it came', () => {
    expect(dayFormatter('en')(null)).toBe('—');
    expect(dayFormatter('en')('')).toBe('—');
    expect(dayFormatter('en')('soon')).toBe('soon');
  });
});
