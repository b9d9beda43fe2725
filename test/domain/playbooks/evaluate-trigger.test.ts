import { describe, expect, it } from 'vitest';
import type { CompanySignals } from '../../../src/domain/playbooks/company-signals';
import { evaluateTrigger, matchesAudience } from '../../../src/domain/playbooks/evaluate-trigger';
import { isHeldOut } from '../../../src/domain/playbooks/holdout';
import { playbookTriggerSchema, type PlaybookTrigger } from '../../../src/domain/playbooks/playbook-schema';
import { bodyWithMarker, renderTemplate } from '../../../src/domain/playbooks/step-template';
import { expectNoCodeNames } from '../../e2e/code-names';

const base: CompanySignals = {
  companyId: '1',
  name: 'Acme',
  ownerId: '7',
  tier: 'enterprise',
  industry: 'SOFTWARE',
  touchModel: 'high_touch',
  properties: { plan: 'pro' },
  asOf: '2026-06-30',
  score: 55,
  band: 'yellow',
  components: { usage: 30, sentiment: 80 },
  history: [{ date: '2026-05-31', score: 75 }],
  overdueMilestones: [],
  daysToRenewal: 45,
  latestNps: 9,
  activeUsers: 19,
  seats: 20,
  seatUtilizationDays: Array.from({ length: 14 }, () => 95),
  daysSinceLastUsage: 2,
};

const trigger = (input: unknown): PlaybookTrigger => playbookTriggerSchema.parse(input);

describe('playbook triggers', () => {
  it.each([
    ['entered red', { kind: 'entered_red' }, { band: 'red', score: 30 }, true],
    ['entered red: yellow', { kind: 'entered_red' }, {}, false],
    ['dropped more than 15 in 30 days', { kind: 'score_drop', points: 15 }, {}, true],
    ['dropped, not more than 20', { kind: 'score_drop', points: 20 }, {}, false],
    ['component below', { kind: 'component_below', component: 'usage', below: 40 }, {}, true],
    ['component left out', { kind: 'component_below', component: 'breadth', below: 40 }, {}, false],
    [
      'milestone overdue',
      { kind: 'milestone_overdue', minDaysOverdue: 3 },
      { overdueMilestones: [{ key: 'kickoff', label: 'Kick-off', daysOverdue: 4 }] },
      true,
    ],
    ['renewal with a yellow band', { kind: 'renewal_due', withinDays: 60 }, {}, true],
    ['renewal with a green band', { kind: 'renewal_due', withinDays: 60 }, { band: 'green' }, false],
    ['detractor', { kind: 'detractor_nps' }, { latestNps: 4 }, true],
    ['promoter', { kind: 'detractor_nps' }, {}, false],
    ['seats at 90% for 14 days', { kind: 'seat_utilization_high' }, {}, true],
    [
      'a day without a seat count',
      { kind: 'seat_utilization_high' },
      { seatUtilizationDays: [95, null, ...Array.from({ length: 12 }, () => 95)] },
      false,
    ],
    ['no usage for 14 days', { kind: 'no_usage', days: 14 }, { daysSinceLastUsage: 20 }, true],
    [
      'custom filter',
      {
        kind: 'custom',
        conditions: [
          { source: 'property', name: 'plan', operator: 'eq', value: 'pro' },
          { source: 'kpi', name: 'daysToRenewal', operator: 'lt', value: 60 },
        ],
      },
      {},
      true,
    ],
    [
      'custom filter not met',
      { kind: 'custom', conditions: [{ source: 'property', name: 'plan', operator: 'eq', value: 'basic' }] },
      {},
      false,
    ],
  ] as const)('%s', (_name, input, change, fires) => {
    const evidence = evaluateTrigger(trigger(input), { ...base, ...change } as CompanySignals);
    expect(evidence !== null).toBe(fires);
    if (evidence) expect(evidence.summary.length).toBeGreaterThan(10);
  });

  // The summary is the evidence a CSM reads in the HubSpot task and note, and on the card.
  it.each([
    [{ kind: 'entered_red' }, { band: 'red', score: 30 }, 'Health is at risk (30 of 100).'],
    [{ kind: 'renewal_due', withinDays: 60 }, {}, 'Renewal in 45 days while health needs attention (55 of 100).'],
    [
      { kind: 'renewal_due', withinDays: 60, bands: ['red'] },
      { band: 'red', score: 38 },
      'Renewal in 45 days while health is at risk (38 of 100).',
    ],
    [{ kind: 'component_below', component: 'usage', below: 40 }, {}, 'The Usage score is 30, below 40.'],
    [
      {
        kind: 'custom',
        conditions: [
          { source: 'property', name: 'plan', operator: 'eq', value: 'pro' },
          { source: 'kpi', name: 'daysToRenewal', operator: 'lt', value: 60 },
          { source: 'kpi', name: 'seatUtilizationPercent', operator: 'gte', value: 80 },
        ],
      },
      {},
      'Matches the filter: The company property "plan" is "pro"; Days to renewal is under 60; Seat utilization (%) is at least 80.',
    ],
  ] as const)('says %j in words a CSM reads', (input, change, summary) => {
    const evidence = evaluateTrigger(trigger(input), { ...base, ...change });
    expect(evidence?.summary).toBe(summary);
    expectNoCodeNames(summary);
  });

  it('filters the audience by segment, tier, touch model and owner', () => {
    expect(
      matchesAudience(base, {
        tiers: ['enterprise'],
        touchModels: ['high_touch'],
        ownerIds: ['7'],
        industries: ['SOFTWARE'],
      }),
    ).toBe(true);
    expect(matchesAudience(base, { tiers: ['smb'] })).toBe(false);
    expect(matchesAudience({ ...base, ownerId: null }, { ownerIds: ['7'] })).toBe(false);
  });

  it('holds out about the share asked, the same way every time', () => {
    const held = Array.from({ length: 10_000 }, (_, index) =>
      isHeldOut('seed', 'p', String(index), '2026-06-30', 10),
    ).filter(Boolean).length;
    expect(held).toBeGreaterThan(900);
    expect(held).toBeLessThan(1100);
    expect(isHeldOut('seed', 'p', '42', '2026-06-30', 10)).toBe(isHeldOut('seed', 'p', '42', '2026-06-30', 10));
  });

  it('fills a task body with the evidence', () => {
    const evidence = { summary: 'Health is at risk (30 of 100).', values: { score: 30 } };
    expect(
      renderTemplate('{{company}}: {{evidence}} Score {{value.score}}, {{value.nope}}', {
        companyName: 'Acme',
        playbookName: 'Rescue',
        evidence,
      }),
    ).toBe('Acme: Health is at risk (30 of 100). Score 30, {{value.nope}}');
  });

  it('says "none" for a value the evidence lacks in text, and leaves it empty for a property step', () => {
    const context = { companyName: 'Acme', playbookName: 'Rescue', evidence: { summary: '', values: { nps: null } } };
    expect(renderTemplate('NPS {{value.nps}}', context)).toBe('NPS none');
    expect(renderTemplate('{{value.nps}}', context, '')).toBe('');
  });

  it('cuts a long filled body so the marker that finds its record again still fits HubSpot’s limit', () => {
    const marker = '[playbook run r step 0]';
    expect(bodyWithMarker('Call Acme', marker)).toBe(`Call Acme\n\n${marker}`);
    const long = bodyWithMarker('x'.repeat(100_000), marker);
    expect(long).toHaveLength(60_000);
    expect(long.endsWith(`…\n\n${marker}`)).toBe(true);
  });
});
