import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src/domain/contracts/contract-schema';
import { churnedWithin90Days, renewedAtNextRenewal } from '../../../src/domain/playbooks/commercial-outcomes';
import { compareGroups, outcomeReport } from '../../../src/domain/playbooks/outcome-statistics';
import { renewalRecords } from '../../../src/domain/renewals/renewal-records';

function contract(dealId: string, startDate: string, endDate: string, kind: Contract['kind'] = 'new'): Contract {
  return {
    dealId,
    companyId: 'c1',
    kind,
    product: 'core',
    mrrMinor: 10_000,
    startDate,
    endDate,
    seats: null,
    closeDate: startDate,
  };
}

const year2025 = contract('d1', '2025-01-01', '2026-01-01');
const renewal2026 = contract('d2', '2026-01-01', '2027-01-01', 'renewal');

describe('renewal at the next renewal after the run opened', () => {
  it('is 1 when the company renewed, 0 when it churned there, null while pending', () => {
    const renewed = renewalRecords([year2025, renewal2026], '2026-06-01');
    expect(renewedAtNextRenewal(renewed, '2025-10-01')).toBe(1);
    const churned = renewalRecords([year2025], '2026-06-01');
    expect(renewedAtNextRenewal(churned, '2025-10-01')).toBe(0);
    // 2026-01-10: the renewal is due, no successor yet and the 30 grace days are not over.
    const pending = renewalRecords([year2025], '2026-01-10');
    expect(renewedAtNextRenewal(pending, '2025-10-01')).toBeNull();
  });

  it('takes the first renewal due on or after the opening, and null when none is due', () => {
    const records = renewalRecords([year2025, renewal2026], '2027-03-01');
    // Opened after the 2026 renewal: the next one (2027-01-01) churned.
    expect(renewedAtNextRenewal(records, '2026-02-01')).toBe(0);
    expect(renewedAtNextRenewal(records, '2027-02-01')).toBeNull();
  });
});

describe('churn within 90 days of the run', () => {
  it('is 1 when the MRR fell to zero inside the 90 days, 0 when the company stayed', () => {
    expect(churnedWithin90Days([year2025], '2025-11-01', '2026-06-01')).toBe(1);
    expect(churnedWithin90Days([year2025, renewal2026], '2025-11-01', '2026-06-01')).toBe(0);
    // Ends on day 91: not within the 90 days.
    expect(churnedWithin90Days([year2025], '2025-10-02', '2026-06-01')).toBe(0);
  });

  it('counts a gap between contracts as churn even when a later contract brings the company back', () => {
    const late = contract('d3', '2026-01-20', '2027-01-20', 'renewal');
    expect(churnedWithin90Days([year2025, late], '2025-11-01', '2026-06-01')).toBe(1);
  });

  it('is null while the 90 days are not over and for a company that was no customer at opening', () => {
    expect(churnedWithin90Days([year2025], '2025-11-01', '2026-01-29')).toBeNull();
    expect(churnedWithin90Days([year2025], '2026-02-01', '2026-06-01')).toBeNull();
  });
});

describe('renewal and churn in the outcome report', () => {
  it('compares them treated vs holdout, "too few runs" below the minimum', () => {
    const runs = [0, 1, 1, 0].map((churned, index) => ({
      month: '2025-10',
      heldOut: index % 2 === 1,
      completed: false,
      metrics: { churned90: churned, renewed: 1 - churned },
    }));
    const report = outcomeReport(runs, { minimumPerGroup: 20, resamples: 100, seed: 1 });
    const churn = report.overall.comparisons.find((comparison) => comparison.metric === 'churned90');
    expect(churn).toMatchObject({
      label: 'Share churned within 90 days of the run opening',
      treated: { runs: 2, mean: 0.5 },
      holdout: { runs: 2, mean: 0.5 },
      interval95: null,
    });
    expect(churn?.conclusion).toMatch(/^Too few runs to conclude/);
    expect(report.overall.comparisons.map((comparison) => comparison.metric)).toContain('renewed');
  });

  it('calls more churn among treated companies worse, and a higher renewal rate better', () => {
    const options = { minimumPerGroup: 5, resamples: 500, seed: 3 };
    const high = Array.from({ length: 30 }, () => 1);
    const low = Array.from({ length: 30 }, () => 0);
    expect(compareGroups('churned90', high, low, options).conclusion).toBe(
      'Treated companies did worse than the holdout.',
    );
    expect(compareGroups('churned90', low, high, options).conclusion).toBe(
      'Treated companies did better than the holdout.',
    );
    expect(compareGroups('renewed', high, low, options).conclusion).toBe(
      'Treated companies did better than the holdout.',
    );
  });
});
