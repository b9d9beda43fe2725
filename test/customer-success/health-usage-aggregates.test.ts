import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { loadHealthInputRows, type InputWindow } from '../../src/db/repositories/customer-success-inputs-repository';
import { defaultIngestionSettings } from '../../src/domain/usage/ingestion-settings';
import type { NormalizedUsageEvent } from '../../src/domain/usage/usage-event';
import { computeHealthScore } from '../../src/domain/health/health-score';
import { resolveHealthProfile } from '../../src/domain/health/health-profile';
import { summarizeMilestones } from '../../src/domain/lifecycle/onboarding';
import { lifecycleStageSchema } from '../../src/domain/lifecycle/stage';
import { healthInputOf, onboardingRecordOf } from '../../src/services/customer-success/company-scoring';
import { customerSuccessSettingsFor } from '../../src/services/customer-success/customer-success-settings';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { ingestEvents, ingestionTarget } from '../../src/services/ingestion/ingest-events';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

// Differential test: the recompute reads usage from the aggregates ingestion keeps; the reference reads the raw
// events, one company at a time. Every input, component and score must agree, on a month's last day, in the middle
// of a month, and on a day whose 30-day windows span three months (all of a February and a day either side).
const asOfDays = [
  { portalId: 91, asOf: '2026-10-31' },
  { portalId: 92, asOf: '2026-12-16' },
  { portalId: 93, asOf: '2027-03-01' },
];
const timeZone = 'America/New_York';
const companies = 36;
const features = [
  'dashboard.view',
  'report.create',
  'export.csv',
  'integration.sync',
  'report.schedule',
  'analytics.query',
  'automation.run',
];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function generatedEvents(asOf: string): NormalizedUsageEvent[] {
  const next = random(7);
  const events: NormalizedUsageEvent[] = [];
  const end = Date.parse(`${asOf}T12:00:00Z`);
  for (let company = 1; company <= companies; company += 1) {
    // Some companies fade (no recent usage), some grow, a few never used the product.
    if (company % 9 === 0) continue;
    const users = 1 + (company % 7);
    const recentShare = company % 4 === 0 ? 0.1 : 0.5;
    for (let index = 0; index < 40 + company * 3; index += 1) {
      // Whole seconds, days 1-117 before the day: no session crosses the 120-day window's edges.
      const daysBack = next() < recentShare ? 1 + Math.floor(next() * 28) : 30 + Math.floor(next() * 88);
      const burst = Math.floor(next() * 4);
      const at = end - daysBack * 86_400_000 + Math.floor(next() * 6) * 3_600_000 + burst * 240_000;
      const explicit = next() < 0.4;
      events.push({
        messageId: `m${company}-${index}`,
        companyId: `c${company}`,
        accountId: null,
        userId: `u${company}-${Math.floor(next() * users)}`,
        event: features[Math.floor(next() * features.length)] ?? 'dashboard.view',
        occurredAt: Math.floor(at / 1000) * 1000,
        sessionId: explicit ? `s${company}-${daysBack}` : null,
        durationSeconds: next() < 0.7 ? 30 + Math.floor(next() * 300) : null,
        properties: {},
      });
    }
  }
  return events;
}

type CustomerSuccessSettings = Awaited<ReturnType<typeof customerSuccessSettingsFor>>;

const inputWindowOf = (portalId: number, asOf: string, settings: CustomerSuccessSettings): InputWindow => ({
  portalId,
  asOf,
  timeZone,
  sessionGapMinutes: settings.sessions.inactivityMinutes,
  useSessionIds: settings.sessions.useSessionId,
  coreProductId: settings.catalog.coreProductId,
});

const cases = databaseTargets.flatMap((target) => asOfDays.map((day) => ({ ...day, target, name: target.name })));

describe.each(cases)(
  'health inputs from the aggregates vs the raw events on $name, as of $asOf',
  ({ target, portalId, asOf }) => {
    let handle: DatabaseHandle;

    beforeAll(async () => {
      handle = await target.open();
      const { db } = handle;
      await db.execute(
        sql`insert into portals (id, name, time_zone) values (${portalId}, 'differential', ${timeZone})`,
      );
      await db.execute(sql`insert into companies (portal_id, id, name, tier)
      select ${portalId}, 'c' || n, 'Company ' || n, (array['smb','mid_market','enterprise'])[1 + n % 3] from generate_series(1, ${companies}) n`);
      await db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      select ${portalId}, 'd' || n, 'c' || n, 'new', 'core', (5 + n % 13) * 4500, ${asOf}::date - (100 + n * 7), ${asOf}::date + 1 + n * 9, 5 + n % 13
      from generate_series(1, ${companies}) n`);
      await db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      select ${portalId}, 'a' || n, 'c' || n, 'cross_sell', 'analytics', 7500, ${asOf}::date - 60, ${asOf}::date + 300, 5
      from generate_series(1, ${companies}, 5) n`);
      await db.execute(sql`insert into survey_responses (portal_id, id, company_id, kind, score, submitted_at)
      select ${portalId}, 'r' || n, 'c' || n, case when n % 2 = 0 then 'nps' else 'csat' end, n % 6, (${asOf}::date - n)::timestamp at time zone 'UTC'
      from generate_series(1, ${companies}, 2) n`);
      const ingestion = await ingestionTarget(db, portalId, defaultIngestionSettings);
      const events = generatedEvents(asOf);
      // Two batches, the later one holding earlier events too: the aggregates must merge them.
      await ingestEvents(
        ingestion,
        events.filter((_, index) => index % 3 !== 0),
      );
      await ingestEvents(
        ingestion,
        events.filter((_, index) => index % 3 === 0),
      );
    });
    afterAll(async () => ifStarted(handle)?.close());

    it('reads the same inputs for every company as the per-company reading of the raw events', async () => {
      const settings = await customerSuccessSettingsFor(handle.db, portalId);
      const window = inputWindowOf(portalId, asOf, settings);
      const fromAggregates = await loadHealthInputRows(handle.db, {
        ...window,
        usageSource: 'aggregates',
        parallelStatements: 2,
      });
      expect(fromAggregates).toHaveLength(companies);
      expect(
        fromAggregates.filter((row) => row.activeUsers > 0 && row.minutesPerActiveUser !== null).length,
      ).toBeGreaterThan(companies / 2);
      for (const row of fromAggregates) {
        const [reference] = await loadHealthInputRows(handle.db, {
          ...window,
          usageSource: 'events',
          companyIds: [row.companyId],
        });
        expect(row).toEqual(reference);
      }
    });

    it('stores the same score, band, components, stage, adoption start, alerts and suggestions for every company as the recompute over the raw events', async () => {
      const stored = async () => {
        const result = await handle.db
          .execute(sql`select company_id, score, band, stage, adoption_since, explanation, alerts, suggestions from health_scores
        where portal_id = ${portalId} and score_date = ${asOf}::date order by company_id`);
        return (result as { rows: Array<Record<string, unknown>> }).rows;
      };
      await recomputeHealth(handle.db, portalId, asOf, undefined, { usageSource: 'events' });
      const reference = await stored();
      await recomputeHealth(handle.db, portalId, asOf, undefined, { usageSource: 'aggregates' });
      const setBased = await stored();
      expect(reference).toHaveLength(companies);
      expect(new Set(reference.map((row) => row.band)).size).toBeGreaterThan(1);
      expect(setBased).toEqual(reference);
    });

    // The recompute reads its companies in ranges of ids, several statements at once, and scores and stores them in
    // batches; each stored score must still be the one the domain computes from that company's own inputs.
    it('stores for every company the score, band and components the domain computes from its own inputs', async () => {
      const settings = await customerSuccessSettingsFor(handle.db, portalId);
      await recomputeHealth(handle.db, portalId, asOf, settings);
      const result = await handle.db.execute(sql`select company_id, stage, explanation from health_scores
      where portal_id = ${portalId} and score_date = ${asOf}::date order by company_id`);
      const stored = (result as { rows: Array<{ company_id: string; stage: string; explanation: unknown }> }).rows;
      expect(stored).toHaveLength(companies);
      for (const row of stored) {
        const [inputs] = await loadHealthInputRows(handle.db, {
          ...inputWindowOf(portalId, asOf, settings),
          companyIds: [row.company_id],
        });
        if (inputs === undefined) throw new Error(`no inputs for ${row.company_id}`);
        const onboarding = onboardingRecordOf(inputs);
        const summary = onboarding === null ? null : summarizeMilestones(onboarding, asOf);
        const counts = summary === null || summary.done + summary.onTrack + summary.behind === 0 ? null : summary;
        const stage = lifecycleStageSchema.parse(row.stage);
        const profile = resolveHealthProfile(settings.health, { segment: inputs.tier, stage });
        const expected = computeHealthScore(
          healthInputOf(inputs, asOf, true, counts, settings),
          settings.health,
          profile,
        );
        expect(row.explanation).toMatchObject(JSON.parse(JSON.stringify(expected)) as Record<string, unknown>);
      }
    });
  },
);
