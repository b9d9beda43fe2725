import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/client';
import { queryRows } from '../../src/db/repositories/query-rows';
import { healthExplanationSchema } from '../../src/domain/health/health-score';
import { addDays } from '../../src/domain/time/calendar-date';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { databaseTargets } from '../support/databases';
import { runSignalBackfill, signalBackfillStatements } from '../support/signal-backfill';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';

// The columns playbook triggers read instead of the explanation: the health recompute writes them with the row,
// and migration 0026 fills stored rows the same way; both must say what the explanation says.
const asOf = '2026-10-31';
const storedSchema = z.object({
  company_id: z.string(),
  score_date: z.string(),
  explanation: z.unknown(),
  component_scores: z.record(z.string(), z.number()).nullable(),
  component_points: z.record(z.string(), z.number()).nullable(),
  days_to_renewal: z.number().nullable(),
  latest_nps: z.number().nullable(),
});

function expectedOf(explanation: unknown) {
  const parsed = healthExplanationSchema.parse(explanation);
  const component = (name: string) => parsed.components.find((entry) => entry.component === name);
  return {
    component_scores: Object.fromEntries(
      parsed.components.flatMap((entry) => (typeof entry.score === 'number' ? [[entry.component, entry.score]] : [])),
    ),
    component_points: Object.fromEntries(parsed.components.map((entry) => [entry.component, entry.points])),
    days_to_renewal: component('commercial')?.raw.daysToRenewal ?? null,
    latest_nps: component('sentiment')?.raw.latestNps ?? null,
  };
}

describe.each(databaseTargets)('health score signal columns on $name', (target) => {
  let handle: DatabaseHandle;
  let portalId: number;

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf, companies: 30, seed: 5, years: 1 });
    portalId = fixture.portal.id;
    await seedFixtureDirect(handle.db, fixture, addDays(asOf, -120), [addDays(asOf, -1), asOf]);
  }, 180_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  const stored = () =>
    queryRows(
      handle.db,
      sql`select company_id, score_date::text as score_date, explanation, component_scores, component_points, days_to_renewal, latest_nps
        from health_scores where portal_id = ${portalId} order by company_id, score_date`,
      storedSchema,
    );

  it('are written by the health recompute equal to what the explanation says', async () => {
    const rows = await stored();
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows) {
      const { component_scores, component_points, days_to_renewal, latest_nps } = row;
      expect({ component_scores, component_points, days_to_renewal, latest_nps }).toEqual(expectedOf(row.explanation));
    }
    expect(rows.some((row) => row.days_to_renewal !== null)).toBe(true);
    expect(rows.some((row) => row.latest_nps !== null)).toBe(true);
    expect(rows.some((row) => Object.keys(row.component_scores ?? {}).length > 0)).toBe(true);
  });

  it('are filled for stored rows by the migration the same way', async () => {
    const before = await stored();
    await handle.db.execute(
      sql`update health_scores set component_scores = null, component_points = null, days_to_renewal = null, latest_nps = null
        where portal_id = ${portalId}`,
    );
    expect(signalBackfillStatements).toHaveLength(2);
    await runSignalBackfill(handle.db);
    expect(await stored()).toEqual(before);
  });
});
