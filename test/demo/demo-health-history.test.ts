import { describe, expect, it } from 'vitest';
import { demoHistoryDays, demoHistoryDaysToScore } from '../../src/services/customer-success/demo-health-history';

describe("the demo's health history", () => {
  it('scores every history day on a first start: weekly back from yesterday and each month end, 90 days', () => {
    const days = demoHistoryDays('2026-12-06');
    expect(days).toContain('2026-12-05');
    expect(days).toContain('2026-11-28');
    expect(days).toContain('2026-11-30');
    expect(days.every((day) => day >= '2026-09-07' && day < '2026-12-06')).toBe(true);
    expect(demoHistoryDaysToScore('2026-12-06', null)).toEqual(days);
  });

  it('scores on a later start only the days after its latest score, the days it was not running', () => {
    expect(demoHistoryDaysToScore('2026-12-06', '2026-11-28')).toEqual(['2026-11-30', '2026-12-05']);
    expect(demoHistoryDaysToScore('2026-12-06', '2026-12-05')).toEqual([]);
  });
});
