import { healthBandPredicates, healthComponentLabels } from '../health/health-words';
import type { z } from 'zod';
import { playbookKpiSchema, type filterConditionSchema, type PlaybookTrigger } from './playbook-schema';

// Playbook triggers and filters in the words a CSM reads, in the CLI and in the evidence of the tasks and notes the
// product writes into HubSpot.

type FilterCondition = z.infer<typeof filterConditionSchema>;

const kpiLabels: Record<z.infer<typeof playbookKpiSchema>, string> = {
  score: 'Health score',
  seatUtilizationPercent: 'Seat utilization (%)',
  activeUsers: 'Active users',
  seats: 'Seats',
  daysToRenewal: 'Days to renewal',
  latestNps: 'Latest NPS answer',
  daysSinceLastUsage: 'Days since last usage',
};

const operatorWords: Record<FilterCondition['operator'], string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is over',
  gte: 'is at least',
  lt: 'is under',
  lte: 'is at most',
  contains: 'contains',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
};

/** 'Seat utilization (%) is at least 80', 'The company property "plan" is "gold"'. */
export function conditionInWords(condition: FilterCondition): string {
  const kpi = playbookKpiSchema.safeParse(condition.name);
  const subject =
    condition.source === 'kpi' && kpi.success ? kpiLabels[kpi.data] : `The company property "${condition.name}"`;
  const value =
    condition.value === undefined
      ? ''
      : typeof condition.value === 'number'
        ? ` ${condition.value}`
        : ` "${condition.value}"`;
  return `${subject} ${operatorWords[condition.operator]}${value}`;
}

const orList = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;

/** When a playbook fires, as a sentence after "when": 'health drops more than 15 points in 30 days'. */
export function triggerInWords(trigger: PlaybookTrigger): string {
  switch (trigger.kind) {
    case 'entered_red':
      return 'health becomes at risk';
    case 'score_drop':
      return `health drops more than ${trigger.points} points in ${trigger.withinDays} days`;
    case 'component_below':
      return `the ${healthComponentLabels[trigger.component]} score falls below ${trigger.below}`;
    case 'milestone_overdue':
      return trigger.minDaysOverdue === 0
        ? 'an onboarding milestone is overdue'
        : `an onboarding milestone is ${trigger.minDaysOverdue} days overdue or more`;
    case 'renewal_due':
      return `a renewal is due within ${trigger.withinDays} days while health ${orList(trigger.bands.map((band) => healthBandPredicates[band]))}`;
    case 'detractor_nps':
      return `the latest NPS answer is ${trigger.maxScore} or lower`;
    case 'seat_utilization_high':
      return `seat utilization is at or over ${trigger.atLeastPercent}% for ${trigger.forDays} days`;
    case 'no_usage':
      return `there is no product usage for ${trigger.days} days`;
    case 'custom':
      return trigger.conditions.map((condition) => conditionInWords(condition).replace(/^The/, 'the')).join(', and ');
  }
}
