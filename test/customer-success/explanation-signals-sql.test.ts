import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import type { HealthScoreRow } from '../../src/db/repositories/customer-success-health-repository';
import { upsertHealthScores } from '../../src/db/repositories/health-score-writes-repository';
import { explanationSignals } from '../../src/domain/health/explanation-signals';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { runSignalBackfill } from '../support/signal-backfill';
import { rowsOf } from '../support/sql-rows';

// Two implementations of one rule: the recompute's writes store the signal columns the domain computes, and
// migrations 0026 and 0027 filled the rows stored before them with SQL. They must agree.
const portalId = 4_401;
const halves = fc.integer({ min: -4_000, max: 4_000 }).map((value) => value / 2);
const rawValue = fc.oneof(halves, fc.constant(null), fc.double({ min: -1_000, max: 1_000, noNaN: true }));
const component = fc.record(
  {
    component: fc.constantFrom('usage', 'engagement', 'breadth', 'onboarding', 'sentiment', 'commercial'),
    score: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null)),
    points: fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null)),
    raw: fc.record(
      {
        daysToRenewal: rawValue,
        latestNps: fc.oneof(
          fc.integer({ min: 0, max: 20 }).map((v) => v / 2),
          fc.constant(null),
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ['component', 'score'] },
);
const explanation = fc.oneof(
  fc.record({ score: fc.integer({ min: 0, max: 100 }), components: fc.array(component, { maxLength: 8 }) }),
  fc.record({ score: fc.constant(null) }),
);

describe.each(databaseTargets)('the signal columns the migrations filled on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('are what the domain computes from the explanation, for any explanation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(explanation, { minLength: 1, maxLength: 12 }), async (explanations) => {
        await handle.db.execute(sql`delete from health_scores where portal_id = ${portalId}`);
        const rows: HealthScoreRow[] = explanations.map((value, index) => ({
          portalId,
          companyId: `c${index}`,
          scoreDate: '2026-11-30',
          score: 50,
          band: 'yellow',
          explanation: value,
        }));
        await upsertHealthScores(handle.db, rows);
        await handle.db.execute(sql`update health_scores set component_scores = null, component_points = null,
          days_to_renewal = null, latest_nps = null where portal_id = ${portalId}`);
        await runSignalBackfill(handle.db);
        const stored = rowsOf<{
          company_id: string;
          component_scores: unknown;
          days_to_renewal: number | null;
          latest_nps: number | null;
        }>(
          await handle.db
            .execute(sql`select company_id, component_scores, component_points, days_to_renewal, latest_nps from health_scores
            where portal_id = ${portalId} order by length(company_id), company_id`),
        );
        expect(stored.map(({ company_id: _, ...signals }) => signals)).toEqual(
          explanations.map((value) => {
            const signals = explanationSignals(value);
            return {
              component_scores: signals.componentScores,
              component_points: signals.componentPoints,
              days_to_renewal: signals.daysToRenewal,
              latest_nps: signals.latestNps,
            };
          }),
        );
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
