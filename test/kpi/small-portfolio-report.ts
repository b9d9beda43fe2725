import { expect } from 'vitest';
import { expectedMonthlyActiveUsers, expectedMonths, expectedSessions, expectedSurveys } from '../fixtures/small-portfolio.expected';

/** The CLI/API rows for 2026-01..2026-06, computed from the hand-checked figures in small-portfolio.expected.ts. */
export function expectedSmallPortfolioRows(): Record<string, number | string | null>[] {
  return expectedMonths.map((month) => {
    const start = month.start.length;
    const startMrr = month.startMrrCents;
    const surveys = expectedSurveys.find((survey) => survey.period === month.period);
    const sessions = expectedSessions.filter((session) => session.period === month.period);
    const activeUsers = (expectedMonthlyActiveUsers as Record<string, Record<string, number>>)[month.period] ?? {};
    return {
      period: month.period,
      customersStart: start,
      customersEnd: month.end.length,
      newCustomers: month.newCustomers.length,
      churnedCustomers: month.churned.length,
      customerChurnRate: (month.churned.length / start) * 100,
      retentionRate: ((start - month.churned.length) / start) * 100,
      startMrr: startMrr / 100,
      newMrr: month.newMrrCents / 100,
      expansionMrr: month.expansionCents / 100,
      contractionMrr: month.contractionCents / 100,
      churnedMrr: month.churnCents / 100,
      endMrr: month.endTotalMrrCents / 100,
      nrr: ((startMrr + month.expansionCents - month.contractionCents - month.churnCents) / startMrr) * 100,
      grr: ((startMrr - month.contractionCents - month.churnCents) / startMrr) * 100,
      revenueChurnRate: ((month.contractionCents + month.churnCents) / startMrr) * 100,
      upsellRate: (month.upsellDealIds.length / start) * 100,
      crossSellRate: (month.crossSellDealIds.length / start) * 100,
      nps: surveys?.nps?.score ?? null,
      csatPercent: surveys?.csat ? (surveys.csat.satisfied / surveys.csat.responses) * 100 : null,
      csatMean: surveys?.csat ? surveys.csat.scoreSum / surveys.csat.responses : null,
      mau: Object.values(activeUsers).reduce((total, users) => total + users, 0),
      meanSessionMinutes: sessions.length === 0 ? null : sessions.reduce((total, session) => total + session.lengthSeconds, 0) / sessions.length / 60,
    };
  });
}

/** Same keys, same nulls, numbers equal to 0.01 and printed with at most 2 decimals. */
export function expectRowsToMatch(actual: readonly Record<string, unknown>[], expected: readonly Record<string, number | string | null>[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((expectedRow, index) => {
    const actualRow = actual[index] ?? {};
    expect(Object.keys(actualRow), `keys of ${String(expectedRow.period)}`).toEqual(Object.keys(expectedRow));
    for (const [field, value] of Object.entries(expectedRow)) {
      const got = actualRow[field];
      const label = `${String(expectedRow.period)} ${field}`;
      if (typeof value === 'number') {
        expect(typeof got, label).toBe('number');
        expect(Math.abs((got as number) - value), `${label}: ${String(got)} vs ${value}`).toBeLessThanOrEqual(0.01 + 1e-9);
        expect(String(got), label).toMatch(/^-?\d+(\.\d{1,2})?$/);
      } else {
        expect(got, label).toBe(value);
      }
    }
  });
}
