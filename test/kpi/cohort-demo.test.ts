import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { computeCohortRetention } from '../../src/domain/kpi/cohort-retention';
import type { CohortCut } from '../../src/domain/kpi/cohort-triangle';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { cohortRetention } from '../../src/services/kpi/cohort-retention-service';
import { databaseTargets } from '../support/databases';
import { domainInput, seedPortfolio } from './load-portfolio';
import { ifStarted } from '../support/if-started';

// The demo as `npm run cohorts -- --demo` serves it (200 companies, three years of history), synced through the sandbox.
// Cohorts read contracts only: the demo's usage and surveys (most of what loading it costs) are left out.
const asOf = '2026-11-01';
// Generated once for both databases.
const fixture = generateDemoPortfolio({ asOf });

describe.each(databaseTargets)("the demo portfolio's cohort triangle on $name", (target) => {
  let handle: DatabaseHandle;
  let portal: { id: number; timeZone: string };
  let input: KpiInput;

  beforeAll(async () => {
    handle = await target.open();
    portal = await seedPortfolio(handle.db, fixture);
    input = await domainInput(handle.db, portal.id, fixture);
  }, 240_000);
  afterAll(async () => ifStarted(handle)?.close());

  it.each<{ from: string; to: string; asOfDate: string; cut: CohortCut | null }>([
    { from: '2023-11', to: '2026-10', asOfDate: '2026-10-31', cut: null },
    { from: '2023-12', to: '2026-11', asOfDate: '2026-11-01', cut: null },
    { from: '2024-06', to: '2026-12', asOfDate: '2026-10-17', cut: 'owner' },
    { from: '2024-01', to: '2025-12', asOfDate: '2026-10-31', cut: 'tier' },
    { from: '2025-01', to: '2026-10', asOfDate: '2026-10-31', cut: 'industry' },
  ])('$from to $to as of $asOfDate by $cut equals the domain reference', async ({ from, to, asOfDate, cut }) => {
    const expected = computeCohortRetention(input, { from, to, asOfDate, cut });
    const actual = await cohortRetention(handle.db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from,
      to,
      asOfDate,
      cut,
    });
    expect(actual).toEqual(expected);
    const cohorts = expected.flatMap((group) => group.cohorts);
    // Not a vacuous triangle: many cohorts, some churn after offset 0, some revenue growth.
    expect(cohorts.length).toBeGreaterThan(cut === null ? 10 : 5);
    expect(cohorts.some((cohort) => cohort.months.some((month) => month.customers < cohort.size))).toBe(true);
  });
});
