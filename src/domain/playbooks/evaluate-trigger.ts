import { z } from 'zod';
import { healthBandPredicates, healthComponentLabels } from '../health/health-words';
import type { CompanySignals } from './company-signals';
import { conditionInWords } from './trigger-words';
import {
  playbookKpiSchema,
  type FilterCondition,
  type PlaybookAudience,
  type PlaybookKpi,
  type PlaybookTrigger,
} from './playbook-schema';

export const evidenceSchema = z.object({
  /** One sentence a CSM reads: why the playbook fired. */
  summary: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export function matchesAudience(signals: CompanySignals, audience: PlaybookAudience): boolean {
  const within = (list: readonly string[] | undefined, value: string | null) =>
    list === undefined || list.length === 0 || (value !== null && list.includes(value));
  return (
    within(audience.industries, signals.industry) &&
    within(audience.tiers, signals.tier) &&
    within(audience.touchModels, signals.touchModel) &&
    within(audience.ownerIds, signals.ownerId)
  );
}

export function kpiValue(signals: CompanySignals, kpi: PlaybookKpi): number | null {
  switch (kpi) {
    case 'score':
      return signals.score;
    case 'seatUtilizationPercent':
      return signals.seatUtilizationDays[0] ?? null;
    case 'activeUsers':
      return signals.activeUsers;
    case 'seats':
      return signals.seats;
    case 'daysToRenewal':
      return signals.daysToRenewal;
    case 'latestNps':
      return signals.latestNps;
    case 'daysSinceLastUsage':
      return signals.daysSinceLastUsage;
  }
}

function conditionValue(signals: CompanySignals, condition: FilterCondition): string | number | null {
  if (condition.source === 'property') return signals.properties[condition.name] ?? null;
  const kpi = playbookKpiSchema.safeParse(condition.name);
  return kpi.success ? kpiValue(signals, kpi.data) : null;
}

function conditionHolds(signals: CompanySignals, condition: FilterCondition): boolean {
  const raw = conditionValue(signals, condition);
  const present = raw !== null && raw !== '';
  if (condition.operator === 'is_empty') return !present;
  if (condition.operator === 'is_not_empty') return present;
  if (!present || condition.value === undefined) return false;
  if (condition.operator === 'contains')
    return String(raw).toLowerCase().includes(String(condition.value).toLowerCase());
  const asNumbers =
    typeof condition.value === 'number' || (condition.operator !== 'eq' && condition.operator !== 'neq');
  const left = asNumbers ? Number(raw) : String(raw);
  const right = asNumbers ? Number(condition.value) : String(condition.value);
  if (asNumbers && (Number.isNaN(left) || Number.isNaN(right))) return false;
  switch (condition.operator) {
    case 'eq':
      return left === right;
    case 'neq':
      return left !== right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
  }
}

function scoreAround(signals: CompanySignals, daysAgo: number): number | null {
  // The latest score on or before that day, within a week of it: a missed daily run does not hide a drop.
  const entry = signals.history.find((day) => {
    const age = (Date.parse(signals.asOf) - Date.parse(day.date)) / 86_400_000;
    return age >= daysAgo && age <= daysAgo + 7;
  });
  return entry?.score ?? null;
}

/** The evidence when the trigger holds for the company today, or null. A run stays open while its trigger holds. */
export function evaluateTrigger(trigger: PlaybookTrigger, signals: CompanySignals): Evidence | null {
  const base = { score: signals.score, band: signals.band };
  switch (trigger.kind) {
    case 'entered_red':
      return signals.band === 'red' ? { summary: `Health is at risk (${signals.score} of 100).`, values: base } : null;
    case 'score_drop': {
      const before = scoreAround(signals, trigger.withinDays);
      if (before === null || before - signals.score <= trigger.points) return null;
      return {
        summary: `Health dropped ${before - signals.score} points in ${trigger.withinDays} days (${before} to ${signals.score}).`,
        values: { ...base, scoreBefore: before, drop: before - signals.score },
      };
    }
    case 'component_below': {
      const score = signals.components[trigger.component];
      if (score === undefined || score >= trigger.below) return null;
      return {
        summary: `The ${healthComponentLabels[trigger.component]} score is ${Math.round(score)}, below ${trigger.below}.`,
        values: { ...base, component: trigger.component, componentScore: Math.round(score) },
      };
    }
    case 'milestone_overdue': {
      const overdue = signals.overdueMilestones.filter((milestone) => milestone.daysOverdue >= trigger.minDaysOverdue);
      const first = overdue[0];
      if (first === undefined) return null;
      return {
        summary: `Onboarding milestone "${first.label}" is ${first.daysOverdue} days overdue${overdue.length > 1 ? ` (and ${overdue.length - 1} more)` : ''}.`,
        values: { ...base, milestone: first.label, daysOverdue: first.daysOverdue, overdueMilestones: overdue.length },
      };
    }
    case 'renewal_due': {
      const due = signals.daysToRenewal;
      if (due === null || due < 0 || due > trigger.withinDays || !trigger.bands.includes(signals.band)) return null;
      return {
        summary: `Renewal in ${due} days while health ${healthBandPredicates[signals.band]} (${signals.score} of 100).`,
        values: { ...base, daysToRenewal: due },
      };
    }
    case 'detractor_nps':
      if (signals.latestNps === null || signals.latestNps > trigger.maxScore) return null;
      return {
        summary: `The latest NPS answer is ${signals.latestNps} (a detractor).`,
        values: { ...base, latestNps: signals.latestNps },
      };
    case 'seat_utilization_high': {
      const window = signals.seatUtilizationDays.slice(0, trigger.forDays);
      if (window.length < trigger.forDays || window.some((day) => day === null || day < trigger.atLeastPercent))
        return null;
      return {
        summary: `Seat utilization at or over ${trigger.atLeastPercent}% for ${trigger.forDays} days (${Math.round(window[0] ?? 0)}% today).`,
        values: { ...base, seatUtilizationPercent: window[0] ?? null, seats: signals.seats },
      };
    }
    case 'no_usage': {
      const idle = signals.daysSinceLastUsage;
      if (idle === null || idle < trigger.days) return null;
      return { summary: `No product usage for ${idle} days.`, values: { ...base, daysSinceLastUsage: idle } };
    }
    case 'custom': {
      if (!trigger.conditions.every((condition) => conditionHolds(signals, condition))) return null;
      const values: Evidence['values'] = { ...base };
      for (const condition of trigger.conditions)
        values[`${condition.source}:${condition.name}`] = conditionValue(signals, condition);
      return {
        summary: `Matches the filter: ${trigger.conditions.map(conditionInWords).join('; ')}.`,
        values,
      };
    }
  }
}
