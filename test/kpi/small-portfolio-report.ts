import { expect } from 'vitest';
import {
  expectedMonthlyActiveUsers,
  expectedMonthOthers,
  expectedMonths,
  expectedSessions,
  expectedSurveys,
} from '../fixtures/small-portfolio.expected';

type Row = Record<string, number | string | boolean | null>;

const percent = (numerator: number, denominator: number) =>
  denominator === 0 ? null : (numerator / denominator) * 100;

function median(values: readonly number[]): number | null {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return null;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The CLI/API rows for 2026-01..2026-06 with every field of domain §3.1, from the hand-checked figures in small-portfolio.expected.ts. */
export function expectedSmallPortfolioRows(): Row[] {
  return expectedMonths.map((month) => {
    const start = month.start.length;
    const startMrr = month.startMrrCents;
    const surveys = expectedSurveys.find((survey) => survey.period === month.period);
    const sessions = expectedSessions
      .filter((session) => session.period === month.period)
      .map((session) => session.lengthSeconds);
    const activeUsers = (expectedMonthlyActiveUsers as Record<string, Record<string, number>>)[month.period] ?? {};
    const mau = Object.values(activeUsers).reduce((total, users) => total + users, 0);
    const others = expectedMonthOthers[month.period];
    const sessionSeconds = sessions.reduce((total, seconds) => total + seconds, 0);
    const medianSeconds = median(sessions);
    return {
      period: month.period,
      customersStart: start,
      customersEnd: month.end.length,
      newCustomers: month.newCustomers.length,
      churnedCustomers: month.churned.length,
      customerChurnRate: percent(month.churned.length, start),
      retentionRate: percent(start - month.churned.length, start),
      startMrr: startMrr / 100,
      newMrr: month.newMrrCents / 100,
      expansionMrr: month.expansionCents / 100,
      contractionMrr: month.contractionCents / 100,
      churnedMrr: month.churnCents / 100,
      endMrr: month.endTotalMrrCents / 100,
      nrr: percent(startMrr + month.expansionCents - month.contractionCents - month.churnCents, startMrr),
      grr: percent(startMrr - month.contractionCents - month.churnCents, startMrr),
      revenueChurnRate: percent(month.contractionCents + month.churnCents, startMrr),
      averageRevenuePerAccount: others.averageRevenuePerAccount,
      // Gross margin is not configured by default, so the SaaS LTV has no value.
      lifetimeValue: null,
      upsellCustomers: month.upsellDealIds.length,
      upsellRate: percent(month.upsellDealIds.length, start),
      upsellMrr: month.period === '2026-04' ? 250 : 0,
      crossSellCustomers: month.crossSellDealIds.length,
      crossSellRate: percent(month.crossSellDealIds.length, start),
      crossSellMrr: month.period === '2026-03' ? 300 : 0,
      onboardingCohortSize: others.onboardingCohortSize,
      onboardingCompletedWithinTarget: 0,
      onboardingCompletionRate: percent(0, others.onboardingCohortSize),
      onboardingProvisional: false,
      medianDaysToComplete: null,
      nps: surveys?.nps?.score ?? null,
      npsResponses: surveys?.nps?.responses ?? 0,
      csatPercent: surveys?.csat ? (surveys.csat.satisfied / surveys.csat.responses) * 100 : null,
      csatMean: surveys?.csat ? surveys.csat.scoreSum / surveys.csat.responses : null,
      csatResponses: surveys?.csat?.responses ?? 0,
      dailyActiveUsers: others.dailyActiveUsers,
      weeklyActiveUsers: others.weeklyActiveUsers,
      mau,
      meanSessionMinutes: sessions.length === 0 ? null : sessionSeconds / sessions.length / 60,
      medianSessionMinutes: medianSeconds === null ? null : medianSeconds / 60,
      minutesPerActiveUser: mau === 0 ? null : sessionSeconds / mau / 60,
      seatUtilization: percent(others.seatUsers, others.seats),
      partial: false,
    };
  });
}

/** Same keys in the same order, same nulls and flags, numbers equal to 0.01 and printed with at most 2 decimals. */
export function expectRowsToMatch(actual: readonly Record<string, unknown>[], expected: readonly Row[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((expectedRow, index) => {
    const actualRow = actual[index] ?? {};
    expect(Object.keys(actualRow), `keys of ${String(expectedRow.period)}`).toEqual(Object.keys(expectedRow));
    for (const [field, value] of Object.entries(expectedRow)) {
      const got = actualRow[field];
      const label = `${String(expectedRow.period)} ${field}`;
      if (typeof value === 'number') {
        expect(typeof got, label).toBe('number');
        expect(Math.abs((got as number) - value), `${label}: ${String(got)} vs ${value}`).toBeLessThanOrEqual(
          0.01 + 1e-9,
        );
        expect(String(got), label).toMatch(/^-?\d+(\.\d{1,2})?$/);
      } else {
        expect(got, label).toBe(value);
      }
    }
  });
}
