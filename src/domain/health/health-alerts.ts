import { z } from 'zod';
import { addDays, calendarDateSchema, daysBetween, type CalendarDate } from '../time/calendar-date';
import { healthBandSchema } from './health-band';
import type { HealthSettings } from './health-settings';

export const healthHistoryEntrySchema = z.object({
  date: calendarDateSchema,
  score: z.number().int().min(0).max(100),
  band: healthBandSchema,
});

export const alertInputSchema = z.object({
  asOf: calendarDateSchema,
  today: healthHistoryEntrySchema.omit({ date: true }).nullable(),
  // Earlier daily scores; entries on or after `asOf` are ignored.
  history: z.array(healthHistoryEntrySchema),
  handoffDate: calendarDateSchema.nullable(),
  overdueMilestones: z.array(z.object({ key: z.string(), label: z.string(), dueDate: calendarDateSchema })),
  daysToRenewal: z.number().int().nullable(),
  seatUtilizationPercent: z.number().nonnegative().nullable(),
});

export const healthAlertSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('entered_red'),
    key: z.string(),
    score: z.number(),
    previousBand: healthBandSchema.nullable(),
  }),
  z.object({
    kind: z.literal('score_drop'),
    key: z.string(),
    score: z.number(),
    scoreBefore: z.number(),
    comparedWith: calendarDateSchema,
    drop: z.number(),
  }),
  z.object({
    kind: z.literal('milestone_overdue'),
    key: z.string(),
    milestone: z.string(),
    label: z.string(),
    dueDate: calendarDateSchema,
    daysOverdue: z.number(),
  }),
  z.object({ kind: z.literal('renewal_at_risk'), key: z.string(), daysToRenewal: z.number(), band: healthBandSchema }),
  z.object({
    kind: z.literal('low_seat_utilization'),
    key: z.string(),
    seatUtilizationPercent: z.number(),
    daysSinceHandoff: z.number(),
  }),
]);

export type HealthHistoryEntry = z.infer<typeof healthHistoryEntrySchema>;
export type AlertInput = z.infer<typeof alertInputSchema>;
export type HealthAlert = z.infer<typeof healthAlertSchema>;

function latestOnOrBefore(history: readonly HealthHistoryEntry[], date: CalendarDate): HealthHistoryEntry | null {
  return history.reduce<HealthHistoryEntry | null>(
    (best, entry) => (entry.date <= date && (best === null || entry.date > best.date) ? entry : best),
    null,
  );
}

/** The score `days` before `asOf`, or the nearest earlier one within the tolerance. */
export function scoreDaysAgo(
  history: readonly HealthHistoryEntry[],
  asOf: CalendarDate,
  days: number,
  toleranceDays: number,
): HealthHistoryEntry | null {
  const target = addDays(asOf, -days);
  const entry = latestOnOrBefore(history, target);
  return entry !== null && daysBetween(entry.date, target) <= toleranceDays ? entry : null;
}

/**
 * The conditions that hold on `asOf`. Each alert has a stable key so the caller can raise it
 * once and not again while the condition persists.
 */
export function evaluateHealthAlerts(input: AlertInput, settings: HealthSettings): HealthAlert[] {
  const rules = settings.alerts;
  const alerts: HealthAlert[] = [];
  const earlier = input.history.filter((entry) => entry.date < input.asOf);
  const { today } = input;
  if (today !== null && today.band === 'red') {
    const previous = latestOnOrBefore(earlier, addDays(input.asOf, -1));
    if (previous?.band !== 'red') {
      alerts.push({
        kind: 'entered_red',
        key: `entered_red:${input.asOf}`,
        score: today.score,
        previousBand: previous?.band ?? null,
      });
    }
  }
  const before = scoreDaysAgo(earlier, input.asOf, rules.dropWindowDays, rules.historyToleranceDays);
  if (today !== null && before !== null && before.score - today.score > rules.dropPoints) {
    alerts.push({
      kind: 'score_drop',
      key: `score_drop:${input.asOf}`,
      score: today.score,
      scoreBefore: before.score,
      comparedWith: before.date,
      drop: before.score - today.score,
    });
  }
  for (const milestone of input.overdueMilestones) {
    alerts.push({
      kind: 'milestone_overdue',
      key: `milestone_overdue:${milestone.key}`,
      milestone: milestone.key,
      label: milestone.label,
      dueDate: milestone.dueDate,
      daysOverdue: daysBetween(milestone.dueDate, input.asOf),
    });
  }
  const renewal = input.daysToRenewal;
  if (
    today !== null &&
    renewal !== null &&
    renewal >= 0 &&
    renewal <= rules.renewalWindowDays &&
    rules.renewalBands.includes(today.band)
  ) {
    alerts.push({
      kind: 'renewal_at_risk',
      key: `renewal_at_risk:${addDays(input.asOf, renewal)}`,
      daysToRenewal: renewal,
      band: today.band,
    });
  }
  const sinceHandoff = input.handoffDate === null ? null : daysBetween(input.handoffDate, input.asOf);
  const utilization = input.seatUtilizationPercent;
  if (
    sinceHandoff !== null &&
    sinceHandoff >= rules.lowSeatUtilizationAfterDays &&
    utilization !== null &&
    utilization < rules.lowSeatUtilizationPercent
  ) {
    alerts.push({
      kind: 'low_seat_utilization',
      key: 'low_seat_utilization',
      seatUtilizationPercent: utilization,
      daysSinceHandoff: sinceHandoff,
    });
  }
  return alerts;
}
