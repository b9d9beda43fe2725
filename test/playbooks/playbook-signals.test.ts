import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/client';
import { queryRows } from '../../src/db/repositories/query-rows';
import { healthAlertSchema } from '../../src/domain/health/health-alerts';
import { healthExplanationSchema } from '../../src/domain/health/health-score';
import { addDays } from '../../src/domain/time/calendar-date';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { loadCompanySignals } from '../../src/services/playbooks/playbook-signals';
import { databaseTargets } from '../support/databases';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';

// Differential test: the signals read only the parts of the stored explanation and alerts that triggers use,
// picked out in SQL; the reference parses the whole stored documents with the domain's schemas.
const asOf = '2026-10-31';
const storedSchema = z.object({ company_id: z.string(), explanation: z.unknown(), alerts: z.unknown() });

function referenceOf(stored: z.infer<typeof storedSchema>) {
  const explanation = healthExplanationSchema.parse(stored.explanation);
  const component = (name: string) => explanation.components.find((entry) => entry.component === name);
  return {
    components: Object.fromEntries(explanation.components.map((entry) => [entry.component, entry.score])),
    daysToRenewal: component('commercial')?.raw.daysToRenewal ?? null,
    latestNps: component('sentiment')?.raw.latestNps ?? null,
    overdueMilestones: healthAlertSchema
      .array()
      .parse(stored.alerts)
      .flatMap((alert) =>
        alert.kind === 'milestone_overdue'
          ? [{ key: alert.milestone, label: alert.label, daysOverdue: alert.daysOverdue }]
          : [],
      ),
  };
}

describe.each(databaseTargets)('playbook signals on $name', (target) => {
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

  it('equal the whole stored explanation and alerts parsed by the domain schemas', async () => {
    const signals = await loadCompanySignals(
      handle.db,
      portalId,
      asOf,
      { scoreDropDays: [1], seatDays: { days: 2, atLeastPercent: 1 } },
      true,
    );
    const stored = await queryRows(
      handle.db,
      sql`select company_id, explanation, alerts from health_scores where portal_id = ${portalId} and score_date = ${asOf}::date`,
      storedSchema,
    );
    expect(signals.length).toBeGreaterThan(0);
    const byCompany = new Map(stored.map((row) => [row.company_id, referenceOf(row)]));
    for (const company of signals) {
      const { components, daysToRenewal, latestNps, overdueMilestones } = company;
      expect({ components, daysToRenewal, latestNps, overdueMilestones }).toEqual(byCompany.get(company.companyId));
      expect(company.seatUtilizationDays).toHaveLength(30);
      expect(company.seatUtilizationDays[1]).not.toBeUndefined();
    }
    expect(signals.some((company) => company.overdueMilestones.length > 0)).toBe(true);
    expect(signals.some((company) => company.latestNps !== null)).toBe(true);
  });
});
