import { z } from 'zod';
import type { Executor } from '../../db/client';
import { activityKpiAggregates, type SessionSource } from '../../db/repositories/kpi-activity-repository';
import { contractKpiAggregates } from '../../db/repositories/kpi-contracts-repository';
import { kpiCutColumns, type KpiQuery, type KpiQueryPeriod } from '../../db/repositories/kpi-query-parts';
import { monthlyWindowStart } from '../../domain/kpi/active-users';
import { kpiSettingsSchema } from '../../domain/kpi/kpi-settings';
import { defaultIngestionSettings } from '../../domain/usage/ingestion-settings';
import { calendarMonthSchema } from '../../domain/time/calendar-date';
import { portalSettingsForReading } from '../settings/settings-service';
import { periodKindSchema, periodsBetween, periodStartDay } from '../../domain/time/periods';
import { combineAggregates, type GroupKpis } from './kpi-aggregates';

export const kpiCutSchema = z.enum(kpiCutColumns);
export type KpiCut = z.infer<typeof kpiCutSchema>;

export const portfolioKpiRequestSchema = z.object({
  portalId: z.number().int().positive(),
  timeZone: z.string().min(1),
  from: calendarMonthSchema,
  to: calendarMonthSchema,
  period: periodKindSchema.default('month'),
  cut: kpiCutSchema.nullable().default(null),
  /** Default: the portal's stored KPI settings (see src/services/settings). */
  settings: kpiSettingsSchema.omit({ timeZone: true }).prefault({}),
  /** The session rules ingestion stores sessions with; other rules split the raw events instead. */
  storedSessionRules: kpiSettingsSchema.shape.sessions.default(defaultIngestionSettings.sessions),
});

export type PortfolioKpiRequest = z.input<typeof portfolioKpiRequestSchema>;

/** The portal-wide KPIs (domain §3) for the periods covering `from`..`to`, per group of the cut. */
export async function portfolioKpis(db: Executor, requestInput: PortfolioKpiRequest): Promise<GroupKpis[]> {
  const portalOwn = requestInput.settings === undefined ? { settings: (await portalSettingsForReading(db, requestInput.portalId)).kpi } : {};
  const request = portfolioKpiRequestSchema.parse({ ...requestInput, ...portalOwn });
  const { settings } = request;
  const periods = periodsBetween(request.period, request.from, request.to);
  const queryPeriods: KpiQueryPeriod[] = periods.map((period) => ({
    label: period.label,
    startDay: periodStartDay(period, settings.periodStartBoundary),
    firstDay: period.firstDay,
    lastDay: period.lastDay,
    monthlyWindowStart: monthlyWindowStart(period.lastDay, settings.activeUsers.monthlyWindow),
  }));
  const query: KpiQuery = { portalId: request.portalId, timeZone: request.timeZone, periods: queryPeriods, cut: request.cut };
  const contractRows = await contractKpiAggregates(db, query);
  const stored = request.storedSessionRules;
  const sessionsAreStored = settings.sessions.inactivityMinutes === stored.inactivityMinutes && settings.sessions.useSessionId === stored.useSessionId;
  const sessionSource: SessionSource = sessionsAreStored ? { from: 'stored-sessions' } : { from: 'events', ...settings.sessions };
  const activityRows = await activityKpiAggregates(db, query, sessionSource);
  return combineAggregates(
    periods.map((period) => period.label),
    contractRows,
    activityRows,
    settings.churn.countSamePeriodSignups,
  );
}
