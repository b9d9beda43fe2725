import { describe, expect, it } from 'vitest';
import { formatCohortTable } from '../../src/cli/cohort-table';
import type { CohortGroupReport } from '../../src/services/kpi/cohort-report';

const month = (offset: number, logoRetention: number, revenueRetention: number | null, partial = false) => ({
  offset,
  month: `2025-0${offset + 1}`,
  partial,
  customers: 1,
  logoRetention,
  mrr: 1,
  revenueRetention,
  noValue: {},
});

describe('the cohort table of npm run cohorts', () => {
  it('shows a triangle per rate: cohorts down, months since across, - without a value, * on the running month', () => {
    const group: CohortGroupReport = {
      group: null,
      cohorts: [
        {
          cohort: '2025-01',
          size: 4,
          startMrr: 3400.5,
          months: [month(0, 75, 100), month(1, 50, 102.94), month(2, 50, 117.65, true)],
        },
        { cohort: '2025-03', size: 1, startMrr: 0, months: [month(0, 0, null, true)] },
      ],
    };
    const lines = formatCohortTable(group, undefined, '2025-03-15').split('\n');
    expect(lines[0]).toMatch(/^Logo retention/);
    expect(lines[1]).toMatch(/^cohort\s+size\s+start MRR\s+M0\s+M1\s+M2$/);
    expect(lines[2]).toMatch(/^2025-01\s+4\s+3,400\.5\s+75%\s+50%\s+50%\*$/);
    expect(lines[3]).toMatch(/^2025-03\s+1\s+0\s+0%\*$/);
    expect(lines[5]).toMatch(/^Revenue retention/);
    expect(lines[7]).toMatch(/^2025-01\s+4\s+3,400\.5\s+100%\s+102\.94%\s+117\.65%\*$/);
    expect(lines[8]).toMatch(/^2025-03\s+1\s+0\s+-\*$/);
    expect(lines[9]).toBe('* the month still running, measured on 2025-03-15');
  });

  it('titles each group of a cut', () => {
    expect(formatCohortTable({ group: null, cohorts: [] }, 'CSM: Unassigned', '2025-03-15')).toBe(
      'CSM: Unassigned\nno cohorts in the range\n',
    );
  });
});
