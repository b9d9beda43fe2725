import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DatabaseHandle } from '../../src/db/client';
import { findPlaybookCandidates } from '../../src/db/repositories/playbook-candidates-repository';
import { evaluateTrigger, matchesAudience } from '../../src/domain/playbooks/evaluate-trigger';
import {
  playbookDefinitionSchema,
  type FilterCondition,
  type PlaybookDefinitionInput,
} from '../../src/domain/playbooks/playbook-schema';
import { addDays } from '../../src/domain/time/calendar-date';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { loadCompanySignals, signalsOf } from '../../src/services/playbooks/playbook-signals';
import type { OpeningPlaybook } from '../../src/services/playbooks/run-to-open';
import { loadPlaybookSignalRows } from '../../src/db/repositories/playbook-signals-repository';
import { queryRows } from '../../src/db/repositories/query-rows';
import { signalLookbackOf } from '../../src/domain/playbooks/signal-lookback';
import { databaseTargets } from '../support/databases';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';

// Differential test: the triggers and audiences decided in SQL for the whole portfolio agree, company by company,
// with the domain's evaluateTrigger and matchesAudience on the loaded signals.
const asOf = '2026-10-31';
const step = { kind: 'task', subject: 'Look at {{company}}', body: '{{evidence}}' } as const;
type Operator = FilterCondition['operator'];
const kpi = (name: string, operator: Operator, value?: number | string): FilterCondition => ({
  source: 'kpi',
  name,
  operator,
  value,
});
const property = (name: string, operator: Operator, value?: number | string): FilterCondition => ({
  source: 'property',
  name,
  operator,
  value,
});
const definitions: PlaybookDefinitionInput[] = [
  { name: 'red', trigger: { kind: 'entered_red' }, steps: [step] },
  { name: 'drop', trigger: { kind: 'score_drop', points: 1, withinDays: 7 }, steps: [step] },
  { name: 'drop a day', trigger: { kind: 'score_drop', points: 1, withinDays: 1 }, steps: [step] },
  { name: 'usage low', trigger: { kind: 'component_below', component: 'usage', below: 50 }, steps: [step] },
  { name: 'sentiment low', trigger: { kind: 'component_below', component: 'sentiment', below: 60 }, steps: [step] },
  { name: 'milestone', trigger: { kind: 'milestone_overdue', minDaysOverdue: 3 }, steps: [step] },
  { name: 'renewal', trigger: { kind: 'renewal_due', withinDays: 200, bands: ['yellow', 'red'] }, steps: [step] },
  { name: 'renewal green', trigger: { kind: 'renewal_due', withinDays: 365, bands: ['green'] }, steps: [step] },
  { name: 'detractor', trigger: { kind: 'detractor_nps', maxScore: 8 }, steps: [step] },
  { name: 'seats today', trigger: { kind: 'seat_utilization_high', atLeastPercent: 20, forDays: 1 }, steps: [step] },
  { name: 'seats two days', trigger: { kind: 'seat_utilization_high', atLeastPercent: 10, forDays: 2 }, steps: [step] },
  { name: 'quiet', trigger: { kind: 'no_usage', days: 3 }, steps: [step] },
  {
    name: 'high touch enterprise',
    trigger: { kind: 'entered_red' },
    audience: { touchModels: ['high_touch'], tiers: ['enterprise', 'mid_market'] },
    steps: [step],
  },
  {
    name: 'custom kpis',
    trigger: {
      kind: 'custom',
      conditions: [
        kpi('score', 'lt', 70),
        kpi('seatUtilizationPercent', 'gte', 10),
        kpi('daysToRenewal', 'is_not_empty'),
      ],
    },
    steps: [step],
  },
  {
    name: 'custom usage',
    trigger: { kind: 'custom', conditions: [kpi('daysSinceLastUsage', 'lte', 2), kpi('latestNps', 'is_empty')] },
    steps: [step],
  },
  {
    name: 'custom properties',
    trigger: {
      kind: 'custom',
      conditions: [property('numberofemployees', 'gt', '50'), property('country', 'neq', 'Germany')],
    },
    steps: [step],
  },
  {
    name: 'custom text',
    trigger: { kind: 'custom', conditions: [property('name', 'contains', 'A'), property('missing', 'is_empty')] },
    steps: [step],
  },
  {
    name: 'custom equal',
    trigger: { kind: 'custom', conditions: [kpi('seats', 'eq', 10), property('industry', 'is_not_empty')] },
    steps: [step],
  },
  {
    name: 'custom low adoption',
    trigger: { kind: 'custom', conditions: [kpi('activeUsers', 'lte', 5), kpi('seatUtilizationPercent', 'lt', 50)] },
    steps: [step],
  },
];

describe.each(databaseTargets)('playbook candidates on $name', (target) => {
  let handle: DatabaseHandle;
  let portalId: number;

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf, companies: 40, seed: 8, years: 1 });
    portalId = fixture.portal.id;
    await seedFixtureDirect(handle.db, fixture, addDays(asOf, -120), [
      addDays(asOf, -10),
      addDays(asOf, -9),
      addDays(asOf, -1),
      asOf,
    ]);
  }, 240_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  /** The candidates SQL finds, checked equal to the companies the domain opens on the loaded signals. */
  async function openedAsTheDomainDecides(playbooks: readonly OpeningPlaybook[], usageMeasured: boolean) {
    const candidates = await findPlaybookCandidates(handle.db, portalId, asOf, playbooks, ['COMPLETED'], {
      usageMeasured,
    });
    expect(candidates.asOf).toBe(asOf);
    expect(candidates.closing).toEqual([]);
    const lookback = signalLookbackOf(playbooks.map((playbook) => playbook.trigger));
    const signals = await loadCompanySignals(handle.db, portalId, asOf, lookback, usageMeasured);
    expect(signals.length).toBeGreaterThan(20);
    for (const playbook of playbooks) {
      const expected = signals
        .filter((company) => matchesAudience(company, playbook.audience) && evaluateTrigger(playbook.trigger, company))
        .map((company) => company.companyId)
        .sort();
      const found = candidates.opening
        .filter((pair) => pair.playbookId === playbook.id)
        .map((pair) => pair.companyId)
        .sort();
      expect({ playbook: playbook.name, companies: found }).toEqual({ playbook: playbook.name, companies: expected });
    }
    return candidates;
  }

  it('open exactly the companies the domain would open, for every kind of trigger and audience', async () => {
    const playbooks = definitions.map((definition, index) => ({
      ...playbookDefinitionSchema.parse(definition),
      id: `p${index}`,
    }));
    const candidates = await openedAsTheDomainDecides(playbooks, true);
    // Split into ranges of companies, one statement each, the same candidates.
    const byPair = (pair: { playbookId: string; companyId: string }) => `${pair.playbookId}:${pair.companyId}`;
    const split = await findPlaybookCandidates(handle.db, portalId, asOf, playbooks, ['COMPLETED'], {
      usageMeasured: true,
      parallelStatements: 3,
    });
    expect(split.asOf).toBe(asOf);
    expect(split.opening.map(byPair).sort()).toEqual(candidates.opening.map(byPair).sort());
    // The fixture exercises both answers of most triggers.
    const firing = new Set(candidates.opening.map((pair) => pair.playbookId));
    expect(firing.size).toBeGreaterThan(playbooks.length / 2);
    // Both paths of a score drop's look-back (its week's last day stored, p2; only an earlier day of it, p1) and seat
    // days counted on a stored day (p11).
    expect([...firing].filter((id) => ['p1', 'p2', 'p11'].includes(id)).sort()).toEqual(['p1', 'p11', 'p2']);
  });

  it('hold a filter on active users or seat utilization for no company while the portal sends no usage', async () => {
    const playbooks = definitions.map((definition, index) => ({
      ...playbookDefinitionSchema.parse(definition),
      id: `p${index}`,
    }));
    const lowAdoption = `p${definitions.findIndex((definition) => definition.name === 'custom low adoption')}`;
    const opened = (candidates: { opening: ReadonlyArray<{ playbookId: string }> }, playbookId: string) =>
      candidates.opening.filter((pair) => pair.playbookId === playbookId).length;
    expect(opened(await openedAsTheDomainDecides(playbooks, true), lowAdoption)).toBeGreaterThan(0);
    const unknown = await openedAsTheDomainDecides(playbooks, false);
    expect(opened(unknown, lowAdoption)).toBe(0);
  });

  it('decide every trigger on the days the lookback reads as on every stored day', async () => {
    const playbooks = definitions.map((definition) => playbookDefinitionSchema.parse(definition));
    const lookback = signalLookbackOf(playbooks.map((playbook) => playbook.trigger));
    const rows = await loadPlaybookSignalRows(handle.db, portalId, asOf, lookback);
    const stored = await queryRows(
      handle.db,
      sql`select company_id, score_date::text as date, score, active_users, seats from health_scores
        where portal_id = ${portalId} and score_date < ${asOf}::date order by score_date desc`,
      z.object({
        company_id: z.string(),
        date: z.string(),
        score: z.number(),
        active_users: z.number(),
        seats: z.number().nullable(),
      }),
    );
    expect(rows.length).toBeGreaterThan(20);
    let daysRead = 0;
    for (const row of rows) {
      const history = stored
        .filter((day) => day.company_id === row.company_id)
        .map((day) => ({ date: day.date, score: day.score, activeUsers: day.active_users, seats: day.seats }));
      daysRead += row.history.length;
      const looked = signalsOf(row, true);
      const everyDay = signalsOf({ ...row, history }, true);
      for (const playbook of playbooks)
        expect({
          playbook: playbook.name,
          company: row.company_id,
          evidence: evaluateTrigger(playbook.trigger, looked),
        }).toEqual({
          playbook: playbook.name,
          company: row.company_id,
          evidence: evaluateTrigger(playbook.trigger, everyDay),
        });
    }
    // Of the three stored days before today, the 7-day drop's week holds two (only the newer is read).
    expect(daysRead).toBeLessThan(stored.length);
  });
});
