import { describe, expect, it } from 'vitest';
import { playbookTriggerSchema } from '../../../src/domain/playbooks/playbook-schema';
import { triggerInWords } from '../../../src/domain/playbooks/trigger-words';
import { expectNoCodeNames } from '../../e2e/code-names';

describe('a playbook trigger in words', () => {
  it.each([
    [{ kind: 'entered_red' }, 'health becomes at risk'],
    [{ kind: 'score_drop', points: 15 }, 'health drops more than 15 points in 30 days'],
    [
      { kind: 'component_below', component: 'engagement', below: 40 },
      'the Engagement (session time) score falls below 40',
    ],
    [{ kind: 'milestone_overdue' }, 'an onboarding milestone is overdue'],
    [{ kind: 'milestone_overdue', minDaysOverdue: 3 }, 'an onboarding milestone is 3 days overdue or more'],
    [
      { kind: 'renewal_due', withinDays: 90 },
      'a renewal is due within 90 days while health needs attention or is at risk',
    ],
    [
      { kind: 'renewal_due', withinDays: 30, bands: ['red'] },
      'a renewal is due within 30 days while health is at risk',
    ],
    [
      { kind: 'renewal_due', withinDays: 30, bands: ['green', 'yellow', 'red'] },
      'a renewal is due within 30 days while health is healthy, needs attention or is at risk',
    ],
    [{ kind: 'detractor_nps' }, 'the latest NPS answer is 6 or lower'],
    [{ kind: 'seat_utilization_high' }, 'seat utilization is at or over 90% for 14 days'],
    [{ kind: 'no_usage', days: 14 }, 'there is no product usage for 14 days'],
    [
      {
        kind: 'custom',
        conditions: [
          { source: 'kpi', name: 'latestNps', operator: 'lte', value: 6 },
          { source: 'property', name: 'plan', operator: 'is_not_empty' },
        ],
      },
      'Latest NPS answer is at most 6, and the company property "plan" is not empty',
    ],
  ])('%j', (input, words) => {
    const text = triggerInWords(playbookTriggerSchema.parse(input));
    expect(text).toBe(words);
    expectNoCodeNames(text);
  });
});
